package io.keepwatch.vrrp.sim;

import io.keepwatch.vrrp.InstanceSpec;
import io.keepwatch.vrrp.TrackerSpec;
import io.keepwatch.vrrp.VirtualAddress;
import io.keepwatch.vrrp.VrrpState;
import io.keepwatch.vrrp.VrrpTimers;
import io.keepwatch.vrrp.VrrpVersion;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A simulated segment and what happens to it, derived entirely from one seed so that any failure
 * replays exactly.
 *
 * @param seed        the seed everything below came from
 * @param nodes       per node, one spec per VRID (index = VRID slot)
 * @param network     delay, duplication
 * @param script      timed disruptions, in time order
 * @param endNanos    when the run stops (after a final quiet period)
 * @param settleNanos how long the network must be whole and undisturbed before the steady-state
 *                    invariants must hold
 * @param syncGroups  each node's instances form one vrrp_sync_group
 */
record Scenario(long seed, List<List<InstanceSpec>> nodes, Network network, List<Timed> script, long endNanos,
                long settleNanos, boolean syncGroups) {

    /** A scenario without sync groups. */
    Scenario(long seed, List<List<InstanceSpec>> nodes, Network network, List<Timed> script, long endNanos,
             long settleNanos) {
        this(seed, nodes, network, script, endNanos, settleNanos, false);
    }

    static final String TRACKER = "chk";
    static final long MS = 1_000_000L;
    static final long SECOND = 1_000_000_000L;

    /** Fixed network properties: delay range and duplication probability. */
    record Network(long minDelayNanos, long maxDelayNanos, double duplicateProbability) {}

    /** A scripted event at a time. */
    record Timed(long atNanos, Disruption disruption) {}

    /** Things that happen to the segment or its nodes. */
    sealed interface Disruption {
        record Loss(double probability) implements Disruption {}

        record Partition(int[] sideOf) implements Disruption {
            @Override
            public String toString() {
                return "Partition" + java.util.Arrays.toString(sideOf);
            }
        }

        record Heal() implements Disruption {}

        record Crash(int node) implements Disruption {}

        record GracefulStop(int node) implements Disruption {}

        record Restart(int node) implements Disruption {}

        record Tracker(int node, boolean up) implements Disruption {}

        record Link(int node, boolean up) implements Disruption {}
    }

    int nodeCount() {
        return nodes.size();
    }

    int vridCount() {
        return nodes.getFirst().size();
    }

    /** Builds a random scenario from a seed. */
    static Scenario generate(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = 2 + random.nextInt(4);
        int vrids = 1 + random.nextInt(2);
        // sync groups need consistent configs: a member's priority, tracker and state equal the first's
        boolean syncGroups = vrids == 2 && random.nextInt(3) == 0;
        VrrpVersion version = random.nextBoolean() ? VrrpVersion.V2 : VrrpVersion.V3;
        boolean preempt = random.nextInt(5) != 0;
        Duration preemptDelay = preempt && random.nextInt(6) == 0 ? Duration.ofSeconds(1 + random.nextInt(5))
                : Duration.ZERO;
        boolean owner = preempt && random.nextInt(6) == 0;
        int v2Interval = 100 * (1 + random.nextInt(2));

        // One advert interval per VRID. With different intervals on one VRID (legal in VRRPv3) a backup
        // learns a short interval from a transient master and can time out again before the real,
        // slower master's next advert; with vrrp_lower_prio_no_advert nothing stops that cycle.
        int[] intervals = new int[vrids];
        for (int v = 0; v < vrids; v++) {
            intervals[v] = version == VrrpVersion.V2 ? v2Interval : 20 + random.nextInt(181);
        }
        List<List<InstanceSpec>> nodes = new ArrayList<>();
        long maxIntervalMicros = 0;
        boolean reverse = random.nextInt(5) == 0;
        for (int i = 0; i < n; i++) {
            // addresses in random order relative to priorities, using bytes above 127 too
            InetAddress ip = ip("10.0." + random.nextInt(2) + "." + (1 + i * 50 + random.nextInt(45)));
            List<InstanceSpec> specs = new ArrayList<>();
            int firstPriority = 0;
            int firstWeight = 0;
            boolean firstMaster = false;
            for (int v = 0; v < vrids; v++) {
                int priority = owner && i == 0 ? 255
                        : random.nextInt(4) == 0 ? 100 : 1 + random.nextInt(254);
                int interval = intervals[v];
                maxIntervalMicros = Math.max(maxIntervalMicros, interval * 10_000L);
                int weight = random.nextInt(5) == 0 ? 0 : random.nextInt(-60, 61);
                boolean stateMaster = priority == 255 || random.nextInt(3) == 0;
                if (v == 0) {
                    firstPriority = priority;
                    firstWeight = weight;
                    firstMaster = stateMaster;
                } else if (syncGroups) {
                    priority = firstPriority;
                    weight = firstWeight;
                    stateMaster = firstMaster;
                }
                specs.add(InstanceSpec.builder("VI_" + (v + 1), 10 + v, ip)
                        .version(version)
                        .priority(priority)
                        .advertIntervalCentis(interval)
                        .preempt(preempt || priority == 255)
                        .preemptDelay(priority == 255 ? Duration.ZERO : preemptDelay)
                        .initialState(stateMaster ? VrrpState.MASTER : VrrpState.BACKUP)
                        .higherPrioSendAdvert(random.nextInt(4) == 0)
                        .lowerPrioNoAdvert(random.nextInt(4) == 0)
                        .vips(List.of(new VirtualAddress(ip("192.168." + v + ".100"), 24)))
                        .trackers(List.of(new TrackerSpec(TRACKER, weight, reverse, true)))
                        .build());
            }
            nodes.add(specs);
        }

        long maxDelay = random.nextInt(4) == 0 ? 0 : random.nextLong(1, 40) * MS;
        Network network = new Network(0, maxDelay, random.nextInt(3) == 0 ? random.nextDouble(0.3) : 0);

        long mdi = VrrpTimers.masterDownMicros(version, 3, 1, maxIntervalMicros) * 1_000L;
        // preempt_delay starts only when the lower priority master appears (up to one MDI after the
        // network settles), and the takeover follows one more MDI after the delay
        long settle = mdi + maxIntervalMicros * 1_000L + 3 * maxDelay + MS
                + (preemptDelay.isPositive() ? preemptDelay.toNanos() + mdi : 0)
                // a sync group member whose timer ran out first waits for the others (one more MDI)
                + (syncGroups ? mdi : 0);

        // The script: disruptions at random times; a node is crashed/stopped at most until its restart.
        List<Timed> script = new ArrayList<>();
        boolean[] down = new boolean[n];
        boolean[] trackerUp = new boolean[n];
        java.util.Arrays.fill(trackerUp, true);
        boolean[] linkUp = new boolean[n];
        java.util.Arrays.fill(linkUp, true);
        long t = 0;
        int steps = 3 + random.nextInt(10);
        for (int s = 0; s < steps; s++) {
            // sometimes a quick succession, sometimes a quiet period longer than settle
            t += random.nextInt(3) == 0 ? random.nextLong(1, settle / 2) : random.nextLong(settle / 2, settle * 2);
            int node = random.nextInt(n);
            Disruption d = switch (random.nextInt(8)) {
                case 0 -> new Disruption.Loss(random.nextInt(3) == 0 ? 1.0 : random.nextDouble(0.1, 0.9));
                case 1 -> {
                    int[] side = new int[n];
                    for (int i = 0; i < n; i++) {
                        side[i] = random.nextInt(2);
                    }
                    yield new Disruption.Partition(side);
                }
                case 2 -> new Disruption.Heal();
                case 3 -> down[node] ? new Disruption.Restart(node) : new Disruption.Crash(node);
                case 4 -> down[node] ? new Disruption.Restart(node) : new Disruption.GracefulStop(node);
                case 5 -> new Disruption.Tracker(node, trackerUp[node] = !trackerUp[node]);
                case 6 -> new Disruption.Link(node, linkUp[node] = !linkUp[node]);
                default -> down[node] ? new Disruption.Restart(node) : new Disruption.GracefulStop(node);
            };
            switch (d) {
                case Disruption.Crash c -> down[c.node()] = true;
                case Disruption.GracefulStop g -> down[g.node()] = true;
                case Disruption.Restart r -> down[r.node()] = false;
                default -> {
                }
            }
            script.add(new Timed(t, d));
        }
        // end whole: heal, bring everyone back, then a quiet period for the final check
        t += random.nextLong(1, settle);
        script.add(new Timed(t, new Disruption.Heal()));
        for (int i = 0; i < n; i++) {
            if (down[i]) {
                script.add(new Timed(t, new Disruption.Restart(i)));
            }
        }
        long end = t + settle + SECOND;
        return new Scenario(seed, List.copyOf(nodes), network, List.copyOf(script), end, settle, syncGroups);
    }

    static InetAddress ip(String literal) {
        return InetAddress.ofLiteral(literal);
    }
}
