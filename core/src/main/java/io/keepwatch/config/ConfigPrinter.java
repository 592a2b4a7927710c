package io.keepwatch.config;

import io.keepwatch.config.model.AdvertOptions;
import io.keepwatch.config.syntax.ConfigLimits;
import io.keepwatch.config.model.GarpConfig;
import io.keepwatch.config.model.GarpGroup;
import io.keepwatch.config.model.GlobalDefs;
import io.keepwatch.config.model.InitialState;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.KeepalivedExporter;
import io.keepwatch.config.model.Lifecycle;
import io.keepwatch.config.model.MetricsSettings;
import io.keepwatch.config.model.NotifyFifo;
import io.keepwatch.config.model.NotifyOptions;
import io.keepwatch.config.model.HostSettings;
import io.keepwatch.config.model.FirewallSettings;
import io.keepwatch.config.model.ProcessSettings;
import io.keepwatch.config.model.NotifyScript;
import io.keepwatch.config.model.NotifyScripts;
import io.keepwatch.config.model.ReloadSettings;
import io.keepwatch.config.model.RouteConfig;
import io.keepwatch.config.model.RouteText;
import io.keepwatch.config.model.RuleConfig;
import io.keepwatch.config.model.ScriptCommand;
import io.keepwatch.config.model.AuthHmacConfig;
import io.keepwatch.config.model.Secret;
import io.keepwatch.config.model.SyncGroupConfig;
import io.keepwatch.config.model.StaticNetwork;
import io.keepwatch.config.model.StaticTrackGroup;
import io.keepwatch.config.model.TrackedInterface;
import io.keepwatch.config.model.TrackedScript;
import io.keepwatch.config.model.TrackFileConfig;
import io.keepwatch.config.model.TrackProcessConfig;
import io.keepwatch.config.model.TrackedObjects;
import io.keepwatch.config.model.TrackerDefinitions;
import io.keepwatch.config.model.VirtualIpAddress;
import io.keepwatch.config.model.VmacConfig;
import io.keepwatch.config.model.VmacNaming;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.config.model.VrrpScriptConfig;
import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.vrrp.codec.AuthType;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * Writes a model back as keepalived.conf text, every value explicit (defaults included), so the
 * text reads back to an equal model. Secrets are masked unless the caller asks for them.
 */
public final class ConfigPrinter {
    private final StringBuilder out = new StringBuilder();
    private final boolean revealSecrets;
    private int depth;

    private ConfigPrinter(boolean revealSecrets) {
        this.revealSecrets = revealSecrets;
    }

    /** The configuration with {@code auth_pass} and {@code smtp_password} masked: safe to show. */
    public static String print(KeepalivedConfig config) {
        return print(config, false);
    }

    /** The configuration; {@code revealSecrets} writes the real {@code auth_pass} and {@code smtp_password} (to write a usable file). */
    public static String print(KeepalivedConfig config, boolean revealSecrets) {
        ConfigPrinter p = new ConfigPrinter(revealSecrets);
        p.global(config.global());
        p.statics(config.statics());
        config.scripts().forEach(p::script);
        p.trackerBlocks(config.trackers());
        p.garpGroups(config.garpGroups());
        p.linkBeat(config.linkBeat());
        config.checks().values().forEach(p::node);
        config.notifiers().values().forEach(p::node);
        config.witnesses().values().forEach(p::node);
        config.instances().forEach(i -> p.instance(i, config.global()));
        config.syncGroups().forEach(p::group);
        return p.out.toString();
    }

