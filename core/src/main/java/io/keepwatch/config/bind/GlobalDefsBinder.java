package io.keepwatch.config.bind;

import io.keepwatch.config.model.AddressText;
import io.keepwatch.config.model.VmacNaming;
import io.keepwatch.config.model.AdvertGlobals;
import io.keepwatch.config.model.GarpConfig;
import io.keepwatch.config.model.GlobalDefs;
import io.keepwatch.config.model.SplitBrainHeal;
import io.keepwatch.config.model.KeepalivedExporter;
import io.keepwatch.config.model.MetricsSettings;
import io.keepwatch.config.model.SmtpServer;
import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.vrrp.AddressFamily;
import io.keepwatch.vrrp.VrrpVersion;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Binds {@code global_defs} blocks (several are merged in order, as keepalived does) to {@link GlobalDefs}. */
final class GlobalDefsBinder {
    private final Values values;

    private Optional<String> routerId = Optional.empty();
    private final List<String> notificationEmail = new ArrayList<>();
    private Optional<String> emailFrom = Optional.empty();
    private Optional<SmtpServer> smtpServer = Optional.empty();
    private Duration smtpConnectTimeout = GlobalDefs.DEFAULTS.smtpConnectTimeout();
    private Optional<String> smtpHeloName = Optional.empty();
    private boolean smtpAlert;
    private VrrpVersion version = VrrpVersion.V2;
    private boolean strict;
    private boolean skipCheckAdvAddr;
    private Duration garpMasterDelay = GarpConfig.DEFAULTS.masterDelay();
    private int garpMasterRepeat = GarpConfig.DEFAULTS.masterRepeat();
    private Duration garpMasterRefresh = GarpConfig.DEFAULTS.masterRefresh();
    private int garpMasterRefreshRepeat = GarpConfig.DEFAULTS.masterRefreshRepeat();
    private Duration garpInterval = GarpConfig.DEFAULTS.interval();
    private Duration gnaInterval = GarpConfig.DEFAULTS.gnaInterval();
    /** Unset (null) means the master's value, as keepalived completes them after reading the file. */
    private Duration garpLowerPrioDelay;
    private Integer garpLowerPrioRepeat;
    private Optional<GarpConfig.GarpExtraIf> garpExtraIf = Optional.empty();
    private boolean checkUnicastSrc;
    private int downTimerAdverts = AdvertGlobals.DEFAULTS.downTimerAdverts();
    private InetAddress mcastGroup4 = GlobalDefs.DEFAULT_MCAST_GROUP4;
    private InetAddress mcastGroup6 = GlobalDefs.DEFAULT_MCAST_GROUP6;
    private Optional<String> scriptUser = Optional.empty();
    private Optional<String> scriptGroup = Optional.empty();
    private boolean scriptSecurity;
    private Duration startupDelay = Duration.ZERO;
    private boolean higherPrioSendAdvert;
    private boolean lowerPrioNoAdvert;
    private final List<Path> pluginDirs = new ArrayList<>();
    private boolean noBundledPlugins;
    private Optional<InetSocketAddress> metricsListen = MetricsSettings.DEFAULTS.listen();
    private Set<KeepalivedExporter> metricsKeepalivedCompat = MetricsSettings.DEFAULTS.keepalivedCompat();
    private final Map<String, List<String>> pluginGlobals = new LinkedHashMap<>();
    private VmacNaming vmacNaming = VmacNaming.DEFAULTS;
    private final LifecycleBinder lifecycle;
    private final ProcessBinder process;
    private final HostSettingsBinder host;
    /** {@code smtp_alert_vrrp}: keepwatch's alerts are all VRRP ones, so it stands in for {@code smtp_alert}. */
    private Optional<Boolean> smtpAlertVrrp = Optional.empty();
    private final FirewallBinder firewall;
    private final ReceiveBuffersBinder receiveBuffers;
    private SplitBrainHeal splitBrainHeal = SplitBrainHeal.DEFAULTS;

    private static final Set<String> FLAG_WORDS = Set.of("true", "yes", "on", "false", "no", "off");

