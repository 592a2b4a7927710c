package io.keepwatch.runtime;

import io.keepwatch.config.model.GlobalDefs;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.SyncGroupConfig;
import io.keepwatch.config.model.TrackFileConfig;
import io.keepwatch.config.model.TrackProcessConfig;
import io.keepwatch.config.model.TrackedScript;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.config.model.VrrpScriptConfig;
import io.keepwatch.plugin.api.HealthCheckSettings;
import io.keepwatch.plugins.CheckScheduler;
import io.keepwatch.plugins.Ticker;
import io.keepwatch.plugins.TrackerListener;
import io.keepwatch.script.ConfiguredScripts;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trackers the core runs without any plugin: the {@code vrrp_script}s, the tracked files
 * ({@link TrackedFiles}) and processes ({@link TrackedProcesses}). They start with the
 * instances, as keepalived runs its scripts as its instances start, and not once the plugins have
 * loaded (a backup whose scripts lower its priority would otherwise run at its configured priority
 * meanwhile, and could take over); what they know by then is each instance's starting point
 * ({@link TrackerLevels}). A reload rebuilds them only when what they read has changed; after
 * {@link #close()} nothing starts any more.
 */
final class CoreTrackers implements TrackerLevels, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CoreTrackers.class);

    private final Supplier<MeterRegistry> registry;
    private final TrackerListener listener;
    private final TrackedFiles.Listener fileListener;
    /** Volatile: the VRRP thread reads the files' numbers as instances start. */
    private volatile TrackedFiles files;
    private Object filesShape;
    /** Volatile: the VRRP thread reads the processes' quorums as instances start. */
    private volatile TrackedProcesses processes;
    private Object processesShape;
    /** Volatile: the VRRP thread reads the scripts' states as instances start. */
    private volatile CheckScheduler scriptChecks;
    private Object scriptsShape;
    private boolean closed;

    CoreTrackers(Supplier<MeterRegistry> registry, TrackerListener listener, TrackedFiles.Listener fileListener) {
        this.registry = registry;
        this.listener = listener;
        this.fileListener = fileListener;
    }

    /**
     * Starts (or after a reload, replaces where they changed) the trackers that the runnable
     * configuration of {@code prepared} uses.
     */
    synchronized void apply(ConfiguredScripts prepared) {
        if (closed) {
            return; // a stop came first: start nothing that no one will close
        }
        applyFiles(prepared.runnable());
        applyProcesses(prepared.runnable());
        applyScripts(prepared);
    }

    /** Tracked files: watched again only when their blocks changed; the first time is the start. */
    private void applyFiles(KeepalivedConfig next) {
        List<TrackFileConfig> defined = next.trackers().files();
        if (defined.equals(filesShape)) {
            return;
        }
        boolean reload = filesShape != null;
        TrackedFiles old = files;
        files = TrackedFiles.start(defined, reload, fileListener);
        filesShape = defined;
        if (old != null) {
            old.close();
            // the instances keep the levels they had; a file that changed meanwhile is told now
            for (TrackFileConfig f : defined) {
                String tracker = TrackedFiles.trackerName(f.name());
                files.level(tracker).ifPresent(level -> fileListener.levelChanged(tracker, level, "read on reload"));
            }
        }
    }

    private void applyScripts(ConfiguredScripts prepared) {
        KeepalivedConfig next = prepared.runnable();
        Set<String> tracked = trackedNames(next);
        Map<String, VrrpScriptConfig> vrrpScripts = new LinkedHashMap<>();
        for (VrrpScriptConfig script : next.scripts()) {
            if (tracked.contains(script.name())) {
                vrrpScripts.put(script.name(), script);
            } else {
                LOG.warn("vrrp_script {} is not tracked by any instance; it does not run", script.name());
            }
        }
        GlobalDefs g = next.global();
        Object shape = List.of(vrrpScripts, g.scriptUser(), g.scriptGroup(), g.enableScriptSecurity());
        if (shape.equals(scriptsShape)) {
            return;
        }
        if (scriptChecks != null) {
            scriptChecks.close();
        }
        CheckScheduler scheduler = new CheckScheduler(Ticker.system(), listener, registry);
        vrrpScripts.forEach((name, script) -> prepared.vrrpScript(name).ifPresent(run -> scheduler.add(name,
                run.asCheck(name), new HealthCheckSettings(script.interval(), script.timeout(),
                        script.rise(), script.fall(), script.weight(), script.initFail()), "vrrp_script")));
        scheduler.start();
        scriptChecks = scheduler;
        scriptsShape = shape;
    }

    /** Tracked processes: followed anew only when their blocks changed (their counts are read again then). */
    private void applyProcesses(KeepalivedConfig next) {
        List<TrackProcessConfig> defined = next.trackers().processes();
        if (defined.equals(processesShape)) {
            return;
        }
        TrackedProcesses old = processes;
        if (old != null) {
            old.close();
        }
        processes = TrackedProcesses.start(defined, listener,
                ReceiveBufferSizes.of(next.global().receiveBuffers().processMonitor()));
        processesShape = defined;
        if (old != null) {
            // the instances keep the states they had; a quorum that changed meanwhile is told now
            for (TrackProcessConfig p : defined) {
                String tracker = TrackedProcesses.trackerName(p.name());
                processes.level(tracker).ifPresent(level -> listener.onTrackerChanged(tracker, level != 0,
                        "counted on reload"));
            }
        }
    }

    @Override
    public OptionalLong level(String tracker) {
        TrackedFiles tracked = files;
        OptionalLong file = tracked == null ? OptionalLong.empty() : tracked.level(tracker);
        if (file.isPresent()) {
            return file;
        }
        TrackedProcesses running = processes;
        OptionalLong process = running == null ? OptionalLong.empty() : running.level(tracker);
        if (process.isPresent()) {
            return process;
        }
        CheckScheduler scripts = scriptChecks;
        Optional<Boolean> state = scripts == null ? Optional.empty() : scripts.state(tracker);
        return state.map(up -> OptionalLong.of(up ? 1 : 0)).orElse(OptionalLong.empty());
    }

    /** The names of the vrrp_scripts and vrrp_checks some instance or sync group tracks. */
    static Set<String> trackedNames(KeepalivedConfig cfg) {
        Set<String> tracked = new LinkedHashSet<>();
        for (VrrpInstanceConfig instance : cfg.instances()) {
            instance.trackScripts().stream().map(TrackedScript::name).forEach(tracked::add);
        }
        for (SyncGroupConfig group : cfg.syncGroups()) {
            group.trackScripts().stream().map(TrackedScript::name).forEach(tracked::add);
        }
        return tracked;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (scriptChecks != null) {
            scriptChecks.close();
        }
        if (files != null) {
            files.close();
        }
        if (processes != null) {
            processes.close();
        }
    }
}
