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

    /** What a shell prints of one host's routes and rules (namespace {@code $1}), both families, between markers. */
    private static final String ROUTING_COMMANDS = "echo '#-4 route'; ip -n $1 -4 route show table all;"
            + " echo '#-4 rule'; ip -n $1 -4 rule show; echo '#-6 route'; ip -n $1 -6 route show table all;"
            + " echo '#-6 rule'; ip -n $1 -6 rule show";
    /** The rules every namespace starts with. */
    private static final Set<String> KERNEL_RULES = Set.of("0: from all lookup local", "32766: from all lookup main",
            "32767: from all lookup default");

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

    /**
     * One line per route and rule a daemon added, as ip prints them ({@code host -4 route LINE},
     * {@code host -6 rule LINE}, blanks squeezed): the kernel's own (its prefix, local and broadcast
     * routes, {@code proto kernel}, and the three default rules) left out. One shell for all hosts,
     * since a step is observed every tenth of a second while it settles.
     */
    SortedSet<String> routing() {
        StringBuilder script = new StringBuilder();
        for (String host : Topology.HOSTS) {
            script.append("echo '#host ").append(host).append("'; set -- ").append(topology.host(host).name())
                    .append("; ").append(ROUTING_COMMANDS).append("; ");
        }
        SortedSet<String> out = new TreeSet<>();
        String host = "", kind = "";
        for (String raw : topology.switchNs().exec("sh", "-c", script.toString()).lines().toList()) {
            String line = raw.trim().replaceAll("\\s+", " ");
            if (line.startsWith("#host ")) {
                host = line.substring(6);
            } else if (line.startsWith("#")) {
                kind = line.substring(1);
            } else if (!line.isEmpty() && !kernelOwned(kind, line)) {
                out.add(host + " " + kind + " " + line);
            }
        }
        return out;
    }

    private static boolean kernelOwned(String kind, String line) {
        return kind.endsWith("rule") ? KERNEL_RULES.contains(line)
                : line.contains(" proto kernel") || line.contains(" table local ");
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
        removeRouting();
    }

    /**
     * Takes away the routes and rules a daemon added or left behind (a kill -9 leaves them): each
     * rule by its preference, each route by what ip prints of it (which ip takes back as the route
     * to delete); then waits until none is left.
     */
    private void removeRouting() throws InterruptedException {
        for (String line : routing()) {
            String[] f = line.split(" ", 4); // host, family, route or rule, what ip printed
            List<String> command = new ArrayList<>(List.of("ip", f[1], f[2], "del"));
            if (f[2].equals("rule")) {
                command.addAll(List.of("pref", f[3].substring(0, f[3].indexOf(':'))));
            } else {
                command.addAll(List.of(f[3].replace(" linkdown", "").split(" ")));
            }
            try {
                topology.host(f[0]).exec(command.toArray(String[]::new));
            } catch (IllegalStateException gone) {
                // gone already, with its device or its source address
            }
        }
        Deadline.await("the routes and rules of the last run gone", Duration.ofSeconds(10), () -> routing().isEmpty());
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