    GlobalDefsBinder(Values values) {
        this.values = values;
        this.lifecycle = new LifecycleBinder(values);
        this.process = new ProcessBinder(values);
        this.host = new HostSettingsBinder(values);
        this.firewall = new FirewallBinder(values);
        this.receiveBuffers = new ReceiveBuffersBinder(values);
    }

    void bind(ConfigNode block) {
        for (ConfigNode n : block.children()) {
            switch (n.keyword()) {
                case "router_id" -> routerId = values.word(n).or(() -> routerId);
                case "notification_email" -> {
                    for (ConfigNode address : n.children()) {
                        notificationEmail.add(address.keyword());
                        notificationEmail.addAll(address.arguments());
                    }
                    notificationEmail.addAll(n.arguments());
                }
                case "notification_email_from" -> emailFrom = values.word(n).or(() -> emailFrom);
                case "smtp_server" -> values.word(n).ifPresent(host -> {
                    int port = SmtpServer.DEFAULT_PORT;
                    if (n.arguments().size() > 1) {
                        var p = values.integer(n, n.arguments().get(1), 1, 65535);
                        if (p.isEmpty()) return;
                        port = p.getAsInt();
                    }
                    smtpServer = Optional.of(new SmtpServer(host, port));
                });
                case "smtp_connect_timeout" -> values.integer(n, 1, 3600)
                        .ifPresent(s -> smtpConnectTimeout = Duration.ofSeconds(s));
                case "smtp_helo_name" -> smtpHeloName = values.word(n).or(() -> smtpHeloName);
                case "smtp_alert" -> values.flag(n).ifPresent(b -> smtpAlert = b);
                case "vrrp_version" -> values.integer(n, 2, 3)
                        .ifPresent(v -> version = v == 2 ? VrrpVersion.V2 : VrrpVersion.V3);
                case "vrrp_strict" -> values.flag(n).ifPresent(b -> strict = b);
                case "vrrp_skip_check_adv_addr" -> values.flag(n).ifPresent(b -> skipCheckAdvAddr = b);
                case "vrrp_garp_interval" -> values.seconds(n, 1000).ifPresent(d -> garpInterval = d);
                case "vrrp_gna_interval" -> values.seconds(n, 1000).ifPresent(d -> gnaInterval = d);
                case "vrrp_garp_master_delay" -> values.integer(n, 0, 1000)
                        .ifPresent(s -> garpMasterDelay = Duration.ofSeconds(s));
                case "vrrp_garp_master_repeat" -> values.integer(n, 1, 1000).ifPresent(r -> garpMasterRepeat = r);
                case "vrrp_garp_master_refresh" -> values.integer(n, 0, 1_000_000)
                        .ifPresent(s -> garpMasterRefresh = Duration.ofSeconds(s));
                case "vrrp_garp_master_refresh_repeat" -> values.integer(n, 1, 1000)
                        .ifPresent(r -> garpMasterRefreshRepeat = r);
                case "vrrp_garp_lower_prio_delay" -> values.integer(n, 0, 1_000_000)
                        .ifPresent(v -> garpLowerPrioDelay = Duration.ofSeconds(v));
                case "vrrp_garp_lower_prio_repeat" -> values.integer(n, 0, Integer.MAX_VALUE)
                        .ifPresent(v -> garpLowerPrioRepeat = v);
                case "vrrp_min_garp" -> values.flag(n).filter(b -> b).ifPresent(b -> minGarp());
                case "vrrp_garp_extra_if", "vrrp_vmac_garp_intvl" -> GarpKeywords.extraIf(values, n, "")
                        .ifPresent(e -> garpExtraIf = e);
                case "vrrp_check_unicast_src" -> values.flag(n).ifPresent(b -> checkUnicastSrc = b);
                case "vrrp_down_timer_adverts" -> values.integer(n, 1, 100).ifPresent(v -> downTimerAdverts = v);
                case "vrrp_mcast_group4" -> multicast(n, AddressFamily.IPV4).ifPresent(a -> mcastGroup4 = a);
                case "vrrp_mcast_group6" -> multicast(n, AddressFamily.IPV6).ifPresent(a -> mcastGroup6 = a);
                case "script_user" -> values.word(n).ifPresent(u -> {
                    scriptUser = Optional.of(u);
                    scriptGroup = n.arguments().size() > 1 ? Optional.of(n.arguments().get(1)) : Optional.empty();
                });
                case "enable_script_security" -> values.flag(n).ifPresent(b -> scriptSecurity = b);
                case "vrrp_startup_delay" -> values.seconds(n, 3600).ifPresent(d -> startupDelay = d);
                case "vrrp_higher_prio_send_advert" -> values.flag(n).ifPresent(b -> higherPrioSendAdvert = b);
                case "vrrp_lower_prio_no_advert" -> values.flag(n).ifPresent(b -> lowerPrioNoAdvert = b);
                case "plugin_dir" -> {
                    if (n.arguments().isEmpty()) values.diagnostics().error(n.position(), "plugin_dir needs a directory");
                    n.arguments().forEach(d -> pluginDir(n, d));
                }
                case "no_bundled_plugins" -> values.flag(n).ifPresent(b -> noBundledPlugins = b);
                case "metrics_listen" -> metricsListen(n).ifPresent(l -> metricsListen = l);
                case "vmac_prefix", "vmac_addr_prefix" -> vmacNaming = new VmacBinder(values.diagnostics()).global(n, vmacNaming, values);
                case "metrics_keepalived_compat" -> keepalivedCompat(n).ifPresent(e -> metricsKeepalivedCompat = e);
                case String k when LifecycleBinder.KEYWORDS.contains(k) -> lifecycle.bind(n);
                case String k when ProcessBinder.KEYWORDS.contains(k) -> process.bind(n);
                case String k when HostSettingsBinder.KEYWORDS.contains(k) -> host.bind(n);
                case "smtp_alert_vrrp" -> values.flag(n).ifPresent(b -> smtpAlertVrrp = Optional.of(b));
                case String k when FirewallBinder.KEYWORDS.contains(k) -> firewall.bind(n);
                case String k when ReceiveBuffersBinder.KEYWORDS.contains(k) -> receiveBuffers.bind(n);
                case String k when SplitBrainHealBinder.KEYWORDS.contains(k) ->
                        splitBrainHeal = new SplitBrainHealBinder(values).read(n, splitBrainHeal);
                case String k when GlobalDefs.PLUGIN_FLAGS.contains(k) -> values.flag(n).ifPresent(on -> {
                    pluginGlobals.remove(k);
                    if (on) pluginGlobals.put(k, List.of());
                });
                case String k when GlobalDefs.PLUGIN_VALUES.contains(k) -> pluginValue(n)
                        .ifPresent(v -> {
                            pluginGlobals.remove(k);
                            pluginGlobals.put(k, List.of(v));
                        });
                case "include_check" -> { } // applied by the lexer to the includes that follow it
                default -> OutOfScope.warn(values.diagnostics(), n, " in global_defs");
            }
        }
    }

