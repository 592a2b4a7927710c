package io.keepwatch.config.model;

import io.keepwatch.vrrp.VrrpVersion;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code global_defs} block, defaults applied.
 *
 * @param routerId {@code router_id}; empty means the host name (resolved by the runtime)
 * @param notificationEmail {@code notification_email} recipients (empty: no mail is sent)
 * @param notificationEmailFrom {@code notification_email_from}
 * @param smtpServer {@code smtp_server}
 * @param smtpConnectTimeout {@code smtp_connect_timeout}; default 30 s
 * @param smtpHeloName {@code smtp_helo_name}; empty means the host name
 * @param smtpAlert {@code smtp_alert}: mail on every state change unless an instance or group says otherwise
 * @param vrrpVersion {@code vrrp_version}; default 2
 * @param vrrpStrict {@code vrrp_strict}: refuse what RFC 9568 does not allow
 * @param vrrpSkipCheckAdvAddr {@code vrrp_skip_check_adv_addr}
 * @param garp {@code vrrp_garp_master_delay}, {@code _repeat}, {@code _refresh}, {@code _refresh_repeat},
 *             {@code vrrp_garp_interval}, {@code vrrp_gna_interval}
 * @param vrrpMcastGroup4 {@code vrrp_mcast_group4}; default 224.0.0.18 (RFC 9568 5.1.1.2)
 * @param vrrpMcastGroup6 {@code vrrp_mcast_group6}; default ff02::12 (RFC 9568 5.1.2.2)
 * @param scriptUser {@code script_user USER [GROUP]}: user scripts run as
 * @param scriptGroup the GROUP of {@code script_user}
 * @param enableScriptSecurity {@code enable_script_security}
 * @param vrrpStartupDelay {@code vrrp_startup_delay}; default 0
 * @param vrrpHigherPrioSendAdvert {@code vrrp_higher_prio_send_advert}
 * @param vrrpLowerPrioNoAdvert {@code vrrp_lower_prio_no_advert}
 * @param pluginDirs {@code plugin_dir PATH...}: where plugins are loaded from besides the bundled ones,
 *                   instead of /etc/keepwatch/plugins (keepwatch only)
 * @param noBundledPlugins {@code no_bundled_plugins}: leave the plugins shipped with keepwatch out
 *                         (keepwatch only)
 * @param metrics {@code metrics_listen}, {@code metrics_keepalived_compat} (keepwatch only)
 * @param vmacNaming {@code vmac_prefix}
 * @param pluginGlobals the keywords plugins read from {@code global_defs} ({@link #PLUGIN_FLAGS},
 *                      {@link #PLUGIN_VALUES}) with their arguments, in file order; a flag set to
 *                      false is absent
 * @param lifecycle notify FIFOs, start-up and shutdown scripts, reloads
 * @param process scheduling and process keywords: {@code vrrp_rt_priority}, {@code vrrp_priority},
 *                {@code vrrp_no_swap}, {@code vrrp_cpu_affinity}, {@code umask}, ...
 * @param host {@code default_interface}, {@code log_unknown_vrids}
 * @param firewall {@code nftables}, {@code nftables_priority}, {@code nftables_counters}, {@code vrrp_iptables}, ...
 * @param advertGlobals {@code vrrp_check_unicast_src}, {@code vrrp_down_timer_adverts}
 * @param receiveBuffers {@code vrrp_netlink_cmd_rcv_bufs}, {@code vrrp_netlink_monitor_rcv_bufs}, ...
 * @param splitBrainHeal {@code split_brain_heal}: the instances' default (keepwatch only)
 */
public record GlobalDefs(Optional<String> routerId, List<String> notificationEmail,
                         Optional<String> notificationEmailFrom, Optional<SmtpServer> smtpServer,
                         Duration smtpConnectTimeout, Optional<String> smtpHeloName, boolean smtpAlert,
                         VrrpVersion vrrpVersion, boolean vrrpStrict, boolean vrrpSkipCheckAdvAddr,
                         GarpConfig garp, InetAddress vrrpMcastGroup4, InetAddress vrrpMcastGroup6,
                         Optional<String> scriptUser, Optional<String> scriptGroup, boolean enableScriptSecurity,
                         Duration vrrpStartupDelay, boolean vrrpHigherPrioSendAdvert,
                         boolean vrrpLowerPrioNoAdvert, List<Path> pluginDirs, boolean noBundledPlugins,
                         MetricsSettings metrics,
                         Map<String, List<String>> pluginGlobals, VmacNaming vmacNaming, Lifecycle lifecycle,
                         ProcessSettings process, HostSettings host,
                         FirewallSettings firewall, AdvertGlobals advertGlobals,
                         ReceiveBuffers receiveBuffers, SplitBrainHeal splitBrainHeal) {

    /** Flags the smtp notifier reads from global_defs: present means on. */
    public static final Set<String> PLUGIN_FLAGS = Set.of("smtp_starttls", "smtp_ssl", "no_email_faults");
    /** Keywords with one value the smtp notifier reads from global_defs. */
    public static final Set<String> PLUGIN_VALUES = Set.of("smtp_tls_verify", "smtp_username", "smtp_password",
            "smtp_retries");
    /** Plugin globals whose value never appears in a dump or a log. */
    public static final Set<String> SECRET_PLUGIN_GLOBALS = Set.of("smtp_password");

    public static final InetAddress DEFAULT_MCAST_GROUP4 = InetAddress.ofLiteral("224.0.0.18");
    public static final InetAddress DEFAULT_MCAST_GROUP6 = InetAddress.ofLiteral("ff02::12");

    /** What an absent or empty {@code global_defs} means. */
    public static final GlobalDefs DEFAULTS = new GlobalDefs(Optional.empty(), List.of(), Optional.empty(),
            Optional.empty(), Duration.ofSeconds(30), Optional.empty(), false, VrrpVersion.V2, false, false,
            GarpConfig.DEFAULTS, DEFAULT_MCAST_GROUP4, DEFAULT_MCAST_GROUP6, Optional.empty(), Optional.empty(),
            false, Duration.ZERO, false, false, List.of(), false, MetricsSettings.DEFAULTS, Map.of(),
            VmacNaming.DEFAULTS, Lifecycle.DEFAULTS, ProcessSettings.DEFAULTS, HostSettings.DEFAULTS,
            FirewallSettings.DEFAULTS, AdvertGlobals.DEFAULTS, ReceiveBuffers.DEFAULTS,
            SplitBrainHeal.DEFAULTS);

    public GlobalDefs {
        Objects.requireNonNull(routerId, "routerId");
        notificationEmail = List.copyOf(notificationEmail);
        Objects.requireNonNull(notificationEmailFrom, "notificationEmailFrom");
        Objects.requireNonNull(smtpServer, "smtpServer");
        Objects.requireNonNull(smtpConnectTimeout, "smtpConnectTimeout");
        Objects.requireNonNull(smtpHeloName, "smtpHeloName");
        Objects.requireNonNull(vrrpVersion, "vrrpVersion");
        Objects.requireNonNull(garp, "garp");
        Objects.requireNonNull(vrrpMcastGroup4, "vrrpMcastGroup4");
        Objects.requireNonNull(vrrpMcastGroup6, "vrrpMcastGroup6");
        Objects.requireNonNull(scriptUser, "scriptUser");
        Objects.requireNonNull(scriptGroup, "scriptGroup");
        Objects.requireNonNull(vrrpStartupDelay, "vrrpStartupDelay");
        pluginDirs = List.copyOf(pluginDirs);
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(vmacNaming, "vmacNaming");
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(firewall, "firewall");
        Objects.requireNonNull(advertGlobals, "advertGlobals");
        Objects.requireNonNull(splitBrainHeal, "splitBrainHeal");
        Map<String, List<String>> ordered = new LinkedHashMap<>();
        pluginGlobals.forEach((k, v) -> ordered.put(Objects.requireNonNull(k, "pluginGlobals key"), List.copyOf(v)));
        pluginGlobals = masked(Collections.unmodifiableMap(ordered));
        Objects.requireNonNull(lifecycle, "lifecycle");
    }

    /**
     * The map as it is, except that its {@code toString} (and so this record's) masks secrets: a
     * configuration may end up in a log or an assertion message.
     */
    private static Map<String, List<String>> masked(Map<String, List<String>> map) {
        return new AbstractMap<>() {
            @Override
            public Set<Entry<String, List<String>>> entrySet() {
                return map.entrySet();
            }

            @Override
            public List<String> get(Object key) {
                return map.get(key);
            }

            @Override
            public boolean containsKey(Object key) {
                return map.containsKey(key);
            }

            @Override
            public String toString() {
                StringBuilder out = new StringBuilder("{");
                map.forEach((k, v) -> out.append(out.length() > 1 ? ", " : "").append(k).append('=')
                        .append(SECRET_PLUGIN_GLOBALS.contains(k) ? Secret.MASK : v));
                return out.append('}').toString();
            }
        };
    }
}
