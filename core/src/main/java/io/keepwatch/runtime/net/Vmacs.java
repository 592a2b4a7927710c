package io.keepwatch.runtime.net;

import io.keepwatch.linux.AddressSpec;
import io.keepwatch.linux.Constants;
import io.keepwatch.linux.Errno;
import io.keepwatch.linux.LinkDetails;
import io.keepwatch.linux.NativeException;
import io.keepwatch.linux.RtNetlink;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VMAC interfaces of the instances with {@code use_vmac}: private-mode macvlans on the
 * instance's interface with the virtual router MAC, made, set up and deleted as keepalived does
 * (vrrp_vmac.c, vrrp_if_config.c). Each VMAC has one holder; it is made when its instance starts,
 * stays up while the instance runs whatever its state (the VIPs come and go on it), and is deleted
 * when the instance goes away. VRRP thread only.
 *
 * <p>The settings keepalived gives an IPv4 VMAC: arp_ignore 1 (it answers ARP only for its own
 * addresses, the VIPs), accept_local 1 and rp_filter 0 (it receives packets from addresses of this
 * host), promote_secondaries 1; and to its lower interface arp_ignore 1 and arp_filter 1, so that
 * the lower interface never answers for a VIP with its own MAC. Those two are put back when the
 * last VMAC on the interface goes.
 */
final class Vmacs {

    private static final Logger LOG = LoggerFactory.getLogger(Vmacs.class);
    private static final Map<Integer, Integer> VMAC_IPV4 = Map.of(Constants.IPV4_DEVCONF_ARP_IGNORE, 1,
            Constants.IPV4_DEVCONF_ACCEPT_LOCAL, 1, Constants.IPV4_DEVCONF_RP_FILTER, 0,
            Constants.IPV4_DEVCONF_PROMOTE_SECONDARIES, 1);
    private static final int IFNAMSIZ = 16;

    /** One VMAC an instance holds. */
    record Held(String instance, String name, int index, String base, boolean ipv4Settings,
                VmacObserver.VmacLink link) {}

    /** A lower interface's arp settings before the first VMAC on it, and how many VMACs rely on them. */
    private static final class BaseArp {
        final int arpIgnore;
        final int arpFilter;
        int users;

        BaseArp(int arpIgnore, int arpFilter) {
            this.arpIgnore = arpIgnore;
            this.arpFilter = arpFilter;
        }
    }

    private final RtNetlink netlink;
    private final RpFilter rpFilter;
    private final Map<String, Held> held = new HashMap<>();
    private final Map<String, BaseArp> baseArp = new HashMap<>();

    private final SysctlLedger sysctls;
    private VmacObserver observer = VmacObserver.NONE;

    Vmacs(RtNetlink netlink, SysctlLedger sysctls) {
        this.netlink = netlink;
        this.sysctls = sysctls;
        this.rpFilter = new RpFilter(netlink, sysctls);
    }

    /**
     * Makes (or takes over) the VMAC of {@code request.instance()}, sets it up and returns its name.
     * A macvlan already on the lower interface with the wanted MAC, private mode, is taken as it is
     * (an earlier run killed with -9 left it; keepalived takes it too); one of the configured name
     * with another MAC or mode is corrected, one on another lower interface is replaced.
     *
     * @throws IOException when the lower interface is missing or the kernel refuses the macvlan
     */
    String ensure(VmacRequest request) throws IOException {
        Held current = held.get(request.holder());
        if (current != null && intact(current)) {
            return current.name();
        }
        releaseHeld(request.holder());
        List<LinkDetails> links = netlink.linkDetails();
        LinkDetails base = find(links, request.baseInterface()).orElseThrow(() -> new NativeException("RTM_NEWLINK",
                Errno.ENODEV, "(" + request.instance() + ") no interface " + request.baseInterface() + " for its VMAC"));
        Optional<LinkDetails> existing = matching(links, base, request);
        String name;
        boolean created;
        if (existing.isPresent()) {
            name = existing.get().name();
            created = false;
            LOG.info("({}) found matching VMAC {}", request.instance(), name);
        } else {
            name = request.name().filter(n -> usable(links, n, request.instance())).orElseGet(
                    () -> generatedName(links, request));
            created = create(links, base, name, request);
        }
        LinkDetails vmac = find(netlink.linkDetails(), name).orElseThrow(() -> new NativeException("RTM_NEWLINK",
                Errno.ENODEV, "(" + request.instance() + ") VMAC " + name + " vanished as it was made"));
        // keepalived sets these only on a VMAC it makes; keepwatch also on one it takes over, since the
        // start put back the lower interface's settings that the killed run had changed
        boolean ipv4Settings = !request.ipv6();
        if (ipv4Settings) {
            rpFilter.clear(links);
            netlink.setInetConf(vmac.index(), name, VMAC_IPV4);
            holdBaseArp(base);
        }
        VmacObserver.VmacLink link = new VmacObserver.VmacLink(request.instance(), name, vmac.index(), base.index(),
                request.ipv6(), request.forAddresses());
        held.put(request.holder(), new Held(request.instance(), name, vmac.index(), base.name(), ipv4Settings, link));
        configure(vmac, request);
        observer.vmacUp(link);
        return name;
    }

