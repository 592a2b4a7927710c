package io.keepwatch.plugins;

import io.keepwatch.plugin.api.Notifier;
import io.keepwatch.plugin.api.TransitionEvent;

/**
 * A notifier that can tell, before an event is queued for it, that it has nothing to do for an
 * instance or group: the {@link NotifierDispatcher} then queues nothing for it, so no lane and no
 * thread is made. keepwatch's notify scripts are one (most instances have none); a plugin's notifier
 * hears everything.
 */
public interface SelectiveNotifier extends Notifier {

    /** Whether events of this instance ({@code INSTANCE}) or sync group ({@code GROUP}) may do anything here. */
    boolean hears(TransitionEvent.Scope scope, String name);
}
