package io.keepwatch.differential;

import io.keepwatch.linux.IfAddress;
import io.keepwatch.linux.Link;
import io.keepwatch.testing.AddressWatch;
import io.keepwatch.testing.Deadline;
import java.net.Inet6Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A {@link Topology} with its observers: an {@link AddressWatch} per host and one
 * {@link AdvertCapture} on all bridges. Building one costs seconds (tshark above all), so one lab
 * serves many runs of one implementation; {@link #reset()} puts it back as built between runs.
 */
final class Lab implements AutoCloseable {

    private final Topology topology;
    private final Map<String, AddressWatch> watches = new LinkedHashMap<>();
    private final Set<String> cut = new LinkedHashSet<>();
    private final AdvertCapture capture;

    private Lab(Topology topology, Path dir) throws Exception {
        this.topology = topology;
        for (String host : Topology.HOSTS) {
            watches.put(host, AddressWatch.open(topology.host(host)));
        }
        this.capture = AdvertCapture.start(topology, dir);
    }

    /** A lab for {@code implementation}'s runs; tshark's output goes to {@code target/differential/}. */
    static Lab create(Implementation implementation) throws Exception {
        Path dir = Path.of("target", "differential").toAbsolutePath();
        Files.createDirectories(dir);
        Topology topology = Topology.create(implementation == Implementation.KEEPALIVED ? "dfka" : "dfkw");
        try {
            return new Lab(topology, Files.createTempDirectory(dir, implementation.label() + "-lab-"));
        } catch (Exception | Error e) {
            topology.close();
            throw e;
        }
    }

    Topology topology() {
        return topology;
    }

    AdvertCapture capture() {
        return capture;
    }

    /** Pulls {@code host}'s cable on {@code ifName}; {@link #reset()} plugs it back. */
    void cut(String host, String ifName) {
        topology.cut(host, ifName);
        cut.add(host + " " + ifName);
    }

    /** One line per address a daemon added: {@code host device address/prefix [label L]}. */
    SortedSet<String> addresses() {
        SortedSet<String> out = new TreeSet<>();
        watches.forEach((host, watch) -> watch.addressesByLink().forEach((dev, list) -> {
            for (IfAddress a : list) {
                String address = a.address().getHostAddress().replaceFirst("%.*$", "");
                if (a.address() instanceof Inet6Address) {
                    address = compress(address);
                }
                if (!Topology.isTopologyAddress(dev, address)) {
                    String label = a.label() != null && !a.label().equals(dev) ? " label " + a.label() : "";
                    out.add(host + " " + dev + " " + address + "/" + a.prefixLength() + label);
                }
            }
        }));
        return out;
    }

    /** IPv6 text as {@code ip} and tshark print it (RFC 5952): the longest run of zero groups as {@code ::}. */
    private static String compress(String full) {
        String[] groups = full.split(":");
        int bestStart = -1, bestLength = 0;
        for (int i = 0; i < groups.length; ) {
            int j = i;
            while (j < groups.length && groups[j].replaceFirst("^0+(?=.)", "").equals("0")) {
                j++;
            }
            if (j - i > bestLength && j - i > 1) {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(j, i + 1);
        }
        List<String> parts = new ArrayList<>();
        for (String g : groups) {
            parts.add(g.replaceFirst("^0+(?=.)", ""));
        }
        if (bestStart < 0) {
            return String.join(":", parts);
        }
        String head = String.join(":", parts.subList(0, bestStart));
        String tail = String.join(":", parts.subList(bestStart + bestLength, parts.size()));
        return head + "::" + tail;
    }

    /**
     * Back to the lab as built: cables plugged back (and carrier seen again), every address a daemon
     * added or left behind removed. Daemons must be gone already.
     */
    void reset() throws Exception {
        for (String c : cut) {
            String[] hostIf = c.split(" ");
            topology.switchNs().linkUp(hostIf[0] + "e" + hostIf[1].substring(3));
            watches.get(hostIf[0]).awaitLink(hostIf[1], Link::isLowerUp, "has its carrier back", Duration.ofSeconds(10));
        }
        cut.clear();
        // From the kernel, not the watches (they may lag); deleting a primary address also takes
        // the secondaries of its subnet, so one that is already gone is fine.
        for (String host : Topology.HOSTS) {
            for (String line : topology.host(host).exec("ip", "-o", "addr", "show").lines().toList()) {
                String[] f = line.trim().split("\\s+");
                String dev = f[1].replaceFirst("@.*", ""), cidr = f[3];
                if (!Topology.isTopologyAddress(dev, cidr.substring(0, cidr.indexOf('/')))) {
                    try {
                        topology.host(host).exec("ip", "addr", "del", cidr, "dev", dev);
                    } catch (IllegalStateException e) {
                        if (!e.getMessage().contains("Address not found")) {
                            throw e;
                        }
                    }
                }
            }
        }
        Deadline.await("the watches to see the lab back as built", Duration.ofSeconds(10), () -> addresses().isEmpty());
    }

    @Override
    public void close() throws Exception {
        List<Failures.Step> steps = new ArrayList<>();
        steps.add(capture::close);
        watches.values().forEach(w -> steps.add(w::close));
        steps.add(topology::close);
        Failures.runAll(steps);
    }
}
