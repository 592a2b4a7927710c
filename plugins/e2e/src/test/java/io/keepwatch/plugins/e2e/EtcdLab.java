package io.keepwatch.plugins.e2e;

import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.NetNs;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A LAN for keepwatch with etcd: the etcd witness plugin in the plugin directory, a switch (bridge {@code br0}), keepwatch hosts {@code k1..kN} at
 * 10.79.0.N/24, a 3-member etcd cluster at 10.79.0.11-13 (and the test's etcd client at .19), and a
 * {@link VipObserver} on the VIP 10.79.0.100 across the keepwatch hosts, started before any daemon.
 * Faults on the keepwatch side: kill -9, SIGSTOP/SIGCONT, and a host cut from etcd but not from its
 * VRRP peers (nft in its namespace drops TCP to and from etcd's client port only).
 */
final class EtcdLab implements AutoCloseable {

    static final String SUBNET = "10.79.0";
    static final InetAddress VIP = InetAddress.ofLiteral(SUBNET + ".100");
    static final String BRIDGE = "br0";

    /** One keepwatch host. */
    record Host(String name, NetNs.Namespace ns, String ip) {
        @Override
        public String toString() {
            return name;
        }
    }

    private final Lab lab;
    private final List<Host> hosts = new ArrayList<>();
    private final Map<String, KeepwatchProcess> daemons = new LinkedHashMap<>();
    private EtcdCluster cluster;
    private VipObserver observer;

    private EtcdLab(Lab lab) {
        this.lab = lab;
    }

    /** The LAN with {@code keepwatchHosts} hosts, a healthy etcd cluster and a listening observer. */
    static EtcdLab create(String task, int keepwatchHosts) throws Exception {
        Lab lab = Lab.create(task);
        EtcdLab etcdLab = new EtcdLab(lab);
        try {
            lab.addPlugin(Lab.etcdWitnessJar(), "keepwatch-witness-etcd.jar");
            NetNs net = lab.net();
            NetNs.Namespace sw = net.switchNamespace("sw", BRIDGE);
            Map<String, NetNs.Namespace> byName = new LinkedHashMap<>();
            for (int i = 1; i <= keepwatchHosts; i++) {
                NetNs.Namespace ns = net.namespace("k" + i);
                net.plug(ns, "eth0", sw, BRIDGE, "pk" + i);
                String ip = SUBNET + "." + i;
                ns.addAddress("eth0", ip + "/24");
                Host h = new Host("k" + i, ns, ip);
                etcdLab.hosts.add(h);
                byName.put(h.name(), ns);
            }
            etcdLab.cluster = lab.closeLater(EtcdCluster.start(net, sw, BRIDGE, SUBNET, 11, 19, 3, lab.dir()));
            etcdLab.observer = lab.closeLater(VipObserver.start(net, byName, VIP));
            return etcdLab;
        } catch (Exception | Error e) {
            lab.close();
            throw e;
        }
    }

    Lab lab() {
        return lab;
    }

    EtcdCluster etcd() {
        return cluster;
    }

    VipObserver observer() {
        return observer;
    }

    Host host(int number) {
        return hosts.get(number - 1);
    }

    List<Host> hosts() {
        return List.copyOf(hosts);
    }

    /** Starts keepwatch on {@code host} with {@code config}, loading the lab's plugin directory. */
    KeepwatchProcess keepwatch(Host host, String config) throws IOException {
        observer.mark("keepwatch started on " + host);
        KeepwatchProcess p = lab.keepwatch(host.ns(), host.name(), config);
        daemons.put(host.name(), p);
        return p;
    }

    KeepwatchProcess daemon(Host host) {
        return daemons.get(host.name());
    }

    /** kill -9 of {@code host}'s daemon, by pid; waits until it is gone. */
    void kill(Host host) throws Exception {
        KeepwatchProcess p = daemons.get(host.name());
        observer.mark("kill -9 " + host);
        p.signal("KILL");
        p.awaitExit(java.time.Duration.ofSeconds(10));
    }

    /** SIGTERM to {@code host}'s daemon, by pid; waits until it has exited (it leaves MASTER on the way). */
    void stop(Host host) throws Exception {
        KeepwatchProcess p = daemons.get(host.name());
        observer.mark("SIGTERM " + host);
        p.signal("TERM");
        p.awaitExit(java.time.Duration.ofSeconds(20));
    }

    /** SIGSTOP to {@code host}'s daemon: it stops dead, its timers and sockets with it. */
    void pause(Host host) throws Exception {
        observer.mark("SIGSTOP " + host);
        daemons.get(host.name()).signal("STOP");
    }

    /** SIGCONT to {@code host}'s daemon. */
    void resume(Host host) throws Exception {
        observer.mark("SIGCONT " + host);
        daemons.get(host.name()).signal("CONT");
    }

    /**
     * Cuts {@code host} from etcd but not from its VRRP peers: nft in its namespace drops TCP to and
     * from etcd's client port (connections open already stall, new ones time out).
     */
    void cutFromEtcd(Host host) {
        observer.mark(host + " cut from etcd");
        EtcdCluster.nft(host.ns(), """
                table inet %1$s {
                  chain in { type filter hook input priority 0; policy accept; tcp sport %2$d drop; }
                  chain out { type filter hook output priority 0; policy accept; tcp dport %2$d drop; }
                }
                """.formatted(EtcdCluster.FAULT_TABLE, EtcdCluster.CLIENT_PORT));
    }

    /** Undoes {@link #cutFromEtcd}. */
    void reconnectToEtcd(Host host) {
        observer.mark(host + " reconnected to etcd");
        EtcdCluster.dropFaults(host.ns());
    }

    /** Whether a TCP connection from {@code host} to {@code member}'s client port opens within a second. */
    boolean reaches(Host host, EtcdCluster.Member member) throws Exception {
        return host.ns().call(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(member.ip(), EtcdCluster.CLIENT_PORT), 1000);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /**
     * Whether {@code host} reaches {@code peer} on the LAN: a TCP connection to a port nobody listens
     * on is refused at once by a reachable host and times out otherwise.
     */
    boolean reachesPeer(Host host, Host peer) throws Exception {
        return host.ns().call(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(peer.ip(), 9), 2000);
                return true;
            } catch (java.net.ConnectException e) {
                return e.getMessage() != null && e.getMessage().contains("refused");
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** Every daemon's log and the etcd members' logs, for failure messages. */
    String logs() {
        return daemons.values().stream().map(p -> "---- " + p + " ----\n" + p.log())
                .collect(Collectors.joining("\n")) + "\n" + cluster.logs();
    }

    @Override
    public void close() throws Exception {
        lab.close();
    }
}
