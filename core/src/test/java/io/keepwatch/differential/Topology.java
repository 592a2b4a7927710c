package io.keepwatch.differential;

import io.keepwatch.testing.NetNs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one network every differential run uses: hosts {@code h1}, {@code h2} and {@code h3}, each with
 * {@code eth0}..{@code eth3}, every {@code ethK} plugged into bridge {@code brK} of a switch
 * namespace ({@code h3} runs no daemon in most scenarios: it is a third unicast peer that answers
 * ARP). {@code ethK} of host N has {@code 192.168.20K.N/24}; {@code eth0} also has
 * {@code fd00:200::N/64}. These are the subnets keepalived's sample files use, so the samples run
 * with their own interface names and addresses.
 *
 * <p>The bridges' ports never learn addresses: the bridges flood every frame, so a capture on a
 * bridge sees unicast adverts as well as multicast ones.
 */
final class Topology implements AutoCloseable {

    static final List<String> HOSTS = List.of("h1", "h2", "h3");
    static final int INTERFACES = 4;

    private final NetNs lab;
    private final NetNs.Namespace sw;
    private final Map<String, NetNs.Namespace> hosts = new LinkedHashMap<>();

    private Topology(NetNs lab) {
        this.lab = lab;
        this.sw = lab.namespace("sw");
    }

    static Topology create(String task) {
        Topology t = new Topology(NetNs.create(task));
        try {
            t.build();
            return t;
        } catch (RuntimeException | Error e) {
            t.close();
            throw e;
        }
    }

    private void build() {
        for (int k = 0; k < INTERFACES; k++) {
            String bridge = bridge(k);
            sw.exec("ip", "link", "add", bridge, "type", "bridge", "stp_state", "0", "forward_delay", "0", "ageing_time", "0");
            sw.linkUp(bridge);
        }
        for (int n = 1; n <= HOSTS.size(); n++) {
            NetNs.Namespace host = lab.namespace(HOSTS.get(n - 1));
            hosts.put(HOSTS.get(n - 1), host);
            for (int k = 0; k < INTERFACES; k++) {
                String port = HOSTS.get(n - 1) + "e" + k;
                lab.veth(host, "eth" + k, sw, port);
                sw.exec("ip", "link", "set", port, "master", bridge(k));
                sw.exec("ip", "link", "set", port, "type", "bridge_slave", "learning", "off");
                host.addAddress("eth" + k, "192.168.20" + k + "." + n + "/24");
            }
            host.addAddress("eth0", "fd00:200::" + n + "/64");
        }
    }

    static String bridge(int k) {
        return "br" + k;
    }

    NetNs.Namespace host(String name) {
        NetNs.Namespace ns = hosts.get(name);
        if (ns == null) {
            throw new IllegalArgumentException("no host " + name + " in the topology (hosts: " + HOSTS + ")");
        }
        return ns;
    }

    NetNs.Namespace switchNs() {
        return sw;
    }

    List<String> bridges() {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < INTERFACES; k++) {
            out.add(bridge(k));
        }
        return out;
    }

    /** The interface a bridge connects, by the bridge's name ({@code br1} is every host's {@code eth1}). */
    static String interfaceOf(String bridge) {
        return "eth" + bridge.substring(2);
    }

    /** The addresses the topology itself gives {@code ethK} of every host: not part of any observation. */
    static boolean isTopologyAddress(String ifName, String address) {
        if (address.startsWith("fe80:") || ifName.equals("lo")) {
            return true;
        }
        for (int n = 1; n <= HOSTS.size(); n++) {
            if (address.equals("192.168.20" + ifName.replace("eth", "") + "." + n) || address.equals("fd00:200::" + n)) {
                return true;
            }
        }
        return false;
    }

    /** The host an advert came from, by its source address (link-local sources by their host's MAC). */
    String hostOf(String source) {
        for (int n = 1; n <= HOSTS.size(); n++) {
            for (int k = 0; k < INTERFACES; k++) {
                if (source.equals("192.168.20" + k + "." + n)) {
                    return HOSTS.get(n - 1);
                }
            }
        }
        return linkLocalOwners().getOrDefault(source, source);
    }

    private Map<String, String> linkLocal;

    private synchronized Map<String, String> linkLocalOwners() {
        if (linkLocal == null) {
            Map<String, String> owners = new LinkedHashMap<>();
            hosts.forEach((name, ns) -> ns.exec("ip", "-o", "-6", "addr", "show", "scope", "link").lines()
                    .map(l -> l.replaceFirst("^.* inet6 (\\S+)/.*$", "$1"))
                    .forEach(a -> owners.put(a, name)));
            linkLocal = owners;
        }
        return linkLocal;
    }

    /** Cuts {@code host}'s cable on {@code ifName} at the switch: the host's interface loses its carrier. */
    void cut(String host, String ifName) {
        sw.linkDown(host + "e" + ifName.substring(3));
    }

    @Override
    public void close() {
        lab.close();
    }
}