    private void global(GlobalDefs g) {
        open("global_defs");
        g.routerId().ifPresent(v -> line("router_id", v));
        open("notification_email");
        g.notificationEmail().forEach(this::line);
        close();
        g.notificationEmailFrom().ifPresent(v -> line("notification_email_from", v));
        g.smtpServer().ifPresent(s -> line("smtp_server", s.host(), Integer.toString(s.port())));
        line("smtp_connect_timeout", Long.toString(g.smtpConnectTimeout().toSeconds()));
        g.smtpHeloName().ifPresent(v -> line("smtp_helo_name", v));
        line("smtp_alert", Boolean.toString(g.smtpAlert()));
        line("vrrp_version", Integer.toString(g.vrrpVersion().number()));
        flag("vrrp_strict", g.vrrpStrict());
        flag("vrrp_skip_check_adv_addr", g.vrrpSkipCheckAdvAddr());
        GarpConfig garp = g.garp();
        line("vrrp_garp_master_delay", Long.toString(garp.masterDelay().toSeconds()));
        line("vrrp_garp_master_repeat", Integer.toString(garp.masterRepeat()));
        line("vrrp_garp_master_refresh", Long.toString(garp.masterRefresh().toSeconds()));
        line("vrrp_garp_master_refresh_repeat", Integer.toString(garp.masterRefreshRepeat()));
        line("vrrp_garp_interval", seconds(garp.interval()));
        line("vrrp_gna_interval", seconds(garp.gnaInterval()));
        line("vrrp_mcast_group4", address(g.vrrpMcastGroup4()));
        line("vrrp_mcast_group6", address(g.vrrpMcastGroup6()));
        g.scriptUser().ifPresent(u -> words("script_user", u, g.scriptGroup()));
        flag("enable_script_security", g.enableScriptSecurity());
        if (!g.vrrpStartupDelay().isZero()) line("vrrp_startup_delay", seconds(g.vrrpStartupDelay()));
        flag("vrrp_higher_prio_send_advert", g.vrrpHigherPrioSendAdvert());
        flag("vrrp_lower_prio_no_advert", g.vrrpLowerPrioNoAdvert());
        advertGlobals(g);
        receiveBuffers(g.receiveBuffers());
        splitBrainHeal(g.splitBrainHeal(), io.keepwatch.config.model.SplitBrainHeal.DEFAULTS);
        if (!g.pluginDirs().isEmpty()) {
            line("plugin_dir", g.pluginDirs().stream().map(Object::toString).toArray(String[]::new));
        }
        flag("no_bundled_plugins", g.noBundledPlugins());
        if (!g.vmacNaming().prefix().equals(VmacNaming.DEFAULT_PREFIX)) line("vmac_prefix", g.vmacNaming().prefix());
        g.vmacNaming().addrPrefix().ifPresent(p -> line("vmac_addr_prefix", p));
        // keepwatch's own keywords only when they differ from the default, so keepalived reads the dump quietly
        MetricsSettings metrics = g.metrics();
        if (!metrics.listen().equals(MetricsSettings.DEFAULTS.listen())) {
            metrics.listen().ifPresentOrElse(
                    l -> line("metrics_listen", address(l.getAddress()), Integer.toString(l.getPort())),
                    () -> line("metrics_listen", "none"));
        }
        if (!metrics.keepalivedCompat().isEmpty()) {
            line("metrics_keepalived_compat", metrics.keepalivedCompat().stream().sorted()
                    .map(KeepalivedExporter::keyword).toArray(String[]::new));
        }
        process(g.process());
        host(g.host());
        firewall(g.firewall());
        g.pluginGlobals().forEach((keyword, args) -> line(keyword, args.stream()
                .map(a -> revealSecrets || !GlobalDefs.SECRET_PLUGIN_GLOBALS.contains(keyword) ? a : Secret.MASK)
                .toArray(String[]::new)));
        lifecycle(g.lifecycle());
        close();
    }

    /** The lifecycle keywords that are set; every one is keepalived's. */
    private void lifecycle(Lifecycle l) {
        l.notifyFifo().ifPresent(f -> fifo("notify_fifo", f));
        l.vrrpNotifyFifo().ifPresent(f -> fifo("vrrp_notify_fifo", f));
        flag("fifo_write_vrrp_states_on_reload", l.fifoWriteVrrpStatesOnReload());
        flag("vrrp_notify_priority_changes", l.vrrpNotifyPriorityChanges());
        l.startupScript().ifPresent(s -> {
            notifyLine("startup_script", Optional.of(s.script()));
            line("startup_script_timeout", Long.toString(s.timeout().toSeconds()));
        });
        l.shutdownScript().ifPresent(s -> {
            notifyLine("shutdown_script", Optional.of(s.script()));
            line("shutdown_script_timeout", Long.toString(s.timeout().toSeconds()));
        });
        ReloadSettings r = l.reload();
        r.checkConfigLog().ifPresent(p -> line("reload_check_config", p.toString()));
        r.timeFile().ifPresent(p -> line("reload_time_file", p.toString()));
        flag("reload_repeat", r.repeat());
        r.reloadFile().ifPresent(p -> line("reload_file", p.toString()));
        r.configSaveDir().ifPresent(p -> line("config_save_dir", p.toString()));
        flag("data_use_instance", l.dataUseInstance());
    }

