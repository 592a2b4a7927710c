package io.keepwatch.runtime;

import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.NotifyOptions;
import io.keepwatch.config.model.NotifyScript;
import io.keepwatch.config.model.NotifyScripts;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.plugin.api.AddressConflictEvent;
import io.keepwatch.plugin.api.RetryPolicy;
import io.keepwatch.plugin.api.ScriptOutcome;
import io.keepwatch.plugin.api.TransitionEvent;
import io.keepwatch.plugins.SelectiveNotifier;
import io.keepwatch.script.ConfiguredScripts;
import io.keepwatch.script.PreparedScript;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * keepalived's notify scripts: {@code notify_master}, {@code notify_backup}, {@code notify_fault},
 * {@code notify_stop} and {@code notify_deleted} run with their own arguments; {@code notify} runs with
 * four more: INSTANCE or GROUP, the name, the new state and the priority. An instance a reload removed
 * is FAULT to them unless it has {@code notify_deleted} ({@link NotifiedState}). They run as {@code vrrp_script}s do (the
 * same user rules, security checks and process group, see {@link ConfiguredScripts}); one that
 * was disabled when the configuration was applied does not run. Unlike keepalived, a transition's
 * scripts finish (or time out, and their process group is killed) before the next transition's
 * start, so a script never sees states out of order; the notifier dispatcher gives each instance
 * its own lane.
 *
 * <p>An instance with {@code notify_conflict} runs it when another station starts or stops claiming
 * one of its addresses, with {@code INSTANCE NAME noticed|ended ADDRESS FOREIGN_MAC OTHER_HOST}
 * (the last empty while not known), in the same lane as its transitions.
 */
final class NotifyScriptNotifier implements SelectiveNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(NotifyScriptNotifier.class);
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Supplier<List<ConfiguredScripts>> configs;
    private final Duration timeout;

    /**
     * @param configs the scripts of the configuration in force first, so that a reload's scripts
     *                apply from then on, then those of the one before it, where an instance or group
     *                a reload removed still is
     */
    NotifyScriptNotifier(Supplier<List<ConfiguredScripts>> configs) {
        this(configs, TIMEOUT);
    }

    /** As above, with the time a script may run before its process group is killed. */
    NotifyScriptNotifier(Supplier<List<ConfiguredScripts>> configs, Duration timeout) {
        this.configs = configs;
        this.timeout = timeout;
    }

    /**
     * Whether the instance or group has a script here: the first configuration that has it decides,
     * as in {@link #send(TransitionEvent)}. Instances without notify scripts, most of them, get no
     * notifier lane.
     */
    @Override
    public boolean hears(TransitionEvent.Scope scope, String name) {
        for (ConfiguredScripts candidate : configs.get()) {
            KeepalivedConfig config = candidate.runnable();
            if (scope == TransitionEvent.Scope.INSTANCE) {
                Optional<VrrpInstanceConfig> instance = config.instance(name);
                if (instance.isPresent()) {
                    VrrpInstanceConfig i = instance.get();
                    return !i.notifyScripts().isEmpty() || i.notifyOptions().deletedScript().isPresent()
                            || i.notifyConflict().script().isPresent();
                }
            } else {
                Optional<NotifyScripts> group = scriptsOf(config, scope, name);
                if (group.isPresent()) {
                    return !group.get().isEmpty();
                }
            }
        }
        return false;
    }

    @Override
    public void send(TransitionEvent event) throws IOException, InterruptedException {
        ConfiguredScripts prepared = null;
        Optional<NotifyScripts> scripts = Optional.empty();
        for (ConfiguredScripts candidate : configs.get()) {
            scripts = scriptsOf(candidate.runnable(), event.scope(), event.name());
            if (scripts.isPresent()) {
                prepared = candidate;
                break;
            }
        }
        if (scripts.isEmpty()) {
            return;
        }
        NotifyOptions options = event.scope() == TransitionEvent.Scope.INSTANCE
                ? prepared.runnable().instance(event.name()).map(i -> i.notifyOptions()).orElse(NotifyOptions.DEFAULTS)
                : NotifyOptions.DEFAULTS;
        Optional<String> state = NotifiedState.of(event, options.deleted());
        if (state.isEmpty()) {
            return;
        }
        Optional<NotifyScript> specific = switch (state.get()) {
            case "MASTER" -> scripts.get().master();
            case "BACKUP" -> scripts.get().backup();
            case "FAULT" -> scripts.get().fault();
            case "STOP" -> scripts.get().stop();
            default -> options.deletedScript();
        };
        if (specific.isPresent()) {
            run(prepared, specific.get(), List.of());
        }
        if (scripts.get().any().isPresent()) {
            run(prepared, scripts.get().any().get(), List.of(event.scope().name(), event.name(), state.get(),
                    Integer.toString(event.priority())));
        }
    }

    @Override
    public void send(AddressConflictEvent event) throws IOException, InterruptedException {
        for (ConfiguredScripts candidate : configs.get()) {
            Optional<NotifyScript> script = candidate.runnable().instance(event.instance())
                    .flatMap(i -> i.notifyConflict().script());
            if (candidate.runnable().instance(event.instance()).isPresent()) {
                if (script.isPresent()) {
                    run(candidate, script.get(), List.of("INSTANCE", event.instance(),
                            event.ended() ? "ended" : "noticed", event.address(), event.foreignMac(),
                            event.otherHost().orElse("")));
                }
                return;
            }
        }
    }

    private static Optional<NotifyScripts> scriptsOf(KeepalivedConfig config, TransitionEvent.Scope scope,
                                                     String name) {
        return scope == TransitionEvent.Scope.INSTANCE
                ? config.instance(name).map(i -> i.notifyScripts())
                : config.syncGroups().stream().filter(g -> g.name().equals(name)).findFirst()
                        .map(g -> g.notifyScripts());
    }

    @Override
    public RetryPolicy retryPolicy() {
        return RetryPolicy.NONE;
    }

    private void run(ConfiguredScripts prepared, NotifyScript script, List<String> extra)
            throws IOException, InterruptedException {
        Optional<PreparedScript> runnable = prepared.notifyScript(script);
        if (runnable.isEmpty()) {
            return; // disabled when the configuration was applied; the reason was logged then
        }
        ScriptOutcome outcome = runnable.get().withArguments(extra).run(timeout);
        if (outcome.timedOut()) {
            throw new IOException("notify script " + script.command() + " " + outcome.description());
        }
        if (!outcome.success()) {
            LOG.warn("notify script {} {}", script.command(), outcome.description());
        }
    }
}
