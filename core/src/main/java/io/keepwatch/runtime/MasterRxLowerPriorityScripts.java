package io.keepwatch.runtime;

import io.keepwatch.config.model.NotifyScript;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.plugin.api.ScriptOutcome;
import io.keepwatch.script.ConfiguredScripts;
import io.keepwatch.script.PreparedScript;
import io.keepwatch.vrrp.VrrpState;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code notify_master_rx_lower_pri}: as keepalived does, a MASTER that hears an advert of a lower
 * priority starts the instance's script, with its own arguments only, and does not wait for it; then
 * the event goes on to {@code next} (the notify FIFOs). The script runs as the notify scripts do
 * ({@link ConfiguredScripts}: same user rules and security checks); one that was disabled when the
 * configuration was applied does not run.
 */
final class MasterRxLowerPriorityScripts implements TransitionListener {

    private static final Logger LOG = LoggerFactory.getLogger(MasterRxLowerPriorityScripts.class);

    private final TransitionListener next;
    private final Duration timeout;
    private volatile ConfiguredScripts scripts;

    MasterRxLowerPriorityScripts(TransitionListener next) {
        this(next, NotifyScriptNotifier.TIMEOUT);
    }

    /** As above, with the time a script may run before its process group is killed. */
    MasterRxLowerPriorityScripts(TransitionListener next, Duration timeout) {
        this.next = next;
        this.timeout = timeout;
    }

    /** The scripts of the configuration in force from now on (start, reload). */
    void apply(ConfiguredScripts configured) {
        scripts = configured;
    }

    @Override
    public void onTransition(Transition transition) {
        next.onTransition(transition);
    }

    @Override
    public void priorityChanged(String instance, VrrpState state, int priority) {
        next.priorityChanged(instance, state, priority);
    }

    @Override
    public void masterRxLowerPriority(String instance, int priority) {
        ConfiguredScripts current = scripts;
        if (current != null) {
            current.runnable().instance(instance)
                    .map(VrrpInstanceConfig::advert)
                    .flatMap(a -> a.notifyMasterRxLowerPri())
                    .ifPresent(script -> current.notifyScript(script).ifPresent(p -> start(script, p)));
        }
        next.masterRxLowerPriority(instance, priority);
    }

    /** On a thread of its own, so that the VRRP thread never waits for the script. */
    private void start(NotifyScript script, PreparedScript prepared) {
        Thread.ofVirtual().name("notify_master_rx_lower_pri").start(() -> {
            try {
                ScriptOutcome outcome = prepared.run(timeout);
                if (!outcome.success()) {
                    LOG.warn("notify_master_rx_lower_pri {} {}", script.command(), outcome.description());
                }
            } catch (IOException e) {
                LOG.warn("notify_master_rx_lower_pri {}: {}", script.command(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

}