    private void fifo(String keyword, NotifyFifo f) {
        String path = f.path().toString();
        if (f.user().isEmpty()) line(keyword, path);
        else if (f.group().isEmpty()) line(keyword, path, f.user().get());
        else line(keyword, path, f.user().get(), f.group().get());
        notifyLine(keyword + "_script", f.script());
    }

    /** default_interface, log_unknown_vrids, random_seed, disable_local_igmp and dynamic_interfaces, where they differ from keepalived's defaults. */
    private void host(HostSettings h) {
        if (!h.defaultInterface().equals(HostSettings.DEFAULT_INTERFACE)) line("default_interface", h.defaultInterface());
        flag("log_unknown_vrids", h.logUnknownVrids());
        h.randomSeed().ifPresent(s -> line("random_seed", Long.toString(s)));
        flag("disable_local_igmp", h.disableLocalIgmp());
        switch (h.dynamicInterfaces()) {
            case OFF -> { }
            case ON -> line("dynamic_interfaces");
            case ALLOW_IF_CHANGES -> line("dynamic_interfaces", "allow_if_changes");
        }
    }

    /** The nftables keywords, when the firewall is on. */
    private void firewall(FirewallSettings f) {
        f.table().ifPresent(t -> line("nftables", t));
        if (f.priority() != FirewallSettings.DEFAULT_PRIORITY) line("nftables_priority", Integer.toString(f.priority()));
        flag("nftables_ifindex", f.ifindex());
        flag("nftables_counters", f.counters());
    }

    /** The process keywords that differ from keepalived's defaults. */
    private void process(ProcessSettings p) {
        p.rtPriority().ifPresent(v -> line("vrrp_rt_priority", Integer.toString(v)));
        p.nice().ifPresent(v -> line("vrrp_priority", Integer.toString(v)));
        flag("vrrp_no_swap", p.noSwap());
        if (!p.cpuAffinity().isEmpty()) {
            line("vrrp_cpu_affinity", p.cpuAffinity().stream().map(String::valueOf).toArray(String[]::new));
        }
        if (p.rlimitRttimeMicros() != ProcessSettings.DEFAULT_RLIMIT_RTTIME) {
            line("vrrp_rlimit_rttime", Long.toString(p.rlimitRttimeMicros()));
        }
        if (p.maxAutoPriority() != 0) line("max_auto_priority", Integer.toString(p.maxAutoPriority()));
        if (!p.minAutoPriorityDelay().equals(ProcessSettings.DEFAULTS.minAutoPriorityDelay())) {
            line("min_auto_priority_delay", Long.toString(p.minAutoPriorityDelay().toNanos() / 1000));
        }
        p.umask().ifPresent(m -> line("umask", "0" + Integer.toOctalString(m)));
        p.processName().ifPresent(n -> line("process_name", n));
        p.vrrpProcessName().ifPresent(n -> line("vrrp_process_name", n));
    }

    private void script(VrrpScriptConfig s) {
        open("vrrp_script", s.name());
        line("script", command(s.script()));
        line("interval", seconds(s.interval()));
        line("timeout", seconds(s.timeout()));
        if (s.weightReverse()) line("weight", Integer.toString(s.weight()), "reverse");
        else line("weight", Integer.toString(s.weight()));
        line("rise", Integer.toString(s.rise()));
        line("fall", Integer.toString(s.fall()));
        s.user().ifPresent(u -> words("user", u, s.group()));
        flag("init_fail", s.initFail());
        close();
    }

