package io.keepwatch.config.bind;

import io.keepwatch.config.diagnostic.Diagnostics;
import io.keepwatch.plugin.api.ConfigNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The keepalived 2.2.7 keywords keepwatch leaves out on purpose, by family, with the reason a
 * binder's {@code default} branch warns with instead of "unknown keyword". keepalived's checker
 * (LVS/IPVS), BFD, SNMP and D-Bus are other programs' business on a keepwatch host, and a few
 * keywords only concern keepalived's own processes. A few keywords keepwatch does not implement yet
 * are listed too, so that their warning says so rather than suggest a typing error. Anything not
 * listed here and not bound is unknown, which is what an operator must see for a typing error.
 */
final class OutOfScope {
    private static final String LVS = "LVS/IPVS is out of scope for keepwatch";
    private static final String BFD = "BFD is out of scope for keepwatch";
    private static final String SNMP = "SNMP is out of scope for keepwatch (its metrics are served on /metrics)";
    private static final String DBUS = "D-Bus is out of scope for keepwatch (use the control socket or /status)";
    private static final String NAMESPACE =
            "keepwatch does not enter a network namespace itself: run it with 'ip netns exec NAME'";
    /** The start of the reason of a keyword keepwatch does not implement yet. */
    static final String NOT_YET = "not implemented in keepwatch yet";
    private static final String ONE_PROCESS = "keepwatch runs as one process; keepalived's child processes have no counterpart";

    private static final Map<String, String> REASONS = reasons();

    private OutOfScope() {}

    private static Map<String, String> reasons() {
        var m = new HashMap<String, String>();
        for (String k : Set.of("virtual_server", "virtual_server_group", "SSL",
                // global_defs
                "lvs_timeouts", "lvs_flush", "lvs_flush_on_stop", "lvs_flush_onstop", "lvs_sync_daemon",
                "lvs_process_name", "lvs_notify_fifo", "lvs_notify_fifo_script", "lvs_netlink_cmd_rcv_bufs",
                "lvs_netlink_cmd_rcv_bufs_force", "lvs_netlink_monitor_rcv_bufs", "lvs_netlink_monitor_rcv_bufs_force",
                "checker_process_name", "checker_priority", "checker_no_swap", "checker_rt_priority",
                "checker_cpu_affinity", "checker_rlimit_rttime", "checker_rlimit_rtime", "checker_log_all_failures",
                "smtp_alert_checker", "no_checker_emails", "rs_init_notifies", "nftables_ipvs",
                "nftables_ipvs_priority", "nftables_ipvs_start_fwmark", "net_namespace_ipvs",
                // vrrp_instance
                "lvs_sync_daemon_interface")) {
            m.put(k, LVS);
        }
        for (String k : Set.of("bfd_instance", "bfd_process_name", "bfd_priority", "bfd_no_swap", "bfd_rt_priority",
                "bfd_cpu_affinity", "bfd_rlimit_rttime", "bfd_rlimit_rtime", "track_bfd")) {
            m.put(k, BFD);
        }
        for (String k : Set.of("enable_snmp_vrrp", "enable_snmp_keepalived", "enable_snmp_rfc", "enable_snmp_rfcv2",
                "enable_snmp_rfcv3", "enable_snmp_checker", "enable_traps", "snmp_socket")) {
            m.put(k, SNMP);
        }
        for (String k : Set.of("enable_dbus", "dbus_service_name")) m.put(k, DBUS);
        for (String k : Set.of("net_namespace", "namespace_with_ipsets", "instance")) m.put(k, NAMESPACE);
        for (String k : Set.of("child_wait_time", "use_pid_dir", "tmp_config_directory")) m.put(k, ONE_PROCESS);
        notYet(m, "VRRP sockets are not bound to a VRF", "vrf");
        return Map.copyOf(m);
    }

    private static void notYet(Map<String, String> m, String meanwhile, String... keywords) {
        for (String k : keywords) m.put(k, NOT_YET + ": " + meanwhile);
    }

    /** Why keepwatch leaves {@code keyword} out, on purpose or for now. */
    static Optional<String> reason(String keyword) {
        return Optional.ofNullable(REASONS.get(keyword));
    }

    /**
     * The warning of a binder's {@code default} branch: the family and reason of an out-of-scope
     * keyword, else keepalived's "unknown keyword". {@code where} names the enclosing block (" in
     * global_defs"), empty at the top level.
     */
    static void warn(Diagnostics diagnostics, ConfigNode n, String where) {
        String ignored = n.children().isEmpty() ? "ignored" : "block ignored";
        diagnostics.warning(n.position(), reason(n.keyword())
                .map(why -> n.keyword() + where + ": " + why + "; " + ignored)
                .orElseGet(() -> "unknown keyword '" + n.keyword() + "'" + where + "; ignored"));
    }
}
