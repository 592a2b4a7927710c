package io.keepwatch.runtime;

import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.NotifyScript;
import io.keepwatch.config.model.NotifyScripts;
import io.keepwatch.plugin.api.Notifier;
import io.keepwatch.plugin.api.RetryPolicy;
import io.keepwatch.plugin.api.TransitionEvent;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * keepalived's notify scripts: {@code notify_master}, {@code notify_backup}, {@code notify_fault}
 * and {@code notify_stop} run with their own arguments; {@code notify} runs with four more: INSTANCE
 * or GROUP, the name, the new state and the priority. Unlike keepalived, a transition's scripts
 * finish (or time out) before the next transition's start, so a script never sees states out of
 * order; the notifier dispatcher gives each instance its own lane.
 */
final class NotifyScriptNotifier implements Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(NotifyScriptNotifier.class);
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Supplier<List<KeepalivedConfig>> configs;

    /**
     * @param configs the configuration in force first, so that a reload's scripts apply from then
     *                on, then the one before it, where an instance or group a reload removed still is
     */
    NotifyScriptNotifier(Supplier<List<KeepalivedConfig>> configs) {
        this.configs = configs;
    }

    @Override
    public void send(TransitionEvent event) throws IOException, InterruptedException {
        KeepalivedConfig config = null;
        Optional<NotifyScripts> scripts = Optional.empty();
        for (KeepalivedConfig candidate : configs.get()) {
            scripts = scriptsOf(candidate, event);
            if (scripts.isPresent()) {
                config = candidate;
                break;
            }
        }
        if (scripts.isEmpty()) {
            return;
        }
        Optional<NotifyScript> specific = switch (event.newState()) {
            case MASTER -> scripts.get().master();
            case BACKUP -> scripts.get().backup();
            case FAULT -> scripts.get().fault();
            case STOP, DELETED -> scripts.get().stop();
            case INIT -> Optional.empty();
        };
        if (specific.isPresent()) {
            run(config, specific.get(), List.of());
        }
        if (scripts.get().any().isPresent() && event.newState() != TransitionEvent.VrrpState.INIT) {
            String state = event.newState() == TransitionEvent.VrrpState.DELETED ? "DELETED" : event.newState().name();
            run(config, scripts.get().any().get(), List.of(event.scope().name(), event.name(), state,
                    Integer.toString(event.priority())));
        }
    }

    private static Optional<NotifyScripts> scriptsOf(KeepalivedConfig config, TransitionEvent event) {
        return event.scope() == TransitionEvent.Scope.INSTANCE
                ? config.instance(event.name()).map(i -> i.notifyScripts())
                : config.syncGroups().stream().filter(g -> g.name().equals(event.name())).findFirst()
                        .map(g -> g.notifyScripts());
    }

    @Override
    public RetryPolicy retryPolicy() {
        return RetryPolicy.NONE;
    }

    private static void run(KeepalivedConfig config, NotifyScript script, List<String> extra)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        Optional<String> user = script.user().or(() -> config.global().scriptUser());
        if (user.isPresent() && ProcessHandle.current().info().user().filter("root"::equals).isPresent()) {
            command.addAll(List.of("runuser", "-u", user.get()));
            script.group().or(() -> config.global().scriptGroup()).ifPresent(g -> command.addAll(List.of("-g", g)));
            command.add("--");
        }
        command.addAll(script.command().argv());
        command.addAll(extra);
        Process process = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new IOException("notify script " + script.command() + " still running after " + TIMEOUT + "; killed");
        }
        if (process.exitValue() != 0) {
            LOG.warn("notify script {} exited with status {}", script.command(), process.exitValue());
        }
    }
}