    /**
     * {@code auth_hmac}: a key from a file as its {@code file:} reference (the path is no secret); an
     * inline key as written only when secrets are revealed, else as {@link AuthHmacConfig#MASKED_KEY},
     * which still reads back as a key of valid length.
     */
    private void authHmac(AuthHmacConfig a) {
        open("auth_hmac");
        for (AuthHmacConfig.Key k : a.keys()) {
            String value = k.file().map(f -> "file:" + f)
                    .orElseGet(() -> revealSecrets ? k.value().reveal() : AuthHmacConfig.MASKED_KEY);
            line("key", Integer.toString(k.id()), value);
        }
        line("active_key", Integer.toString(a.activeKey()));
        line("anti_replay", a.antiReplay().keyword());
        line("time_window", Integer.toString(a.timeWindowSeconds()));
        line("mode", a.mode().keyword());
        close();
    }

    private void instance(VrrpInstanceConfig i, GlobalDefs global) {
        open("vrrp_instance", i.name());
        line("state", i.state() == InitialState.MASTER ? "MASTER" : "BACKUP");
        line("interface", i.interfaceName());
        if (i.virtualRouterId() != 0) line("virtual_router_id", Integer.toString(i.virtualRouterId()));
        line("priority", Integer.toString(i.priority()));
        if (!i.witness().elects()) { // election mode has neither (WitnessUse)
            line("advert_int", seconds(i.advertInterval()));
            line("version", Integer.toString(i.version().number()));
        }
        if (i.authentication().type() != AuthType.NONE) {
            open("authentication");
            line("auth_type", i.authentication().type().name());
            Secret pass = i.authentication().password();
            line("auth_pass", revealSecrets ? pass.reveal() : pass.toString());
            close();
        }
        i.authHmac().ifPresent(this::authHmac);
        addresses("virtual_ipaddress", i.virtualIpAddresses());
        addresses("virtual_ipaddress_excluded", i.virtualIpAddressesExcluded());
        routing(List.of(), i.routing().routes(), i.routing().rules(), "virtual_", (kind, index) -> "");
        i.unicastSrcIp().ifPresent(a -> line("unicast_src_ip", address(a)));
        if (!i.unicastPeers().isEmpty()) {
            open("unicast_peer");
            i.unicastPeers().forEach(p -> {
                if (p.limitsTtl()) {
                    line(address(p.address()), "min_ttl", Integer.toString(p.minTtl()), "max_ttl",
                            Integer.toString(p.maxTtl()));
                } else {
                    line(address(p.address()));
                }
            });
            close();
        }
        i.mcastSrcIp().ifPresent(a -> line("mcast_src_ip", address(a)));
        line(i.nopreempt() ? "nopreempt" : "preempt");
        line("preempt_delay", seconds(i.preemptDelay()));
        GarpConfig g = i.garp();
        line("garp_master_delay", Long.toString(g.masterDelay().toSeconds()));
        line("garp_master_repeat", Integer.toString(g.masterRepeat()));
        line("garp_master_refresh", Long.toString(g.masterRefresh().toSeconds()));
        line("garp_master_refresh_repeat", Integer.toString(g.masterRefreshRepeat()));
        // keepalived sets these per interface only (global or garp_group): written only when the
        // instance differs, so a dump stays readable by keepalived in the common case
        if (!g.interval().equals(global.garp().interval())) line("garp_interval", seconds(g.interval()));
        if (!g.gnaInterval().equals(global.garp().gnaInterval())) line("gna_interval", seconds(g.gnaInterval()));
        line(i.accept() ? "accept" : "no_accept");
        trackInterfaces(i.trackInterfaces());
        tracked("track_script", i.trackScripts());
        trackedObjects(i.tracked());
        notify(i.notifyScripts());
        line("smtp_alert", Boolean.toString(i.smtpAlert()));
        line("down_timer_adverts", Integer.toString(i.downTimerAdverts()));
        flag("dont_track_primary", i.dontTrackPrimary());
        vmac(i.vmac());
        NotifyOptions o = i.notifyOptions();
        if (o.deleted()) {
            if (o.deletedScript().isPresent()) notifyLine("notify_deleted", o.deletedScript());
            else line("notify_deleted");
        }
        o.priorityChanges().ifPresent(b -> line("notify_priority_changes", b.toString()));
        notifyLine("notify_conflict", i.notifyConflict().script());
        advert(i.advert(), g, global.garp());
        splitBrainHeal(i.splitBrainHeal(), global.splitBrainHeal());
        interfaceOptions(i.interfaceOptions());
        witness(i.witness());
        close();
    }

