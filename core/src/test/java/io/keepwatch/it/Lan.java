package io.keepwatch.it;

import io.keepwatch.testing.AddressWatch;
import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.KeepalivedProcess;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.NamespacedProcess;
import io.keepwatch.testing.NetNs;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A LAN for the integration tests: a "switch" namespace with bridge br0, and hosts h1..hN each
 * plugged in through eth0 with address 10.77.0.N/24 (and its IPv6 link-local address). Every host
 * has an {@link AddressWatch}, so who holds a VIP, and since when, is known from netlink events.
 * Daemons started through the LAN, the watches and the namespaces are all removed by
 * {@link #close()}; configurations and daemon logs stay under {@code target/it-logs/}.
 */
final class Lan implements AutoCloseable {

    static final String BRIDGE = "br0";
    /**
     * How long a test waits for daemons it has just started to settle (a JVM's start, then the
     * election): generous, because a loaded host can slow a start many times over, and the time to
     * the first election is not what these tests check.
     */
    static final Duration START_UP = Duration.ofSeconds(60);

    /** One host on the LAN. */
    record Host(int number, NetNs.Namespace ns, String port, String ip, AddressWatch watch) {
        String name() {
            return "h" + number;
        }

        @Override
        public String toString() {
            return name();
        }
    }

    private final NetNs lab;
    private final NetNs.Namespace sw;
    private final List<Host> hosts = new ArrayList<>();
    private final List<NamespacedProcess> processes = new ArrayList<>();
    private final Path dir;

    private Lan(String task) throws IOException {
        lab = NetNs.create(task);
        Path root = Path.of("target", "it-logs").toAbsolutePath();
        Files.createDirectories(root);
        dir = Files.createTempDirectory(root, task + "-");
        sw = lab.switchNamespace("sw", BRIDGE);
    }

    /** A LAN with {@code hostCount} hosts; namespaces are named {@code kw-<task>-<random>-...}. */
    static Lan create(String task, int hostCount) throws Exception {
        Lan lan = new Lan(task);
        try {
            for (int n = 1; n <= hostCount; n++) {
                lan.addHost(n);
            }
            return lan;
        } catch (Exception | Error e) {
            lan.close();
            throw e;
        }
    }

    private void addHost(int n) throws Exception {
        NetNs.Namespace ns = lab.namespace("h" + n);
        String port = "p" + n;
        lab.plug(ns, "eth0", sw, BRIDGE, port);
        String ip = "10.77.0." + n;
        ns.addAddress("eth0", ip + "/24");
        hosts.add(new Host(n, ns, port, ip, AddressWatch.open(ns)));
    }

    Host host(int number) {
        return hosts.get(number - 1);
    }

    List<Host> hosts() {
        return List.copyOf(hosts);
    }

    NetNs lab() {
        return lab;
    }

    NetNs.Namespace switchNs() {
        return sw;
    }

    Path dir() {
        return dir;
    }

    /** Writes {@code text} to {@code name} in this LAN's directory. */
    Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    /** Writes {@code config} as {@code <host>.conf} and starts keepwatch with it on {@code host}. */
    KeepwatchProcess keepwatch(Host host, String config, String... extraArgs) throws IOException {
        Path file = write(host.name() + ".conf", config);
        List<String> args = new ArrayList<>(List.of("--config-id", host.name()));
        args.addAll(List.of(extraArgs));
        KeepwatchProcess p = KeepwatchProcess.start(host.ns().name(), file, args.toArray(String[]::new));
        processes.add(p);
        return p;
    }

    /** As {@link #keepwatch}, started by {@code nohup} (SIGHUP ignored when it starts). */
    KeepwatchProcess keepwatchUnderNohup(Host host, String config) throws IOException {
        Path file = write(host.name() + ".conf", config);
        KeepwatchProcess p = KeepwatchProcess.startUnderNohup(host.ns().name(), file, "--config-id", host.name());
        processes.add(p);
        return p;
    }

    /** Writes {@code config} as {@code <host>.keepalived.conf} and starts Debian's keepalived with it. */
    KeepalivedProcess keepalived(Host host, String config) throws IOException {
        Path file = write(host.name() + ".keepalived.conf", config);
        KeepalivedProcess p = KeepalivedProcess.start(host.ns().name(), file);
        processes.add(p);
        return p;
    }

    /** As {@link #keepalived(Host, String)}, with the keepalived binary at {@code binary}. */
    KeepalivedProcess keepalived(Host host, String config, String binary) throws IOException {
        Path file = write(host.name() + ".keepalived.conf", config);
        KeepalivedProcess p = KeepalivedProcess.start(host.ns().name(), file, binary);
        processes.add(p);
        return p;
    }

    /** Ends {@code process} (by pid) when the LAN closes. */
    void track(NamespacedProcess process) {
        processes.add(process);
    }

    /** Cuts {@code host}'s cable at the switch: the bridge port goes down, eth0 loses its carrier. */
    void cut(Host host) {
        sw.linkDown(host.port());
    }

    /** Plugs the cable back in. */
    void restore(Host host) {
        sw.linkUp(host.port());
    }

    boolean holds(Host host, InetAddress vip) {
        List<AddressWatch.Presence> presence = host.watch().presence(vip);
        return !presence.isEmpty() && presence.getLast().present();
    }

    List<Host> holders(InetAddress vip) {
        return hosts.stream().filter(h -> holds(h, vip)).toList();
    }

    /** Waits until {@code host} and no other holds {@code vip}; returns how long that took. */
    Duration awaitOnlyHolder(Host host, InetAddress vip, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        Deadline deadline = Deadline.after(timeout);
        while (!holders(vip).equals(List.of(host))) {
            if (deadline.passed()) {
                throw new AssertionError("timed out after " + timeout + " waiting for only " + host + " to hold "
                        + vip.getHostAddress() + "; holders now " + holders(vip) + "\n" + logs());
            }
            deadline.pause();
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Waits until nobody holds {@code vip}. */
    void awaitNoHolder(InetAddress vip, Duration timeout) throws InterruptedException {
        Deadline deadline = Deadline.after(timeout);
        while (!holders(vip).isEmpty()) {
            if (deadline.passed()) {
                throw new AssertionError("timed out after " + timeout + " waiting for nobody to hold "
                        + vip.getHostAddress() + "; holders now " + holders(vip) + "\n" + logs());
            }
            deadline.pause();
        }
    }

    /**
     * The longest stretch, from {@code sinceNanos} until now, during which two or more hosts held
     * {@code vip} at once (from the netlink events each host's watch saw).
     */
    Duration longestOverlap(InetAddress vip, long sinceNanos) {
        // +1 when a host gains the VIP, -1 when it loses it; ties resolve removals first.
        TreeMap<Long, Integer> deltas = new TreeMap<>();
        int holdersAtStart = 0;
        for (Host h : hosts) {
            boolean held = false;
            for (AddressWatch.Presence p : h.watch().presence(vip)) {
                if (p.nanos() <= sinceNanos) {
                    held = p.present();
                } else {
                    deltas.merge(p.nanos(), p.present() ? 1 : -1, Integer::sum);
                }
            }
            holdersAtStart += held ? 1 : 0;
        }
        long now = System.nanoTime();
        long longest = 0;
        int count = holdersAtStart;
        long overlapStart = count >= 2 ? sinceNanos : -1;
        for (var e : deltas.entrySet()) {
            count += e.getValue();
            if (count >= 2 && overlapStart < 0) {
                overlapStart = e.getKey();
            } else if (count < 2 && overlapStart >= 0) {
                longest = Math.max(longest, e.getKey() - overlapStart);
                overlapStart = -1;
            }
        }
        if (overlapStart >= 0) {
            longest = Math.max(longest, now - overlapStart);
        }
        return Duration.ofNanos(longest);
    }

    /** Every daemon's log, for failure messages. */
    String logs() {
        return processes.stream().map(p -> "---- " + p + " ----\n" + p.log()).collect(Collectors.joining("\n"));
    }

    @Override
    public void close() throws Exception {
        List<Exception> failures = new ArrayList<>();
        for (NamespacedProcess p : processes.reversed()) {
            try {
                p.close();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        for (Host h : hosts) {
            try {
                h.watch().close();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        try {
            lab.close();
        } catch (RuntimeException e) {
            failures.add(e);
        }
        if (!failures.isEmpty()) {
            Exception first = failures.getFirst();
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }
}
