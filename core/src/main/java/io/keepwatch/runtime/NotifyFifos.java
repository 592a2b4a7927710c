package io.keepwatch.runtime;

import io.keepwatch.config.model.GlobalDefs;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.NotifyFifo;
import io.keepwatch.config.model.SyncGroupConfig;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.linux.FifoFile;
import io.keepwatch.linux.NativeException;
import io.keepwatch.plugin.api.TransitionEvent;
import io.keepwatch.script.PreparedScript;
import io.keepwatch.script.RunAs;
import io.keepwatch.script.RunningScript;
import io.keepwatch.script.ScriptPolicy;
import io.keepwatch.script.ScriptRefused;
import io.keepwatch.script.ScriptUsers;
import io.keepwatch.vrrp.VrrpState;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * keepalived's notify FIFOs ({@code notify_fifo} and {@code vrrp_notify_fifo}): owns the FIFOs
 * open, their writers and the scripts that read them. Every state change of an instance or sync
 * group goes to each FIFO as a line ({@link FifoLine}), in the order the VRRP thread saw them, and
 * with {@code notify_priority_changes} every change of an instance's effective priority.
 *
 * <p>A FIFO is opened (created if missing, owned by its USER and GROUP, else the default script
 * user) before the instances start, and its {@code notify_fifo_script} is started with the FIFO's
 * path as last argument. At the stop, the scripts get SIGTERM, the lines still queued (the STOP
 * lines) are written for a bounded time, then a FIFO keepwatch created is removed and closed, as
 * keepalived does. A reload that leaves a FIFO's lines in {@code global_defs} as they were keeps it
 * open and its script running; keepalived closes and reopens it, and restarts the script, on every
 * reload.
 *
 * <p>Threads: {@link #onTransition}, {@link #priorityChanged} and {@link #writeStates} run on the
 * VRRP thread and only queue; opening and closing run on the thread that starts, reloads or stops.
 */
final class NotifyFifos implements TransitionListener {

    private static final Logger LOG = LoggerFactory.getLogger(NotifyFifos.class);
    /** How long a stop waits for the queued lines to reach a slow reader. */
    static final Duration DRAIN = Duration.ofSeconds(2);

    /** One FIFO open: its settings as configured, its writer and its script. */
    private record Open(String keyword, NotifyFifo settings, FifoWriter writer, Optional<RunningScript> script) {}

    private final TransitionListener next;
    private final TransitionEvents events = new TransitionEvents("");
    private volatile List<Open> open = List.of();
    private volatile KeepalivedConfig current;
    private volatile KeepalivedConfig previous;
    /** During a reload with fifo_write_vrrp_states_on_reload: who has written a line of its own. */
    private Set<String> movedDuringReload;

    /** @param next hears every transition after the FIFOs */
    NotifyFifos(TransitionListener next) {
        this.next = next;
    }

    /** Opens the FIFOs of {@code config}; before the instances start. */
    synchronized void start(KeepalivedConfig config) {
        current = config;
        open = openAll(config, List.of());
    }

    /** Takes a reloaded configuration: FIFOs whose lines changed are closed and opened anew. */
    synchronized void configure(KeepalivedConfig config) {
        previous = current;
        current = config;
        List<Open> kept = new ArrayList<>();
        for (Open o : open) {
            if (settingsOf(config, o.keyword()).equals(Optional.of(o.settings())) && sameScriptRules(config)) {
                kept.add(o);
            } else {
                close(o);
            }
        }
        open = openAll(config, kept);
    }

    private boolean sameScriptRules(KeepalivedConfig config) {
        GlobalDefs before = previous.global();
        GlobalDefs now = config.global();
        return before.scriptUser().equals(now.scriptUser()) && before.scriptGroup().equals(now.scriptGroup())
                && before.enableScriptSecurity() == now.enableScriptSecurity();
    }

    private static Optional<NotifyFifo> settingsOf(KeepalivedConfig config, String keyword) {
        return keyword.equals("notify_fifo") ? config.global().lifecycle().notifyFifo()
                : config.global().lifecycle().vrrpNotifyFifo();
    }

    private static List<Open> openAll(KeepalivedConfig config, List<Open> kept) {
        List<Open> all = new ArrayList<>();
        for (String keyword : List.of("notify_fifo", "vrrp_notify_fifo")) {
            Optional<Open> same = kept.stream().filter(o -> o.keyword().equals(keyword)).findFirst();
            if (same.isPresent()) {
                all.add(same.get());
            } else {
                settingsOf(config, keyword).flatMap(s -> open(keyword, s, config.global())).ifPresent(all::add);
            }
        }
        return List.copyOf(all);
    }

    private static Optional<Open> open(String keyword, NotifyFifo settings, GlobalDefs global) {
        RunAs owner;
        try {
            // keepalived: the FIFO's own USER [GROUP], else the default script user (root when none)
            owner = new ScriptUsers(global.scriptUser(), global.scriptGroup(), false, ScriptUsers.DEFAULT_USER)
                    .resolve(settings.user(), settings.group());
        } catch (ScriptRefused e) {
            LOG.error("invalid user/group for {} {}: {}; not opened", keyword, settings.path(), e.getMessage());
            return Optional.empty();
        }
        RunAs self = ScriptUsers.self();
        FifoFile.Opened opened;
        try {
            opened = FifoFile.open(settings.path(), owner.uid() != self.uid() ? owner.uid() : -1,
                    owner.gid() != self.gid() ? owner.gid() : -1);
        } catch (NativeException e) {
            LOG.error("unable to open {} {}: {}", keyword, settings.path(), e.getMessage());
            return Optional.empty();
        }
        if (opened.ownerProblem() != null) {
            LOG.warn("{} {}: {}", keyword, settings.path(), opened.ownerProblem());
        }
        LOG.info("{} {} {}", keyword, settings.path(), opened.fifo().created() ? "created" : "opened");
        FifoWriter writer = new FifoWriter(opened.fifo(), keyword);
        Optional<RunningScript> script = settings.script().flatMap(s -> startScript(keyword, settings, global));
        return Optional.of(new Open(keyword, settings, writer, script));
    }

    private static Optional<RunningScript> startScript(String keyword, NotifyFifo settings, GlobalDefs global) {
        var script = settings.script().orElseThrow();
        String label = keyword + "_script " + script.command().argv().getFirst();
        try {
            List<String> argv = new ArrayList<>(script.command().argv());
            argv.add(settings.path().toString());
            PreparedScript prepared = ScriptPolicy.of(global).prepare(argv, script.user(), script.group(),
                    w -> LOG.warn("{}: {}", label, w));
            RunningScript running = prepared.start();
            LOG.info("{} started (pid {})", label, running.pid());
            return Optional.of(running);
        } catch (ScriptRefused e) {
            LOG.error("{} disabled: {}", label, e.getMessage());
        } catch (IOException e) {
            LOG.error("{} cannot start: {}", label, e.getMessage());
        }
        return Optional.empty();
    }

    @Override
    public void onTransition(Transition transition) {
        KeepalivedConfig config = current;
        boolean removed = config != null && config.instance(transition.instance()).isEmpty();
        List<Open> fifos = open;
        for (TransitionEvent event : events.of(transition, removed)) {
            if (fifos.isEmpty()) {
                break;
            }
            if (movedDuringReload != null) {
                movedDuringReload.add(event.scope() + event.name());
            }
            Optional<String> state = NotifiedState.of(event, notifyDeleted(event.name()));
            if (state.isPresent()) {
                boolean group = event.scope() == TransitionEvent.Scope.GROUP;
                offer(fifos, FifoLine.of(group ? FifoLine.GROUP : FifoLine.INSTANCE, event.name(), state.get(),
                        event.priority()));
            }
        }
        next.onTransition(transition);
    }

    /** An instance a reload removed is found in the configuration before it. */
    private boolean notifyDeleted(String instance) {
        return instanceConfig(instance).map(i -> i.notifyOptions().deleted()).orElse(false);
    }

    private Optional<VrrpInstanceConfig> instanceConfig(String instance) {
        KeepalivedConfig config = current;
        Optional<VrrpInstanceConfig> found = config == null ? Optional.empty() : config.instance(instance);
        KeepalivedConfig before = previous;
        return found.isPresent() || before == null ? found : before.instance(instance);
    }

    @Override
    public void priorityChanged(String instance, VrrpState state, int priority) {
        List<Open> fifos = open;
        KeepalivedConfig config = current;
        if (fifos.isEmpty() || config == null || !priorityChangesNotified(config, instance)) {
            return;
        }
        offer(fifos, FifoLine.priority(instance, state == VrrpState.MASTER, priority));
    }

    /** keepalived's send_event_notify: the line goes to the FIFOs whatever the settings. */
    @Override
    public void masterRxLowerPriority(String instance, int priority) {
        List<Open> fifos = open;
        if (!fifos.isEmpty()) {
            offer(fifos, FifoLine.of(FifoLine.INSTANCE, instance, FifoLine.MASTER_RX_LOWER_PRI, priority));
        }
    }

    /** The instance's {@code notify_priority_changes}, else its group's, else the global one (vrrp.c). */
    private static boolean priorityChangesNotified(KeepalivedConfig config, String instance) {
        Optional<Boolean> own = config.instance(instance).flatMap(i -> i.notifyOptions().priorityChanges());
        return own.or(() -> InstanceSpecs.syncGroupOf(instance, config).flatMap(SyncGroupConfig::notifyPriorityChanges))
                .orElse(config.global().lifecycle().vrrpNotifyPriorityChanges());
    }

    private static void offer(List<Open> fifos, String line) {
        for (Open o : fifos) {
            o.writer().offer(line);
        }
    }

    /** On the VRRP thread, before a reload's changes: notes who moves on their own. */
    void reloadStarting() {
        KeepalivedConfig config = current;
        movedDuringReload = config != null && config.global().lifecycle().fifoWriteVrrpStatesOnReload()
                ? new HashSet<>() : null;
    }

    /**
     * On the VRRP thread, after a reload's changes: with {@code fifo_write_vrrp_states_on_reload},
     * the state of every group, then of every instance, that the reload did not move (those wrote
     * their line already), as keepalived writes them when it starts the reloaded instances.
     */
    void reloadDone(List<InstanceStatus> statuses) {
        Set<String> moved = movedDuringReload;
        movedDuringReload = null;
        List<Open> fifos = open;
        if (moved == null || fifos.isEmpty()) {
            return;
        }
        Map<String, VrrpState> groups = new LinkedHashMap<>();
        for (InstanceStatus s : statuses) {
            s.syncGroup().ifPresent(g -> groups.putIfAbsent(g, s.state()));
        }
        groups.forEach((name, state) -> {
            if (state != VrrpState.INIT && !moved.contains(TransitionEvent.Scope.GROUP + name)) {
                offer(fifos, FifoLine.of(FifoLine.GROUP, name, state.name(), 0));
            }
        });
        for (InstanceStatus s : statuses) {
            if (s.state() != VrrpState.INIT && !moved.contains(TransitionEvent.Scope.INSTANCE + s.name())) {
                offer(fifos, FifoLine.of(FifoLine.INSTANCE, s.name(), s.state().name(), s.effectivePriority()));
            }
        }
    }

    /**
     * At the stop, after the instances' STOP lines were queued: SIGTERM to the scripts, the queue
     * written out, the FIFOs removed (those keepwatch created) and closed.
     */
    synchronized void close() {
        List<Open> all = open;
        open = List.of();
        all.forEach(NotifyFifos::close);
    }

    private static void close(Open o) {
        try {
            if (o.script().isPresent()) {
                Thread terminate = Thread.ofVirtual().start(() -> {
                    try {
                        o.script().get().terminate();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                o.writer().close(DRAIN);
                terminate.join();
            } else {
                o.writer().close(DRAIN);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