    private void witness(io.keepwatch.config.model.WitnessUse w) {
        if (w.mode() != io.keepwatch.config.model.WitnessUse.Mode.NONE) line(w.mode().keyword(), w.witness());
    }

    private void interfaceOptions(io.keepwatch.config.model.InterfaceOptions o) {
        if (o.kernelRxBufSize() != 0) line("kernel_rx_buf_size", Long.toString(o.kernelRxBufSize()));
    }

    private void vmac(VmacConfig v) {
        if (v.enabled()) {
            List<String> args = new ArrayList<>();
            v.interfaceName().ifPresent(args::add);
            v.macAddress().ifPresent(args::add);
            line("use_vmac", args.toArray(String[]::new));
            flag("vmac_xmit_base", v.xmitBase());
        }
        flag("use_vmac_addr", v.useVmacAddr());
        v.ipvlan().ifPresent(p -> {
            List<String> args = new ArrayList<>();
            p.interfaceName().ifPresent(args::add);
            p.address().ifPresent(a -> args.add(a.getHostAddress() + "/" + p.prefixLength()));
            args.add(p.mode().keyword());
            line("use_ipvlan", args.toArray(String[]::new));
        });
    }

    /** The unicast, advert and lower-priority GARP keywords of global_defs. */
    /**
     * {@code split_brain_heal} where it differs from what it inherits (the default, or the global
     * setting), so that keepalived reads a dump without it in the common case.
     */
    private void splitBrainHeal(io.keepwatch.config.model.SplitBrainHeal heal,
                                io.keepwatch.config.model.SplitBrainHeal inherited) {
        if (!heal.equals(inherited)) line("split_brain_heal", heal.on() ? "on" : "off");
    }

    /** The receive buffer keywords that differ from the defaults. */
    private void receiveBuffers(io.keepwatch.config.model.ReceiveBuffers b) {
        receiveBuffer("vrrp_netlink_cmd_rcv_bufs", b.netlinkCmd());
        receiveBuffer("vrrp_netlink_monitor_rcv_bufs", b.netlinkMonitor());
        receiveBuffer("process_monitor_rcv_bufs", b.processMonitor());
        io.keepwatch.config.model.VrrpReceiveBuffers v = b.vrrp();
        switch (v.policy()) {
            case NONE -> { }
            case SIZE -> line("vrrp_rx_bufs_policy", Long.toString(v.size()));
            default -> line("vrrp_rx_bufs_policy", v.policy().name());
        }
        if (v.multiplier() != io.keepwatch.config.model.VrrpReceiveBuffers.DEFAULT_MULTIPLIER) {
            line("vrrp_rx_bufs_multiplier", Integer.toString(v.multiplier()));
        }
    }

    private void receiveBuffer(String keyword, io.keepwatch.config.model.ReceiveBuffers.Size size) {
        if (size.bytes() != 0) line(keyword, Integer.toString(size.bytes()));
        flag(keyword + "_force", size.force());
    }

    private void advertGlobals(GlobalDefs g) {
        flag("vrrp_check_unicast_src", g.advertGlobals().checkUnicastSrc());
        line("vrrp_down_timer_adverts", Integer.toString(g.advertGlobals().downTimerAdverts()));
        line("vrrp_garp_lower_prio_delay", Long.toString(g.garp().lowerPrioDelay().toSeconds()));
        line("vrrp_garp_lower_prio_repeat", Integer.toString(g.garp().lowerPrioRepeat()));
        g.garp().extraIf().ifPresent(e -> garpExtraIf("vrrp_garp_extra_if", e));
    }