    /** The one value of a plugin keyword, checked as far as its meaning is known here. */
    private Optional<String> pluginValue(ConfigNode n) {
        if (n.arguments().size() > 1) {
            values.diagnostics().error(n.position(), n.keyword() + " takes one value, got " + n.arguments().size());
            return Optional.empty();
        }
        return switch (n.keyword()) {
            case "smtp_tls_verify" -> values.flag(n).isPresent() ? values.word(n) : Optional.empty();
            case "smtp_retries" -> {
                var retries = values.integer(n, 0, 100);
                yield retries.isPresent() ? Optional.of(Integer.toString(retries.getAsInt())) : Optional.empty();
            }
            default -> values.word(n);
        };
    }

    /**
     * keepalived's vrrp_min_garp: one message per burst and no second burst, for each of these
     * that still has its default when the line is read (a value written earlier stays).
     */
    private void minGarp() {
        if (garpMasterRepeat == GarpConfig.DEFAULTS.masterRepeat()) garpMasterRepeat = 1;
        if (garpMasterDelay.equals(GarpConfig.DEFAULTS.masterDelay())) garpMasterDelay = Duration.ZERO;
    }

    private Optional<InetAddress> multicast(ConfigNode n, AddressFamily family) {
        return values.word(n).flatMap(text -> values.address(n, text)).filter(a -> {
            if (AddressFamily.of(a) != family || !a.isMulticastAddress()) {
                values.diagnostics().error(n.position(), n.keyword() + " " + AddressText.of(a)
                        + " is not an " + family.label() + " multicast address");
                return false;
            }
            return true;
        });
    }

