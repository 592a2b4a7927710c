package com.example.keepwatch.sample;

import io.keepwatch.plugin.api.ConfigValues;
import io.keepwatch.plugin.api.Notifier;
import io.keepwatch.plugin.api.NotifierFactory;
import io.keepwatch.plugin.api.PluginContext;
import io.keepwatch.plugin.api.TransitionEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import org.pf4j.Extension;

/**
 * Notifier type {@code sample}: appends one line per event to the file named by {@code file}, e.g.
 * {@code INSTANCE VI_1 BACKUP MASTER 100 master down timer expired}.
 *
 * <pre>
 * vrrp_notifier journal {
 *     type sample
 *     file /var/log/keepwatch-events.log
 * }
 * </pre>
 */
@Extension
public class SampleNotifierFactory implements NotifierFactory {

    /** A notifier block holds its {@code type} line too. */
    private static final Set<String> KEYWORDS = Set.of("type", "file");

    @Override
    public String type() {
        return "sample";
    }

    @Override
    public Notifier create(PluginContext context) {
        ConfigValues.rejectUnknown(context.config(), KEYWORDS);
        Path file = Path.of(ConfigValues.required(context.config(), "file"));
        return new Notifier() {
            @Override
            public synchronized void send(TransitionEvent event) throws Exception {
                String line = String.join(" ", event.scope().name(), event.name(), event.oldState().name(),
                        event.newState().name(), Integer.toString(event.priority()), event.reason()) + "\n";
                // Throwing (an IOException here) makes keepwatch retry the event.
                Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
        };
    }
}
