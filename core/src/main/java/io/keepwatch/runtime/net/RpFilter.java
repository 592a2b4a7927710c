package io.keepwatch.runtime.net;

import io.keepwatch.linux.Constants;
import io.keepwatch.linux.LinkDetails;
import io.keepwatch.linux.RtNetlink;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An IPv4 VMAC needs rp_filter 0, and the kernel applies the greater of net.ipv4.conf.all.rp_filter
 * and the interface's own. As keepalived does before its first IPv4 VMAC: every interface (and
 * default) whose rp_filter is below all's is raised to all's, so none of them filters less than
 * before, then all is set to 0; at stop each value is put back if it is still what was set.
 * VRRP thread only.
 */
final class RpFilter {

    private static final Logger LOG = LoggerFactory.getLogger(RpFilter.class);

    private final RtNetlink netlink;
    /** all.rp_filter before it was cleared; empty while nothing was changed. */
    private OptionalInt all = OptionalInt.empty();
    private OptionalInt defaults = OptionalInt.empty();
    /** Interfaces raised to all's value, with their own value before. */
    private final Map<String, Integer> raised = new HashMap<>();

    private final SysctlLedger ledger;

    RpFilter(RtNetlink netlink, SysctlLedger ledger) {
        this.netlink = netlink;
        this.ledger = ledger;
    }

    /** Clears all.rp_filter once, raising the others first; later calls do nothing. */
    void clear(List<LinkDetails> links) {
        if (all.isPresent()) {
            return;
        }
        OptionalInt current = Sysctl.read(Sysctl.ipv4("all", "rp_filter"));
        if (current.isEmpty()) {
            LOG.info("cannot read net.ipv4.conf.all.rp_filter; left as it is");
            return;
        }
        int value = current.getAsInt();
        if (value == 0) {
            return;
        }
        try {
            OptionalInt def = Sysctl.read(Sysctl.ipv4("default", "rp_filter"));
            if (def.isPresent() && def.getAsInt() < value) {
                LOG.info("setting net.ipv4.conf.default.rp_filter from {} to {} for VMACs", def.getAsInt(), value);
                ledger.changing(Sysctl.ipv4("default", "rp_filter"), def.getAsInt(), value);
                Sysctl.write(Sysctl.ipv4("default", "rp_filter"), value);
                defaults = def;
            }
            for (LinkDetails link : links) {
                var own = link.inetConf(Constants.IPV4_DEVCONF_RP_FILTER);
                if (own.isPresent() && own.get() < value) {
                    ledger.changing(Sysctl.ipv4(link.name(), "rp_filter"), own.get(), value);
                    netlink.setInetConf(link.index(), link.name(), Map.of(Constants.IPV4_DEVCONF_RP_FILTER, value));
                    raised.put(link.name(), own.get());
                }
            }
            LOG.info("setting net.ipv4.conf.all.rp_filter from {} to 0 for VMACs", value);
            ledger.changing(Sysctl.ipv4("all", "rp_filter"), value, 0);
            Sysctl.write(Sysctl.ipv4("all", "rp_filter"), 0);
            all = current;
        } catch (IOException e) {
            LOG.warn("cannot clear net.ipv4.conf.all.rp_filter for VMACs: {}", e.getMessage());
            all = current;
            restore();
        }
    }

    /** Puts back what {@link #clear} changed, each value only if it is still the one set. */
    void restore() {
        if (all.isEmpty()) {
            return;
        }
        int value = all.getAsInt();
        putBack("all", 0, value);
        if (defaults.isPresent()) {
            putBack("default", value, defaults.getAsInt());
        }
        raised.forEach((name, before) -> putBack(name, value, before));
        raised.clear();
        defaults = OptionalInt.empty();
        all = OptionalInt.empty();
    }

    /** Puts {@code before} back on {@code device} if it still has {@code set}. */
    private void putBack(String device, int set, int before) {
        if (Sysctl.read(Sysctl.ipv4(device, "rp_filter")).orElse(-1) == set) {
            put(device, before);
        }
        ledger.restored(Sysctl.ipv4(device, "rp_filter"));
    }

    private static void put(String device, int value) {
        try {
            Sysctl.write(Sysctl.ipv4(device, "rp_filter"), value);
            LOG.info("net.ipv4.conf.{}.rp_filter reset to {}", device, value);
        } catch (IOException e) {
            LOG.warn("cannot reset net.ipv4.conf.{}.rp_filter to {}: {}", device, value, e.getMessage());
        }
    }
}
