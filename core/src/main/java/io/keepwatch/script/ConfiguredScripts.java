package io.keepwatch.script;

import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.NotifyScript;
import io.keepwatch.config.model.NotifyScripts;
import io.keepwatch.config.model.SyncGroupConfig;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.config.model.VrrpScriptConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scripts of one configuration, prepared when it is applied, as keepalived checks them after
 * reading its file: every {@code vrrp_script} and every notify script of the instances and sync
 * groups. A script keepalived would disable is left out, with the reason in {@link #problems()}:
 * a disabled {@code vrrp_script} is no longer tracked by anyone (keepalived: "track script not
 * found, ignoring"), a disabled notify script does not run.
 */
public final class ConfiguredScripts {

    private final KeepalivedConfig runnable;
    private final Map<String, PreparedScript> vrrpScripts;
    private final Map<NotifyScript, PreparedScript> notifyScripts;
    private final List<String> problems;
    private final List<String> warnings;

    private ConfiguredScripts(KeepalivedConfig runnable, Map<String, PreparedScript> vrrpScripts,
                              Map<NotifyScript, PreparedScript> notifyScripts, List<String> problems,
                              List<String> warnings) {
        this.runnable = runnable;
        this.vrrpScripts = Map.copyOf(vrrpScripts);
        this.notifyScripts = Map.copyOf(notifyScripts);
        this.problems = List.copyOf(problems);
        this.warnings = List.copyOf(warnings);
    }

    /** Prepares the scripts of {@code config} by its own {@code global_defs}. */
    public static ConfiguredScripts prepare(KeepalivedConfig config) {
        return prepare(config, ScriptPolicy.of(config.global()));
    }

    /** Prepares the scripts of {@code config} by {@code policy}. */
    public static ConfiguredScripts prepare(KeepalivedConfig config, ScriptPolicy policy) {
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Map<String, PreparedScript> vrrp = new LinkedHashMap<>();
        List<VrrpScriptConfig> kept = new ArrayList<>();
        for (VrrpScriptConfig script : config.scripts()) {
            String label = "vrrp_script " + script.name();
            try {
                vrrp.put(script.name(), policy.prepare(script.script().argv(), script.user(), script.group(),
                        w -> warnings.add(label + ": " + w)));
                kept.add(script);
            } catch (ScriptRefused e) {
                problems.add(label + " disabled (whatever tracks it ignores it): " + e.getMessage());
            }
        }
        Map<NotifyScript, PreparedScript> notify = new LinkedHashMap<>();
        for (VrrpInstanceConfig instance : config.instances()) {
            prepareNotify("(" + instance.name() + ") ", instance.notifyScripts(), policy, notify, problems, warnings);
            instance.notifyOptions().deletedScript().ifPresent(s -> prepareOne("(" + instance.name() + ") notify_deleted",
                    s, policy, notify, problems, warnings));
            instance.advert().notifyMasterRxLowerPri().ifPresent(s -> prepareOne("(" + instance.name()
                    + ") notify_master_rx_lower_pri", s, policy, notify, problems, warnings));
            instance.notifyConflict().script().ifPresent(s -> prepareOne("(" + instance.name()
                    + ") notify_conflict", s, policy, notify, problems, warnings));
        }
        for (SyncGroupConfig group : config.syncGroups()) {
            prepareNotify("(" + group.name() + ") ", group.notifyScripts(), policy, notify, problems, warnings);
        }
        if (!policy.scriptSecurity() && (!vrrp.isEmpty() || !notify.isEmpty())) {
            boolean unsafe = warnings.stream().anyMatch(w -> w.contains("unsafe permissions"));
            warnings.add("SECURITY VIOLATION: scripts run but enable_script_security is not set"
                    + (unsafe ? "; some of them are unsafe" : ""));
        }
        KeepalivedConfig runnable = kept.size() == config.scripts().size() ? config
                : new KeepalivedConfig(config.global(), config.instances(), kept, config.syncGroups(), config.checks(),
                        config.checkTracking(), config.notifiers(), config.statics(),
                        config.trackers(), config.garpGroups(), config.linkBeat(), config.witnesses());
        return new ConfiguredScripts(runnable, vrrp, notify, problems, warnings);
    }

    private static void prepareNotify(String owner, NotifyScripts scripts, ScriptPolicy policy,
                                      Map<NotifyScript, PreparedScript> into, List<String> problems,
                                      List<String> warnings) {
        Map<String, Optional<NotifyScript>> byKeyword = new LinkedHashMap<>();
        byKeyword.put("notify", scripts.any());
        byKeyword.put("notify_master", scripts.master());
        byKeyword.put("notify_backup", scripts.backup());
        byKeyword.put("notify_fault", scripts.fault());
        byKeyword.put("notify_stop", scripts.stop());
        byKeyword.forEach((keyword, script) -> script.ifPresent(s -> prepareOne(owner + keyword, s, policy, into,
                problems, warnings)));
    }

    private static void prepareOne(String keyword, NotifyScript s, ScriptPolicy policy,
                                   Map<NotifyScript, PreparedScript> into, List<String> problems, List<String> warnings) {
        String label = keyword + " " + s.command().argv().getFirst();
        try {
            into.put(s, policy.prepare(s.command().argv(), s.user(), s.group(), w -> warnings.add(label + ": " + w)));
        } catch (ScriptRefused e) {
            problems.add(label + " disabled: " + e.getMessage());
        }
    }

    /** The configuration without the disabled {@code vrrp_script}s: what the instances run. */
    public KeepalivedConfig runnable() {
        return runnable;
    }

    /** The prepared {@code vrrp_script} of that name; empty when disabled or absent. */
    public Optional<PreparedScript> vrrpScript(String name) {
        return Optional.ofNullable(vrrpScripts.get(name));
    }

    /** The prepared notify script; empty when disabled or absent. */
    public Optional<PreparedScript> notifyScript(NotifyScript script) {
        return Optional.ofNullable(notifyScripts.get(script));
    }

    /** Why scripts are disabled, one line each, naming the script. */
    public List<String> problems() {
        return problems;
    }

    /** What runs but deserves a look (found along PATH, unsafe without enable_script_security). */
    public List<String> warnings() {
        return warnings;
    }
}
