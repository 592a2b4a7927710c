package io.keepwatch.runtime;

import io.keepwatch.config.model.FirewallSettings;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.VirtualIpAddress;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.runtime.net.VmacObserver;
import io.keepwatch.vrrp.VrrpState;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * keepalived's nftables drop rules ({@code nftables}, {@code vrrp_iptables}): while an instance without
 * accept mode is MASTER, its VIPs are in the set {@code vips} of the tables {@code ip TABLE} and
 * {@code ip6 TABLE}, whose input and output chains drop what is addressed to them or sent from them
 * (RFC 9568 6.4.3). Link-local IPv6 VIPs are matched with their interface, and neighbour discovery
 * is let through, so the address still answers for itself. The tables are made when first needed,
 * as keepalived makes them, deleted at the stop, and deleted at the start when an earlier run left
 * them (kill -9).
 *
 * <p>With a VMAC, as keepalived 2.2.7 does: the multicast reports the kernel sends on a VMAC (IGMP,
 * MLDv2) would tell the switches that the virtual MAC is on this host, also on a backup; a rule in
 * each family's {@code out} chain sends them out of the VMAC's lower interface instead (map
 * {@code vmac_map}, VMAC index to lower interface index, {@code dup to ... device}) and drops them on
 * the VMAC, and an IPv6 VMAC sends no router solicitations (set {@code vmac_set}). An IPv4 VMAC
 * gets its element unless {@code disable_local_igmp} (then there are no such reports), an IPv6 one
 * always, the other family too when the instance has excluded addresses of it. The element goes
 * with the VMAC.
 *
 * <p>The rules go to the kernel through the {@code nft} program, on a thread of their own in the
 * order of the transitions: a VIP's drop rule may follow the VIP by the time nft takes, and nothing
 * on the VRRP thread waits for it.
 */
final class VipFirewall implements AutoCloseable, VmacObserver {

    private static final Logger LOG = LoggerFactory.getLogger(VipFirewall.class);

    /** One VIP in one set. */
    record Element(boolean ipv4, InetAddress address, Optional<String> device) {
        boolean linkLocal() {
            return !ipv4 && address.isLinkLocalAddress();
        }

        String set() {
            return linkLocal() ? "vips_link_local" : "vips";
        }