    /**
     * IPv6 stays off on an IPv4 VMAC; no link-local address is generated from the VMAC's MAC (RFC
     * 5798 section 7.4: the virtual MAC is not the router's own), the one adverts are sent from is
     * added instead; then the link goes up.
     */
    private void configure(LinkDetails vmac, VmacRequest request) throws IOException {
        try {
            Sysctl.write(Sysctl.ipv6(vmac.name(), "disable_ipv6"), request.ipv6() ? 0 : 1);
        } catch (IOException e) {
            LOG.info("({}) cannot set disable_ipv6 on {}: {}", request.instance(), vmac.name(), e.getMessage());
        }
        try {
            netlink.setAddrGenMode(vmac.index(), vmac.name(), Constants.IN6_ADDR_GEN_MODE_NONE);
        } catch (IOException e) {
            LOG.info("({}) {}", request.instance(), e.getMessage());
        }
        netlink.setLinkUp(vmac.index(), vmac.name());
        if (request.linkLocal().isPresent()) {
            try {
                netlink.addAddress(vmac.index(), vmac.name(), AddressSpec.of(request.linkLocal().get(), 64));
            } catch (NativeException e) {
                if (e.errno() != Errno.EEXIST) {
                    LOG.warn("({}) cannot add the link-local address to {}: {}", request.instance(), vmac.name(),
                            e.getMessage());
                }
            }
        }
    }

    /** Creates the macvlan (or corrects one of that name); true when its settings are to be made. */
    private boolean create(List<LinkDetails> links, LinkDetails base, String name, VmacRequest request)
            throws IOException {
        Optional<LinkDetails> same = find(links, name);
        if (same.isPresent() && same.get().parentIndex() == base.index()) {
            LOG.info("({}) updating VMAC {}: wrong MAC or mode", request.instance(), name);
            netlink.updateMacvlan(same.get().index(), name, request.mac(), Constants.MACVLAN_MODE_PRIVATE);
            return true;
        }
        if (same.isPresent()) {
            LOG.info("({}) removing VMAC {}: it is on another interface", request.instance(), name);
            netlink.deleteLink(same.get().index(), name);
        }
        netlink.addMacvlan(name, base.index(), request.mac(), Constants.MACVLAN_MODE_PRIVATE);
        LOG.info("({}) created VMAC {} on {}", request.instance(), name, base.name());
        return true;
    }

    /** A private macvlan on {@code base} with the wanted MAC that no other instance holds. */
    private Optional<LinkDetails> matching(List<LinkDetails> links, LinkDetails base, VmacRequest request) {
        Set<String> others = heldNames();
        return links.stream()
                .filter(l -> l.isMacvlan() && l.macvlanMode() == Constants.MACVLAN_MODE_PRIVATE
                        && l.parentIndex() == base.index() && l.link().mac() != null
                        && Arrays.equals(l.link().mac().bytes(), request.mac()) && !others.contains(l.name()))
                .findFirst();
    }

    /**
     * The configured name can be used unless another instance holds it or a link of that name is
     * something else than a macvlan (keepalived then ignores the name, with a warning).
     */
    private boolean usable(List<LinkDetails> links, String name, String instance) {
        if (heldNames().contains(name)) {
            LOG.warn("({}) VMAC name {} is held by another instance; a name is generated", instance, name);
            return false;
        }
        Optional<LinkDetails> same = find(links, name);
        if (same.isPresent() && !same.get().isMacvlan()) {
            LOG.warn("({}) interface {} exists and is not a macvlan; a VMAC name is generated", instance, name);
            return false;
        }
        return true;
    }

    /**
     * keepalived's create_vmac_name: PREFIX.VRID, then PREFIX1.VRID, PREFIX2.VRID ... (for IPv6
     * PREFIX6.VRID is tried second), skipping names that exist or another instance holds; the prefix
     * is shortened when the name would not fit in IFNAMSIZ.
     */
    private String generatedName(List<LinkDetails> links, VmacRequest request) {
        Set<String> taken = links.stream().map(LinkDetails::name).collect(Collectors.toSet());
        taken.addAll(heldNames());
        int number = 0;
        while (true) {
            String suffix = (number == 0 ? "" : Integer.toString(number)) + "." + request.vrid();
            String prefix = request.prefix();
            if (prefix.length() + suffix.length() >= IFNAMSIZ) {
                prefix = prefix.substring(0, IFNAMSIZ - 1 - suffix.length());
            }
            String name = prefix + suffix;
            if (!taken.contains(name)) {
                return name;
            }
            if (request.ipv6()) {
                number = number == 0 ? 6 : number == 6 ? 1 : number + 1 == 6 ? 7 : number + 1;
            } else {
                number++;
            }
        }
    }

    private Set<String> heldNames() {
        return held.values().stream().map(Held::name).collect(Collectors.toSet());
    }