    /** The unicast, advert and lower-priority GARP keywords of an instance, each explicit. */
    private void advert(AdvertOptions a, GarpConfig g, GarpConfig globalGarp) {
        a.strictMode().ifPresent(s -> line("strict_mode", Boolean.toString(s)));
        flag("native_ipv6", a.nativeIpv6());
        a.unicastTtl().ifPresent(t -> line("unicast_ttl", Integer.toString(t)));
        a.mcastDstIp().ifPresent(d -> line("mcast_dst_ip", address(d)));
        flag("check_unicast_src", a.checkUnicastSrc());
        flag("unicast_fault_no_peer", a.unicastFaultNoPeer());
        switch (a.unicastChecksum()) {
            case AUTO -> { }
            case NEVER -> line("old_unicast_checksum", "never");
            case OLD -> line("old_unicast_checksum");
        }
        flag("skip_check_adv_addr", a.skipCheckAdvAddr());
        line("higher_prio_send_advert", Boolean.toString(a.higherPrioSendAdvert()));
        line("lower_prio_no_advert", Boolean.toString(a.lowerPrioNoAdvert()));
        notifyLine("notify_master_rx_lower_pri", a.notifyMasterRxLowerPri());
        flag("promote_secondaries", a.promoteSecondaries());
        line("garp_lower_prio_delay", Long.toString(g.lowerPrioDelay().toSeconds()));
        line("garp_lower_prio_repeat", Integer.toString(g.lowerPrioRepeat()));
        g.extraIf().ifPresentOrElse(e -> garpExtraIf("garp_extra_if", e), () -> {
            if (globalGarp.extraIf().isPresent()) line("garp_extra_if", "0");
        });
    }

    private void garpExtraIf(String keyword, GarpConfig.GarpExtraIf e) {
        String seconds = Long.toString(e.interval().toSeconds());
        if (e.all()) line(keyword, "all", seconds);
        else line(keyword, seconds);
    }

    private void group(SyncGroupConfig g) {
        open("vrrp_sync_group", g.name());
        open("group");
        g.instances().forEach(this::line);
        close();
        trackInterfaces(g.trackInterfaces());
        tracked("track_script", g.trackScripts());
        trackedObjects(g.tracked());
        flag("sync_group_tracking_weight", g.trackingWeight());
        notify(g.notifyScripts());
        line("smtp_alert", Boolean.toString(g.smtpAlert()));
        g.notifyPriorityChanges().ifPresent(b -> line("notify_priority_changes", b.toString()));
        close();
    }

    private void addresses(String keyword, List<VirtualIpAddress> list) {
        addresses(keyword, list, index -> "");
    }

    private void addresses(String keyword, List<VirtualIpAddress> list, IntFunction<String> suffix) {
        if (list.isEmpty()) return;
        open(keyword);
        for (int index = 0; index < list.size(); index++) {
            VirtualIpAddress v = list.get(index);
            // with a peer, the prefix length is the peer's (keepalived warns about one on the address)
            StringBuilder text = new StringBuilder(address(v.address()) + v.options().peer()
                    .map(p -> " peer " + address(p) + "/" + v.prefixLength()).orElse("/" + v.prefixLength()));
            v.broadcast().ifPresent(b -> text.append(" brd ").append(address(b)));
            v.device().ifPresent(d -> text.append(" dev ").append(quote(d)));
            v.scope().ifPresent(s -> text.append(" scope ").append(s));
            v.label().ifPresent(l -> text.append(" label ").append(quote(l)));
            if (v.noTrack()) text.append(" no_track");
            text.append(v.options().text()).append(suffix.apply(index));
            indent();
            out.append(text).append('\n');
        }
        close();
    }

    private void trackInterfaces(List<TrackedInterface> list) {
        if (list.isEmpty()) return;
        open("track_interface");
        for (TrackedInterface t : list) {
            if (t.weight() == 0 && !t.reverse()) line(t.name());
            else if (t.reverse()) line(t.name(), "weight", Integer.toString(t.weight()), "reverse");
            else line(t.name(), "weight", Integer.toString(t.weight()));
        }
        close();
    }

    /** The garp_group blocks; the interfaces in one {@code interfaces} block, which shares the spacing as keepalived does. */
    private void linkBeat(io.keepwatch.config.model.LinkBeat b) {
        flag("linkbeat_use_polling", b.usePolling());
        if (!b.interfaces().isEmpty()) {
            open("linkbeat_interfaces");
            b.interfaces().forEach((name, probe) -> {
                if (probe == io.keepwatch.config.model.LinkBeat.Probe.ANY) line(name);
                else line(name, probe.name());
            });
            close();
        }
    }

