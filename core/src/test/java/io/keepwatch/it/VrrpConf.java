package io.keepwatch.it;

import java.util.ArrayList;
import java.util.List;

/**
 * keepalived.conf text for the integration tests: a {@code vrrp_instance} block built line by line,
 * and a whole file around one or more of them. The same text runs keepwatch and keepalived.
 */
final class VrrpConf {

    private final String name;
    private final List<String> lines = new ArrayList<>();
    private final List<String> vips = new ArrayList<>();

    private VrrpConf(String name) {
        this.name = name;
    }

    /** A VRRPv3 instance on eth0, BACKUP at start, advert_int 0.1 (fast tests). */
    static VrrpConf v3(String name, int vrid, int priority) {
        return new VrrpConf(name).line("state BACKUP").line("interface eth0").line("version 3")
                .line("virtual_router_id " + vrid).line("priority " + priority).line("advert_int 0.1");
    }

    /** A VRRPv2 instance on eth0 with auth_type PASS, BACKUP at start, advert_int 1 (v2 counts seconds). */
    static VrrpConf v2Pass(String name, int vrid, int priority, String password) {
        return new VrrpConf(name).line("state BACKUP").line("interface eth0").line("version 2")
                .line("virtual_router_id " + vrid).line("priority " + priority).line("advert_int 1")
                .line("authentication {\n    auth_type PASS\n    auth_pass " + password + "\n  }");
    }

    /** A VRRPv2 instance on eth0 with auth_type AH (IPsec AH, HMAC-MD5-96), BACKUP at start, advert_int 1. */
    static VrrpConf v2Ah(String name, int vrid, int priority, String password) {
        return new VrrpConf(name).line("state BACKUP").line("interface eth0").line("version 2")
                .line("virtual_router_id " + vrid).line("priority " + priority).line("advert_int 1")
                .line("authentication {\n    auth_type AH\n    auth_pass " + password + "\n  }");
    }

    VrrpConf line(String line) {
        lines.add(line);
        return this;
    }

    /** Replaces the line that starts with {@code keyword} (state, advert_int ...). */
    VrrpConf set(String keyword, String value) {
        lines.removeIf(l -> l.startsWith(keyword + " "));
        lines.add(keyword + " " + value);
        return this;
    }

    VrrpConf vip(String cidr) {
        vips.add(cidr);
        return this;
    }

    String block() {
        StringBuilder b = new StringBuilder("vrrp_instance ").append(name).append(" {\n");
        lines.forEach(l -> b.append("  ").append(l).append('\n'));
        b.append("  virtual_ipaddress {\n");
        vips.forEach(v -> b.append("    ").append(v).append('\n'));
        return b.append("  }\n}\n").toString();
    }

    /** A whole file: global_defs (router_id, no GARP spacing, no delayed second burst) and the instances. */
    static String file(String routerId, VrrpConf... instances) {
        StringBuilder b = new StringBuilder("global_defs {\n  router_id ").append(routerId).append('\n')
                .append("  vrrp_garp_master_delay 0\n}\n");
        for (VrrpConf i : instances) {
            b.append(i.block());
        }
        return b.toString();
    }

    /** The same instance as a file of its own. */
    String file(String routerId) {
        return file(routerId, this);
    }
}