    private static Optional<LinkDetails> find(List<LinkDetails> links, String name) {
        return links.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    /** Sets arp_ignore and arp_filter of the lower interface to 1, saving them first, once per interface. */
    private void holdBaseArp(LinkDetails base) throws IOException {
        BaseArp saved = baseArp.get(base.name());
        if (saved == null) {
            int arpIgnore = base.inetConf(Constants.IPV4_DEVCONF_ARP_IGNORE).orElse(0);
            int arpFilter = base.inetConf(Constants.IPV4_DEVCONF_ARPFILTER).orElse(0);
            if (arpIgnore == 1 && arpFilter == 1) {
                return;
            }
            sysctls.changing(Sysctl.ipv4(base.name(), "arp_ignore"), arpIgnore, 1);
            sysctls.changing(Sysctl.ipv4(base.name(), "arp_filter"), arpFilter, 1);
            netlink.setInetConf(base.index(), base.name(), Map.of(Constants.IPV4_DEVCONF_ARP_IGNORE, 1,
                    Constants.IPV4_DEVCONF_ARPFILTER, 1));
            saved = new BaseArp(arpIgnore, arpFilter);
            baseArp.put(base.name(), saved);
        }
        saved.users++;
    }

    private void releaseBaseArp(String base) {
        BaseArp saved = baseArp.get(base);
        if (saved == null || --saved.users > 0) {
            return;
        }
        baseArp.remove(base);
        try {
            netlink.setInetConf(netlink.ifIndex(base), base, Map.of(Constants.IPV4_DEVCONF_ARP_IGNORE,
                    saved.arpIgnore, Constants.IPV4_DEVCONF_ARPFILTER, saved.arpFilter));
        } catch (IOException e) {
            LOG.info("cannot reset arp_ignore and arp_filter on {}: {}", base, e.getMessage());
        } finally {
            sysctls.restored(Sysctl.ipv4(base, "arp_ignore"));
            sysctls.restored(Sysctl.ipv4(base, "arp_filter"));
        }
    }

    /** Who is told of VMACs made and gone from now on. */
    void observe(VmacObserver observer) {
        this.observer = observer;
    }

    /** The name of the VMAC {@code instance} holds. */
    Optional<String> nameOf(String instance) {
        return Optional.ofNullable(held.get(instance)).map(Held::name);
    }

    /** Every VMAC {@code instance} holds: its own and those of use_vmac_addr. */
    List<String> namesOf(String instance) {
        return held.values().stream().filter(h -> h.instance().equals(instance)).map(Held::name).toList();
    }

    /** Whether the VMACs {@code instance} holds are still there (same name, same index); false when it holds none. */
    boolean intact(String instance) {
        List<Held> of = held.values().stream().filter(h -> h.instance().equals(instance)).toList();
        return !of.isEmpty() && of.stream().allMatch(this::intact);
    }

    private boolean intact(Held h) {
        try {
            return netlink.links().stream().anyMatch(l -> l.name().equals(h.name()) && l.index() == h.index());
        } catch (IOException e) {
            return true; // cannot tell; leave it
        }
    }

    /** Deletes every VMAC {@code instance} holds, and puts back what they changed. Gone already is fine. */
    void release(String instance) {
        releaseExcept(instance, List.of());
    }

    /** Deletes the VMACs {@code instance} holds other than those named {@code kept}. */
    void releaseExcept(String instance, Collection<String> kept) {
        for (Map.Entry<String, Held> e : List.copyOf(held.entrySet())) {
            if (e.getValue().instance().equals(instance) && !kept.contains(e.getValue().name())) {
                releaseHeld(e.getKey());
            }
        }
    }

    private void releaseHeld(String holder) {
        Held h = held.remove(holder);
        if (h == null) {
            return;
        }
        String instance = h.instance();
        observer.vmacGone(h.link());
        if (h.ipv4Settings()) {
            releaseBaseArp(h.base());
        }
        try {
            netlink.deleteLink(h.index(), h.name());
            LOG.info("({}) removed VMAC {}", instance, h.name());
        } catch (NativeException e) {
            if (e.errno() != Errno.ENODEV) {
                LOG.error("({}) cannot remove VMAC {}: {}", instance, h.name(), e.getMessage());
            }
        } catch (IOException e) {
            LOG.error("({}) cannot remove VMAC {}: {}", instance, h.name(), e.getMessage());
        }
    }

    /** Deletes the VMACs an earlier run left that no instance holds now (see {@link Leftovers#vmacs}). */
    void clearLeftovers(String prefix) {
        try {
            for (LinkDetails l : Leftovers.vmacs(netlink.linkDetails(), prefix, heldNames())) {
                try {
                    netlink.deleteLink(l.index(), l.name());
                    LOG.warn("removed VMAC {} left by an earlier run", l.name());
                } catch (IOException e) {
                    LOG.error("cannot remove VMAC {} left by an earlier run: {}", l.name(), e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.error("cannot look for VMACs left by an earlier run: {}", e.getMessage());
        }
    }

    /** Deletes every VMAC and puts back rp_filter (the daemon stops). */
    void close() {
        for (String holder : List.copyOf(held.keySet())) {
            releaseHeld(holder);
        }
        rpFilter.restore();
    }
}