    private void garpGroups(List<GarpGroup> groups) {
        for (GarpGroup g : groups) {
            open("garp_group");
            g.garpInterval().ifPresent(d -> line("garp_interval", seconds(d)));
            g.gnaInterval().ifPresent(d -> line("gna_interval", seconds(d)));
            if (!g.interfaces().isEmpty()) {
                open("interfaces");
                g.interfaces().forEach(this::line);
                close();
            }
            close();
        }
    }

    /** The track_file and vrrp_track_process blocks, in the form their binder reads back. */
    private void trackerBlocks(TrackerDefinitions trackers) {
        for (TrackFileConfig f : trackers.files()) {
            open("track_file", f.name());
            line("file", f.file());
            weight(f.weight(), f.weightReverse());
            f.init().ifPresent(init -> {
                if (init.overwrite()) line("init_file", Integer.toString(init.value()), "overwrite");
                else line("init_file", Integer.toString(init.value()));
            });
            close();
        }
        for (TrackProcessConfig p : trackers.processes()) {
            open("vrrp_track_process", p.name());
            line("process", Stream.concat(Stream.of(p.process()),
                    p.parameters().stream()).toArray(String[]::new));
            switch (p.paramMatch()) {
                case NONE -> { }
                case EXACT -> line("param_match");
                case PARTIAL -> line("param_match", "partial");
                case INITIAL -> line("param_match", "initial");
            }
            flag("full_command", p.fullCommand());
            weight(p.weight(), p.weightReverse());
            // quorum 0 is written as quorum_max 0, the only way keepalived's file says it
            if (p.quorumMax() != 0) line("quorum", Integer.toString(p.quorum()));
            if (p.quorumMax() != TrackProcessConfig.NO_QUORUM_MAX) line("quorum_max", Integer.toString(p.quorumMax()));
            if (!p.forkDelay().isZero()) line("fork_delay", seconds(p.forkDelay()));
            if (!p.terminateDelay().isZero()) line("terminate_delay", seconds(p.terminateDelay()));
            close();
        }
    }

    private void weight(int weight, boolean reverse) {
        if (reverse) line("weight", Integer.toString(weight), "reverse");
        else line("weight", Integer.toString(weight));
    }

    private void trackedObjects(TrackedObjects t) {
        tracked("track_file", t.files());
        tracked("track_process", t.processes());
        flag("track_src_ip", t.sourceAddress());
    }

    private void tracked(String keyword, List<TrackedScript> list) {
        if (list.isEmpty()) return;
        open(keyword);
        for (TrackedScript t : list) {
            if (t.weight().isEmpty()) line(t.name());
            // noreverse spelled out: without it keepalived takes the script's own reverse
            else line(t.name(), "weight", Integer.toString(t.weight().getAsInt()), t.reverse() ? "reverse" : "noreverse");
        }
        close();
    }

    private void notify(NotifyScripts n) {
        notifyLine("notify", n.any());
        notifyLine("notify_master", n.master());
        notifyLine("notify_backup", n.backup());
        notifyLine("notify_fault", n.fault());
        notifyLine("notify_stop", n.stop());
    }

    private void notifyLine(String keyword, Optional<NotifyScript> script) {
        script.ifPresent(s -> {
            String cmd = command(s.command());
            if (s.user().isEmpty()) line(keyword, cmd);
            else if (s.group().isEmpty()) line(keyword, cmd, s.user().get());
            else line(keyword, cmd, s.user().get(), s.group().get());
        });
    }

    private void node(ConfigNode n) {
        if (n.children().isEmpty()) {
            if (!revealSecrets && !n.arguments().isEmpty() && SecretKeywords.isSecret(n.keyword())) {
                line(n.keyword(), Secret.MASK);
                return;
            }
            line(n.keyword(), n.arguments().stream()
                    .map(v -> revealSecrets ? v : SecretKeywords.maskUserInfo(v)).toArray(String[]::new));
            return;
        }
        indent();
        out.append(quoteFirst(n.keyword()));
        n.arguments().forEach(a -> out.append(' ').append(quote(a)));
        out.append(" {\n");
        depth++;
        n.children().forEach(this::node);
        close();
    }