        String text() {
            String a = address.getHostAddress().replaceFirst("%.*$", "");
            return linkLocal() ? a + " . \"" + device.orElseThrow() + "\"" : a;
        }
    }

    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("keepwatch-nft").daemon(true).factory());
    // Owned by the worker thread.
    private FirewallSettings settings = FirewallSettings.DEFAULTS;
    private KeepalivedConfig config;
    private boolean ipv4Table;
    private boolean ipv6Table;
    private boolean ipv4Ready;
    private boolean ipv6Ready;
    private boolean linkLocalReady;
    private boolean ipv4Vmac;
    private boolean ipv6Vmac;
    private final Map<String, Set<Element>> inSets = new HashMap<>();
    /** The VMACs in vmac_map, with the families each is in. */
    private final Map<VmacLink, Set<Boolean>> vmacs = new HashMap<>();
    /** Read on the VRRP thread: whether transitions matter at all. */
    private volatile boolean enabled;

    /**
     * At start: removes the tables an earlier run may have left, and takes {@code first}. Without a
     * table there is nothing to do, and the worker's thread starts only when a reload asks for one.
     */
    void start(KeepalivedConfig first) {
        enabled = first.global().firewall().table().isPresent();
        if (!enabled) {
            return;
        }
        worker.execute(() -> {
            config = first;
            settings = first.global().firewall();
            settings.table().ifPresent(this::deleteTables);
        });
    }

    /** On the VRRP thread: a MASTER without accept mode drops its VIPs' traffic; leaving MASTER undoes it. */
    void transition(Transition t) {
        if (!enabled || (t.to() != VrrpState.MASTER && t.from() != VrrpState.MASTER)) {
            return;
        }
        String instance = t.instance();
        boolean master = t.to() == VrrpState.MASTER;
        worker.execute(() -> update(instance, master ? wanted(instance) : Set.of()));
    }

    /** A reload: new settings rebuild the tables; instances that are MASTER keep their VIPs as the new file has them. */
    void reload(KeepalivedConfig next) {
        enabled = next.global().firewall().table().isPresent() || enabled;
        worker.execute(() -> {
            FirewallSettings before = settings;
            config = next;
            settings = next.global().firewall();
            List<String> masters = new ArrayList<>(inSets.keySet());
            List<VmacLink> onVmacs = new ArrayList<>(vmacs.keySet());
            if (!settings.equals(before)) {
                before.table().ifPresent(this::deleteTables);
                forgetTables();
            }
            for (String instance : masters) {
                update(instance, wanted(instance));
            }
            for (VmacLink vmac : onVmacs) {
                updateVmac(vmac, vmacFamilies(vmac));
            }
        });
    }

    /** The elements {@code instance} puts in the sets when MASTER (none with accept mode or without rules). */
    private Set<Element> wanted(String instance) {
        Set<Element> out = new LinkedHashSet<>();
        if (settings.table().isEmpty()) {
            return out;
        }
        Optional<VrrpInstanceConfig> vi = config.instance(instance);
        if (vi.isEmpty() || vi.get().accept()) {
            return out;
        }
        List<VirtualIpAddress> vips = new ArrayList<>(vi.get().virtualIpAddresses());
        vips.addAll(vi.get().virtualIpAddressesExcluded());
        for (VirtualIpAddress vip : vips) {
            out.add(new Element(vip.address() instanceof Inet4Address, vip.address(),
                    Optional.of(vip.device().orElse(vi.get().interfaceName()))));
        }
        return out;
    }

    @Override
    public void vmacUp(VmacLink vmac) {
        if (enabled) {
            worker.execute(() -> updateVmac(vmac, vmacFamilies(vmac)));
        }
    }

    @Override
    public void vmacGone(VmacLink vmac) {
        if (enabled) {
            worker.execute(() -> updateVmac(vmac, Set.of()));
        }
    }

    /**
     * The families (true for IPv4) whose vmac_map holds {@code vmac}: keepalived's firewall_add_vmac
     * is called for an IPv6 instance, or an IPv4 one without disable_local_igmp, and then also puts
     * the VMAC in the other family's map when the instance has excluded addresses of that family (not
     * for the VMACs of use_vmac_addr, which keepalived makes for one family).
     */
    private Set<Boolean> vmacFamilies(VmacLink vmac) {
        Optional<VrrpInstanceConfig> vi = config.instance(vmac.instance());
        if (settings.table().isEmpty() || vi.isEmpty()
                || (!vmac.ipv6() && config.global().host().disableLocalIgmp())) {
            return Set.of();
        }
        // a VMAC of use_vmac_addr is made for its own family only (keepalived's stand-in instance)
        boolean otherFamily = !vmac.forAddresses() && vi.get().virtualIpAddressesExcluded().stream()
                .anyMatch(a -> (a.address() instanceof Inet4Address) == vmac.ipv6());
        return otherFamily ? Set.of(true, false) : Set.of(!vmac.ipv6());
    }

    /** On the worker: puts {@code vmac} in the vmac_map (and vmac_set) of the {@code wanted} families only. */
    private void updateVmac(VmacLink vmac, Set<Boolean> wanted) {
        Set<Boolean> had = vmacs.getOrDefault(vmac, Set.of());
        if (had.equals(wanted) || settings.table().isEmpty()) {
            return;
        }
        String table = settings.table().get();
        StringBuilder script = new StringBuilder();
        for (boolean ipv4 : List.of(true, false)) {
            String t = (ipv4 ? "ip " : "ip6 ") + table;
            String verb;
            if (had.contains(ipv4) && !wanted.contains(ipv4)) {
                verb = "delete element ";
            } else if (wanted.contains(ipv4) && !had.contains(ipv4)) {
                setUpVmac(script, table, ipv4);
                verb = "add element ";
            } else {
                continue;
            }
            script.append(verb).append(t).append(" vmac_map { ").append(vmac.index()).append(" : ")
                    .append(vmac.baseIndex()).append(" }\n");
            if (!ipv4) {
                script.append(verb).append(t).append(" vmac_set { ").append(vmac.index()).append(" }\n");
            }
        }
        if (nft(script.toString(), "(" + vmac.instance() + ") " + (wanted.isEmpty() ? "removing" : "setting")
                + " firewall rules for the multicast reports of VMAC " + vmac.name())) {
            if (wanted.isEmpty()) {
                vmacs.remove(vmac);
            } else {
                vmacs.put(vmac, Set.copyOf(wanted));
            }
        }
    }

    /** On the worker: brings the sets' elements of {@code instance} to {@code wanted}. */
    private void update(String instance, Set<Element> wanted) {
        Set<Element> had = inSets.getOrDefault(instance, Set.of());
        if (had.equals(wanted) || settings.table().isEmpty()) {
            return;
        }
        String table = settings.table().get();
        StringBuilder script = new StringBuilder();
        for (Element e : had) {
            if (!wanted.contains(e)) {
                script.append("delete element ").append(family(e)).append(' ').append(table).append(' ')
                        .append(e.set()).append(" { ").append(e.text()).append(" }\n");
            }
        }
        for (Element e : wanted) {
            if (!had.contains(e)) {
                if (e.ipv4() && !ipv4Ready) {
                    setUpTable(script, table, true);
                    setUpIpv4(script, table);
                    ipv4Ready = true;
                } else if (!e.ipv4() && !ipv6Ready) {
                    setUpTable(script, table, false);
                    setUpIpv6(script, table);
                    ipv6Ready = true;
                }
                if (e.linkLocal() && !linkLocalReady) {
                    setUpLinkLocal(script, table);
                    linkLocalReady = true;
                }
                script.append("add element ").append(family(e)).append(' ').append(table).append(' ')
                        .append(e.set()).append(" { ").append(e.text()).append(" }\n");
            }
        }
        if (nft(script.toString(), "(" + instance + ") " + (wanted.isEmpty() ? "removing" : "setting")
                + " firewall drop rules")) {
            if (wanted.isEmpty()) {
                inSets.remove(instance);
            } else {
                inSets.put(instance, Set.copyOf(wanted));
            }
        }
    }

    private static String family(Element e) {
        return e.ipv4() ? "ip" : "ip6";
    }

    private String counter() {
        return settings.counters() ? "counter " : "";
    }

    private String hook(String hook) {
        return "{ type filter hook " + hook + " priority " + settings.priority() + "; policy accept; }";
    }

    // The shape of keepalived's tables (nft list ruleset shows the same chains, sets and rules).

    /** The table and its out chain, which the VIPs' rules and the VMACs' rules both need. */
    private void setUpTable(StringBuilder s, String table, boolean ipv4) {
        if (ipv4 ? ipv4Table : ipv6Table) {
            return;
        }
        String t = (ipv4 ? "ip " : "ip6 ") + table;
        s.append("add table ").append(t).append('\n')
                .append("add chain ").append(t).append(" out ").append(hook("output")).append('\n');
        if (ipv4) {
            ipv4Table = true;
        } else {
            ipv6Table = true;
        }
    }

    /** keepalived's nft_setup_igmp: the map (and set), and the rules that move reports off VMACs. */
    private void setUpVmac(StringBuilder s, String table, boolean ipv4) {
        if (ipv4 ? ipv4Vmac : ipv6Vmac) {
            return;
        }
        setUpTable(s, table, ipv4);
        String t = (ipv4 ? "ip " : "ip6 ") + table;
        s.append("add map ").append(t).append(" vmac_map { type iface_index : iface_index; }\n");
        if (ipv4) {
            s.append("add rule ").append(t).append(" out ip protocol igmp meta oifkind \"macvlan\" dup to ip daddr"
                    + " device oif map @vmac_map ").append(counter()).append("drop\n");
            ipv4Vmac = true;
        } else {
            s.append("add set ").append(t).append(" vmac_set { type iface_index; }\n")
                    .append("add rule ").append(t).append(" out icmpv6 type mld2-listener-report meta oifkind"
                            + " \"macvlan\" dup to ip6 daddr device oif map @vmac_map ").append(counter()).append("drop\n")
                    .append("add rule ").append(t).append(" out icmpv6 type nd-router-solicit meta oifkind"
                            + " \"macvlan\" oif @vmac_set ").append(counter()).append("drop\n");
            ipv6Vmac = true;
        }
    }

    private void setUpIpv4(StringBuilder s, String table) {
        s.append("add chain ip ").append(table).append(" in ").append(hook("input")).append('\n')
                .append("add set ip ").append(table).append(" vips { type ipv4_addr; }\n")
                .append("add rule ip ").append(table).append(" in ip daddr @vips ").append(counter()).append("drop\n")
                .append("add rule ip ").append(table).append(" out ip saddr @vips ").append(counter()).append("drop\n");
    }

    private void setUpIpv6(StringBuilder s, String table) {
        String t = "ip6 " + table;
        s.append("add chain ").append(t).append(" in ").append(hook("input")).append('\n')
                .append("add chain ").append(t).append(" in_link_local\n")
                .append("add chain ").append(t).append(" out_link_local\n")
                .append("add set ").append(t).append(" vips { type ipv6_addr; }\n")
                .append("add set ").append(t).append(" neighbor-discovery { type icmpv6_type; flags constant;"
                        + " elements = { nd-neighbor-solicit, nd-neighbor-advert }; }\n");
        for (String[] way : new String[][] {{"in", "daddr", "iif"}, {"out", "saddr", "oif"}}) {
            s.append("add rule ").append(t).append(' ').append(way[0]).append(" icmpv6 type @neighbor-discovery ")
                    .append(counter()).append("accept\n")
                    .append("add rule ").append(t).append(' ').append(way[0]).append(" ip6 ").append(way[1])
                    .append(" fe80::/10 ").append(counter()).append("goto ").append(way[0]).append("_link_local\n")
                    .append("add rule ").append(t).append(' ').append(way[0]).append(" ip6 ").append(way[1])
                    .append(" @vips ").append(counter()).append("drop\n");
        }
    }

    /** A link-local address is one per interface: its set pairs it with the interface's index. */
    private void setUpLinkLocal(StringBuilder s, String table) {
        String t = "ip6 " + table;
        s.append("add set ").append(t).append(" vips_link_local { type ipv6_addr . iface_index; }\n");
        for (String[] way : new String[][] {{"in", "daddr", "iif"}, {"out", "saddr", "oif"}}) {
            s.append("add rule ").append(t).append(' ').append(way[0]).append("_link_local ip6 ")
                    .append(way[1]).append(" . ").append(way[2]).append(" @vips_link_local ").append(counter())
                    .append("drop\n");
        }
    }

    /** On the worker: the tables are gone, and with them every set's elements. */
    private void forgetTables() {
        ipv4Table = false;
        ipv6Table = false;
        ipv4Ready = false;
        ipv6Ready = false;
        linkLocalReady = false;
        ipv4Vmac = false;
        ipv6Vmac = false;
        inSets.clear();
        vmacs.clear();
    }

    /** On the worker: deletes {@code ip TABLE} and {@code ip6 TABLE} where they exist. */
    private void deleteTables(String table) {
        String tables = run(List.of("nft", "list", "tables"), "").orElse("");
        StringBuilder script = new StringBuilder();
        for (String family : List.of("ip", "ip6")) {
            if (tables.lines().anyMatch(l -> l.strip().equals("table " + family + " " + table))) {
                script.append("delete table ").append(family).append(' ').append(table).append('\n');
            }
        }
        if (!script.isEmpty()) {
            nft(script.toString(), "removing nftables table " + table);
        }
    }

    /** Runs {@code script} through {@code nft -f -}; a failure is a warning. */
    private boolean nft(String script, String what) {
        LOG.info("{}", what);
        return run(List.of("nft", "-f", "-"), script).isPresent();
    }

    private static Optional<String> run(List<String> command, String input) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                LOG.warn("{} did not end within 10 s", String.join(" ", command));
                return Optional.empty();
            }
            if (p.exitValue() != 0) {
                LOG.warn("{} failed (exit {}): {}", String.join(" ", command), p.exitValue(), out.strip());
                return Optional.empty();
            }
            return Optional.of(out);
        } catch (IOException e) {
            LOG.warn("cannot run {}: {} (the nftables package provides nft)", command.getFirst(), e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Deletes the tables this run made, after the changes already queued. */
    @Override
    public void close() {
        if (!enabled) { // no configuration ever had a table: none was made
            worker.shutdown();
            return;
        }
        worker.execute(() -> {
            settings.table().ifPresent(t -> {
                if (ipv4Table || ipv6Table) {
                    deleteTables(t);
                }
            });
            forgetTables();
        });
        worker.shutdown();
        try {
            if (!worker.awaitTermination(15, TimeUnit.SECONDS)) {
                LOG.warn("nftables rules not removed within 15 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
