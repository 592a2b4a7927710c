package io.keepwatch.runtime.net;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The minimum spacing of gratuitous ARPs and of unsolicited neighbour advertisements on each
 * interface, as keepalived keeps it: one spacing per {@code garp_group} shared by all of the
 * group's interfaces, and on every other interface one of its own from the global
 * {@code vrrp_garp_interval} / {@code vrrp_gna_interval}. The spacing runs between any two
 * announcements on the interface, whichever instance sends them. Used on the announcer's thread only.
 */
public final class GarpPacing {

    /** A {@code garp_group}: its intervals (zero: no spacing) and the interfaces that share them. */
    public record Group(Duration garpInterval, Duration gnaInterval, Set<String> interfaces) {
        public Group {
            Objects.requireNonNull(garpInterval, "garpInterval");
            Objects.requireNonNull(gnaInterval, "gnaInterval");
            interfaces = Set.copyOf(interfaces);
        }
    }

    private final Duration garpInterval;
    private final Duration gnaInterval;
    private final Map<String, Pacer> pacers = new HashMap<>();

    public GarpPacing(Duration garpInterval, Duration gnaInterval, List<Group> groups) {
        this.garpInterval = Objects.requireNonNull(garpInterval, "garpInterval");
        this.gnaInterval = Objects.requireNonNull(gnaInterval, "gnaInterval");
        for (Group g : groups) {
            Pacer shared = new Pacer(g.garpInterval(), g.gnaInterval());
            g.interfaces().forEach(name -> pacers.put(name, shared));
        }
    }

    /** Waits until {@code interfaceName} may carry the next gratuitous ARP ({@code ipv4}) or NA, and books it. */
    void awaitTurn(String interfaceName, boolean ipv4) throws InterruptedException {
        pacers.computeIfAbsent(interfaceName, n -> new Pacer(garpInterval, gnaInterval)).awaitTurn(ipv4);
    }

    /** One spacing: the earliest time (System.nanoTime) of the next ARP and of the next NA. */
    private static final class Pacer {
        private final long garpNanos;
        private final long gnaNanos;
        private long nextGarp;
        private long nextGna;
        private boolean sentGarp;
        private boolean sentGna;

        Pacer(Duration garp, Duration gna) {
            this.garpNanos = garp.toNanos();
            this.gnaNanos = gna.toNanos();
        }

        void awaitTurn(boolean ipv4) throws InterruptedException {
            if (ipv4) {
                if (sentGarp) waitUntil(nextGarp);
                sentGarp = true;
                nextGarp = System.nanoTime() + garpNanos;
            } else {
                if (sentGna) waitUntil(nextGna);
                sentGna = true;
                nextGna = System.nanoTime() + gnaNanos;
            }
        }

        private static void waitUntil(long deadline) throws InterruptedException {
            long left = deadline - System.nanoTime();
            if (left > 0) Thread.sleep(Duration.ofNanos(left));
        }
    }
}