    /** One argument holding the whole command line; arguments with blanks are single-quoted. */
    private static String command(ScriptCommand c) {
        return String.join(" ", c.argv().stream()
                .map(a -> a.isEmpty() || a.chars().anyMatch(Character::isWhitespace) ? "'" + a + "'" : a).toList());
    }

    private void words(String keyword, String first, Optional<String> second) {
        if (second.isPresent()) line(keyword, first, second.get());
        else line(keyword, first);
    }

    /** The track_group blocks, then the static lines, each naming its group again. */
    private void statics(StaticNetwork statics) {
        for (StaticTrackGroup g : statics.trackGroups()) {
            open("track_group", g.name());
            open("group");
            g.instances().forEach(this::line);
            close();
            close();
        }
        routing(statics.addresses(), statics.routes(), statics.rules(), "static_", (kind, index) ->
                statics.trackGroups().stream().filter(g -> switch (kind) {
                    case "ipaddress" -> g.addresses().contains(index);
                    case "routes" -> g.routes().contains(index);
                    default -> g.rules().contains(index);
                }).findFirst().map(g -> " track_group " + quote(g.name())).orElse(""));
    }

    /**
     * {@code static_ipaddress}, {@code static_routes}, {@code static_rules}, or an instance's virtual ones.
     *
     * @param suffix the words after a line, by block ("ipaddress", "routes", "rules") and index */
    private void routing(List<VirtualIpAddress> addresses, List<RouteConfig> routes, List<RuleConfig> rules,
                         String prefix, BiFunction<String, Integer, String> suffix) {
        addresses(prefix + "ipaddress", addresses, index -> suffix.apply("ipaddress", index));
        for (var block : List.of(Map.entry("routes", routes.stream().map(RouteText::route).toList()),
                Map.entry("rules", rules.stream().map(RouteText::rule).toList()))) {
            if (block.getValue().isEmpty()) continue;
            open(prefix + block.getKey());
            for (int index = 0; index < block.getValue().size(); index++) {
                indent();
                out.append(block.getValue().get(index)).append(suffix.apply(block.getKey(), index)).append('\n');
            }
            close();
        }
    }

    private void flag(String keyword, boolean set) {
        if (set) line(keyword);
    }

    private void open(String keyword, String... args) {
        indent();
        out.append(keyword);
        for (String a : args) out.append(' ').append(quote(a));
        out.append(" {\n");
        depth++;
    }

    private void close() {
        depth--;
        indent();
        out.append("}\n");
    }

    private void line(String keyword, String... args) {
        StringBuilder text = new StringBuilder(quoteFirst(keyword));
        for (String a : args) text.append(' ').append(quote(a));
        if (2 * depth + text.length() <= ConfigLimits.MAX_LINE_LENGTH) {
            indent(); // a line the indentation would take past the limit goes without it: blanks lead nowhere
        }
        out.append(text).append('\n');
    }

    private void indent() {
        out.append("  ".repeat(depth));
    }

    /** Double quotes around a word the lexer would otherwise split or cut. */
    static String quote(String word) {
        boolean plain = !word.isEmpty() && word.chars().noneMatch(c -> Character.isWhitespace(c)
                || c == '#' || c == '!' || c == '{' || c == '}' || c == '"');
        return plain ? word : "\"" + word + "\"";
    }

    /**
     * {@link #quote} for the first word of a line (a block's list prints one word a line), which the
     * lexer reads as a line of its own kind when it begins with {@code @} (a condition), {@code $}
     * (a definition) or {@code ~} (a {@code ~SEQ}/{@code ~LST} block).
     */
    static String quoteFirst(String word) {
        return !word.isEmpty() && "@$~".indexOf(word.charAt(0)) >= 0 ? "\"" + word + "\"" : quote(word);
    }

    static String seconds(Duration d) {
        return new BigDecimal(d.toNanos()).movePointLeft(9).stripTrailingZeros().toPlainString();
    }

    private static String address(InetAddress a) {
        return io.keepwatch.config.model.AddressText.of(a);
    }
}