    /** {@code metrics_listen ADDRESS PORT} or {@code metrics_listen none|off}; empty when in error. */
    private Optional<Optional<InetSocketAddress>> metricsListen(ConfigNode n) {
        List<String> args = n.arguments();
        if (args.size() == 1 && (args.getFirst().equals("none") || args.getFirst().equals("off"))) {
            return Optional.of(Optional.empty());
        }
        if (args.size() != 2) {
            values.diagnostics().error(n.position(), "metrics_listen needs ADDRESS PORT, or none");
            return Optional.empty();
        }
        Optional<InetAddress> address = values.address(n, args.get(0));
        var port = values.integer(n, args.get(1), 1, 65535);
        if (address.isEmpty() || port.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Optional.of(new InetSocketAddress(address.get(), port.getAsInt())));
    }

    /**
     * {@code metrics_keepalived_compat [EXPORTER...]}: {@code mehdy}, {@code gen2brain} or both; alone (or
     * {@code on}, {@code yes}, {@code true}) mehdy's names, the first ones keepwatch served; {@code off}
     * (or {@code no}, {@code false}) none. Empty when in error.
     */
    private Optional<Set<KeepalivedExporter>> keepalivedCompat(ConfigNode n) {
        List<String> args = n.arguments();
        if (args.isEmpty() || args.size() == 1 && FLAG_WORDS.contains(args.getFirst().toLowerCase(Locale.ROOT))) {
            return values.flag(n).map(on -> on ? Set.of(KeepalivedExporter.MEHDY) : Set.of());
        }
        Set<KeepalivedExporter> exporters = EnumSet.noneOf(KeepalivedExporter.class);
        for (String word : args) {
            Optional<KeepalivedExporter> exporter = KeepalivedExporter.of(word);
            if (exporter.isEmpty()) {
                values.diagnostics().error(n.position(), "metrics_keepalived_compat '" + word
                        + "' is not mehdy, gen2brain, on or off");
                return Optional.empty();
            }
            exporters.add(exporter.get());
        }
        return Optional.of(exporters);
    }

    // A directory that is not there would load nothing, silently: a typing error must show.
    private void pluginDir(ConfigNode n, String dir) {
        Path path = Path.of(dir);
        if (!Files.isDirectory(path)) {
            values.diagnostics().error(n.position(), "plugin_dir " + dir
                    + (Files.exists(path) ? " is not a directory" : " does not exist"));
        }
        pluginDirs.add(path);
    }

    GlobalDefs build() {
        return new GlobalDefs(routerId, notificationEmail, emailFrom, smtpServer, smtpConnectTimeout, smtpHeloName,
                smtpAlertVrrp.orElse(smtpAlert), version, strict, skipCheckAdvAddr,
                new GarpConfig(garpMasterDelay, garpMasterRepeat, garpMasterRefresh, garpMasterRefreshRepeat,
                        garpInterval, gnaInterval,
                        garpLowerPrioDelay != null ? garpLowerPrioDelay : garpMasterDelay,
                        garpLowerPrioRepeat != null ? garpLowerPrioRepeat : garpMasterRepeat, garpExtraIf),
                mcastGroup4, mcastGroup6, scriptUser, scriptGroup, scriptSecurity, startupDelay,
                higherPrioSendAdvert, lowerPrioNoAdvert, pluginDirs, noBundledPlugins,
                new MetricsSettings(metricsListen, metricsKeepalivedCompat), pluginGlobals, vmacNaming, lifecycle.build(),
                process.build(), host.build(), firewall.build(),
                new AdvertGlobals(checkUnicastSrc, downTimerAdverts), receiveBuffers.build(), splitBrainHeal);
    }
}
