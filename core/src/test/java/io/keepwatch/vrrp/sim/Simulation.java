package io.keepwatch.vrrp.sim;

import io.keepwatch.vrrp.InstanceSpec;
import io.keepwatch.vrrp.SyncGroup;
import io.keepwatch.vrrp.VirtualAddress;
import io.keepwatch.vrrp.VrrpAction;
import io.keepwatch.vrrp.VrrpEvent;
import io.keepwatch.vrrp.VrrpInstance;
import io.keepwatch.vrrp.VrrpResult;
import io.keepwatch.vrrp.VrrpState;
import io.keepwatch.vrrp.VrrpTimers;
import io.keepwatch.vrrp.sim.Scenario.Disruption;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Runs engines on a simulated multicast segment with a fake clock and a seeded scheduler, and checks
 * invariants after every event:
 *
 * <ul>
 *   <li>always: an instance holds its VIPs exactly while it is MASTER (from AddVips/RemoveVips);</li>
 *   <li>once the network has been whole (no loss, no partition) and undisturbed (no crash, restart,
 *       tracker or link change) for the settle time (Master_Down_Interval for the lowest priority and
 *       the longest interval, plus one interval, delays and preempt_delay): per VRID exactly one MASTER
 *       among the running instances not in FAULT, holding the VIPs alone; with preempt its priority is
 *       the highest (equal priorities may keep either: RFC 5798 6.4.2 accepts equal adverts);</li>
 *   <li>after a MASTER resigns (priority 0) on a whole network, some backup is MASTER within
 *       Skew_Time plus the maximum delay.</li>
 * </ul>
 *
 * Every failure message carries the seed and the last events; {@link SimulationTest#replay} reruns one.
 */
final class Simulation {

    private static final int TRACE = 60;

    private final Scenario scenario;
    private final SplittableRandom random;
    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>();
    private final Deque<String> trace = new ArrayDeque<>();
    private final Node[] nodes;
    private final long[][] lastArrival;
    private long seq;
    private long now;
    private long stableSince;
    private double loss;
    private int[] partition;
    private long events;
    private long steadyChecks;
    private long handoverChecks;

    private Simulation(Scenario scenario) {
        this.scenario = scenario;
        this.random = new SplittableRandom(scenario.seed() * 0x9E3779B97F4A7C15L + 1);
        this.nodes = new Node[scenario.nodeCount()];
        this.lastArrival = new long[nodes.length][nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            nodes[i] = new Node(i, scenario.nodes().get(i));
        }
    }

    /** What a run did, for tests that want to know the checks actually ran. */
    record Stats(long events, long steadyChecks, long handoverChecks) {}

    /** Runs a scenario to its end; throws AssertionError naming the seed on any violated invariant. */
    static Stats run(Scenario scenario) {
        Simulation sim = new Simulation(scenario);
        sim.execute();
        return new Stats(sim.events, sim.steadyChecks, sim.handoverChecks);
    }

    // ------------------------------------------------------------------ event loop

    private sealed interface SimEvent {}

    private record Deliver(int to, int slot, int generation, InetAddress source, int priority, int intervalCentis,
                           int from) implements SimEvent {}

    private record TickAt(int node, int slot, int generation, long at) implements SimEvent {}

    private record Script(Disruption disruption) implements SimEvent {}

    private record HandoverCheck(int slot, long since, long resignedAt, int from) implements SimEvent {}

    private record Scheduled(long at, long seq, SimEvent event) implements Comparable<Scheduled> {
        @Override
        public int compareTo(Scheduled o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private void schedule(long at, SimEvent event) {
        queue.add(new Scheduled(at, seq++, event));
    }

    private void execute() {
        for (Scenario.Timed timed : scenario.script()) {
            schedule(timed.atNanos(), new Script(timed.disruption()));
        }
        for (Node node : nodes) {
            node.start();
        }
        check();
        while (!queue.isEmpty() && queue.peek().at() <= scenario.endNanos()) {
            Scheduled next = queue.poll();
            now = next.at();
            events++;
            handle(next.event());
            check();
        }
        now = scenario.endNanos();
        check();
        if (now - stableSince < scenario.settleNanos()) {
            throw failure("scenario ended before the final quiet period");
        }
    }

    private void handle(SimEvent event) {
        switch (event) {
            case Deliver d -> {
                Node to = nodes[d.to()];
                if (!to.alive || to.generation != d.generation() || !connected(d.from(), d.to())) {
                    return;
                }
                if (d.priority() == 0) {
                    log("node " + d.to() + " slot " + d.slot() + " hears priority 0 from node " + d.from());
                }
                to.apply(d.slot(), new VrrpEvent.AdvertReceived(d.source(), d.priority(), d.intervalCentis(), false));

            }
            case TickAt t -> {
                Node node = nodes[t.node()];
                if (!node.alive || node.generation != t.generation() || !node.tickScheduled[t.slot()]
                        || node.tickAt[t.slot()] != t.at()) {
                    return; // superseded by a later deadline
                }
                node.tickScheduled[t.slot()] = false;
                node.apply(t.slot(), VrrpEvent.TICK);
            }
            case Script s -> disrupt(s.disruption());
            case HandoverCheck h -> handoverCheck(h);
        }
    }

    private void disrupt(Disruption disruption) {
        log("script " + disruption);
        stableSince = now;
        switch (disruption) {
            case Disruption.Loss l -> loss = l.probability();
            case Disruption.Partition p -> partition = p.sideOf().clone();
            case Disruption.Heal h -> {
                loss = 0;
                partition = null;
            }
            case Disruption.Crash c -> nodes[c.node()].crash();
            case Disruption.GracefulStop g -> nodes[g.node()].gracefulStop();
            case Disruption.Restart r -> nodes[r.node()].restart();
            case Disruption.Tracker t -> nodes[t.node()].tracker(t.up());
            case Disruption.Link l -> nodes[l.node()].link(l.up());
        }
    }

    private boolean whole() {
        return loss == 0 && partition == null;
    }

    private boolean connected(int a, int b) {
        return partition == null || partition[a] == partition[b];
    }

    private void multicast(int from, int slot, int priority) {
        InstanceSpec spec = nodes[from].specs.get(slot);
        Scenario.Network net = scenario.network();
        for (Node to : nodes) {
            if (to.index == from || !to.alive || !connected(from, to.index)) {
                continue;
            }
            if (loss > 0 && random.nextDouble() < loss) {
                continue;
            }
            int copies = net.duplicateProbability() > 0 && random.nextDouble() < net.duplicateProbability() ? 2 : 1;
            for (int c = 0; c < copies; c++) {
                long delay = net.maxDelayNanos() == net.minDelayNanos() ? net.minDelayNanos()
                        : random.nextLong(net.minDelayNanos(), net.maxDelayNanos() + 1);
                // one sender's frames on one segment are not reordered
                long at = Math.max(now + delay, lastArrival[from][to.index]);
                lastArrival[from][to.index] = at;
                schedule(at, new Deliver(to.index, slot, to.generation, spec.primaryAddress(), priority,
                        spec.advertIntervalCentis(), from));
            }
        }
    }

    // ------------------------------------------------------------------ invariants

    private void check() {
        for (Node node : nodes) {
            for (int slot = 0; slot < scenario.vridCount(); slot++) {
                boolean master = node.alive && node.instances[slot].state() == VrrpState.MASTER;
                Set<VirtualAddress> expected = master ? Set.copyOf(node.specs.get(slot).vips()) : Set.of();
                if (!node.held.get(slot).equals(expected)) {
                    throw failure("node " + node.index + " VRID slot " + slot + " holds " + node.held.get(slot)
                            + " but is " + (node.alive ? node.instances[slot].state() : "down"));
                }
            }
        }
        if (scenario.syncGroups()) {
            for (Node node : nodes) {
                if (node.alive && Arrays.stream(node.instances).map(VrrpInstance::state).distinct().count() != 1) {
                    throw failure("sync group of node " + node.index + " split: " + Arrays.toString(node.instances));
                }
            }
        }
        if (!whole() || now - stableSince < scenario.settleNanos()) {
            return;
        }
        steadyChecks++;
        for (int slot = 0; slot < scenario.vridCount(); slot++) {
            List<Node> eligible = new ArrayList<>();
            List<Node> masters = new ArrayList<>();
            int highest = 0;
            for (Node node : nodes) {
                if (!node.alive) {
                    continue;
                }
                VrrpInstance instance = node.instances[slot];
                if (instance.state() == VrrpState.MASTER) {
                    masters.add(node);
                }
                if (instance.state() == VrrpState.BACKUP || instance.state() == VrrpState.MASTER) {
                    eligible.add(node);
                    highest = Math.max(highest, instance.effectivePriority());
                }
            }
            if (eligible.isEmpty()) {
                continue;
            }
            if (masters.size() != 1) {
                throw failure("VRID slot " + slot + ": expected exactly one MASTER after the network settled, got "
                        + masters.stream().map(n -> n.index).toList());
            }
            Node master = masters.getFirst();
            for (Node node : nodes) {
                if (node != master && !node.held.get(slot).isEmpty()) {
                    throw failure("VRID slot " + slot + ": node " + node.index + " holds VIPs besides master "
                            + master.index);
                }
            }
            int vrid = slot;
            boolean preempt = scenario.nodes().stream().allMatch(specs -> specs.get(vrid).preempt());
            int masterPriority = master.instances[slot].effectivePriority();
            if (preempt && masterPriority != highest) {
                throw failure("VRID slot " + slot + ": MASTER is node " + master.index + " with priority "
                        + masterPriority + " but the highest eligible priority is " + highest);
            }
        }
    }

    private void handoverCheck(HandoverCheck h) {
        if (stableSince != h.since() || !whole()) {
            return; // disturbed since the resignation: the bound does not apply
        }
        handoverChecks++;
        for (Node node : nodes) {
            if (node.alive && node.instances[h.slot()].state() == VrrpState.MASTER) {
                return;
            }
        }
        throw failure("VRID slot " + h.slot() + ": no MASTER " + (now - h.resignedAt()) / 1_000
                + " us after node " + h.from() + " resigned with priority 0");
    }

    /** After a resignation on a whole network: the bound is the longest skew of a backup plus the delay. */
    private void scheduleHandoverCheck(int from, int slot) {
        if (!whole()) {
            return;
        }
        long bound = -1;
        for (Node node : nodes) {
            if (node.index == from || !node.alive) {
                continue;
            }
            if (node.instances[slot].state() != VrrpState.BACKUP) {
                continue;
            }
            // a sync group goes MASTER when its slowest member's skew has run out
            long skew = 0;
            for (int member = 0; member < scenario.vridCount(); member++) {
                if (member == slot || scenario.syncGroups()) {
                    skew = Math.max(skew, handoverSkewNanos(node, member, from));
                }
            }
            bound = Math.max(bound, skew);
        }
        if (bound < 0) {
            return;
        }
        schedule(now + scenario.network().maxDelayNanos() + bound + 1_000L,
                new HandoverCheck(slot, stableSince, now, from));
    }

    /** The skew of a backup, allowing that a VRRPv3 backup may still learn the resigning master's interval. */
    private long handoverSkewNanos(Node node, int slot, int from) {
        VrrpInstance instance = node.instances[slot];
        long interval = Math.max(instance.masterAdvertIntervalMicros(), nodes[from].specs.get(slot).advertIntervalMicros());
        return VrrpTimers.skewMicros(instance.spec().version(), instance.effectivePriority(), interval) * 1_000L;
    }

    private AssertionError failure(String message) {
        StringBuilder sb = new StringBuilder();
        sb.append("seed=").append(scenario.seed()).append(" t=").append(now / 1_000).append("us: ").append(message)
                .append("\n  replay with SimulationTest.replay(").append(scenario.seed()).append("L)")
                .append("\n  settle=").append(scenario.settleNanos() / 1_000).append("us stableSince=")
                .append(stableSince / 1_000).append("us network=").append(scenario.network())
                .append(scenario.syncGroups() ? " sync groups" : "")
                .append("\n  nodes:");
        for (Node node : nodes) {
            sb.append("\n    ").append(node.index).append(' ').append(node.specs.getFirst().primaryAddress().getHostAddress())
                    .append(node.alive ? "" : " DOWN");
            for (int slot = 0; slot < scenario.vridCount(); slot++) {
                InstanceSpec s = node.specs.get(slot);
                sb.append(" | prio=").append(s.basePriority()).append(" int=").append(s.advertIntervalCentis())
                        .append("cs preempt=").append(s.preempt())
                        .append(s.preemptDelay().isPositive() ? " preempt_delay=" + s.preemptDelay() : "")
                        .append(" state=").append(s.initialState())
                        .append(" tracker w=").append(s.trackers().getFirst().weight());
                if (node.alive) {
                    sb.append(" -> ").append(node.instances[slot]);
                }
            }
        }
        sb.append("\n  last events:");
        for (String line : trace) {
            sb.append("\n    ").append(line);
        }
        return new AssertionError(sb.toString());
    }

    private void log(String line) {
        if (trace.size() == TRACE) {
            trace.removeFirst();
        }
        trace.addLast(now / 1_000 + "us " + line);
    }

    // ------------------------------------------------------------------ nodes

    private final class Node {
        final int index;
        final List<InstanceSpec> specs;
        final VrrpInstance[] instances;
        final List<Set<VirtualAddress>> held = new ArrayList<>();
        final boolean[] tickScheduled;
        final long[] tickAt;
        SyncGroup group;
        boolean alive;
        int generation;
        boolean trackerUp = true;
        boolean linkUp = true;

        Node(int index, List<InstanceSpec> specs) {
            this.index = index;
            this.specs = specs;
            this.instances = new VrrpInstance[specs.size()];
            this.tickScheduled = new boolean[specs.size()];
            this.tickAt = new long[specs.size()];
            for (int i = 0; i < specs.size(); i++) {
                held.add(new HashSet<>());
            }
        }

        void start() {
            alive = true;
            generation++;
            for (int slot = 0; slot < specs.size(); slot++) {
                instances[slot] = new VrrpInstance(specs.get(slot));
                tickScheduled[slot] = false;
            }
            group = scenario.syncGroups() ? new SyncGroup("G" + index, List.of(instances)) : null;
            for (int slot = 0; slot < specs.size(); slot++) {
                // the runtime reports the current tracker and link state before starting
                apply(slot, new VrrpEvent.TrackerChanged(Scenario.TRACKER, trackerUp));
                apply(slot, new VrrpEvent.LinkChanged(specs.get(slot).interfaceName(), linkUp));
            }
            for (int slot = 0; slot < specs.size(); slot++) {
                apply(slot, VrrpEvent.START);
            }
        }

        void crash() {
            if (!alive) {
                return;
            }
            alive = false;
            generation++;
            held.forEach(Set::clear); // the machine is gone, and its addresses with it
        }

        void gracefulStop() {
            if (!alive) {
                return;
            }
            for (int slot = 0; slot < specs.size(); slot++) {
                apply(slot, VrrpEvent.SHUTDOWN);
            }
            alive = false;
            generation++;
        }

        void restart() {
            if (!alive) {
                start();
            }
        }

        void tracker(boolean up) {
            trackerUp = up;
            if (alive) {
                for (int slot = 0; slot < specs.size(); slot++) {
                    apply(slot, new VrrpEvent.TrackerChanged(Scenario.TRACKER, up));
                }
            }
        }

        void link(boolean up) {
            linkUp = up;
            if (alive) {
                for (int slot = 0; slot < specs.size(); slot++) {
                    apply(slot, new VrrpEvent.LinkChanged(specs.get(slot).interfaceName(), up));
                }
            }
        }

        void apply(int slot, VrrpEvent event) {
            if (group == null) {
                perform(slot, instances[slot].onEvent(event, now));
                return;
            }
            List<VrrpResult> results = group.onEvent(instances[slot].name(), event, now);
            for (int member = 0; member < results.size(); member++) {
                perform(member, results.get(member));
            }
        }

        private void perform(int slot, VrrpResult result) {
            for (VrrpAction action : result.actions()) {
                switch (action) {
                    case VrrpAction.SendAdvert a -> {
                        if (a.priority() == 0) {
                            scheduleHandoverCheck(index, slot);
                        }
                        multicast(index, slot, a.priority());
                    }
                    case VrrpAction.AddVips a -> {
                        held.get(slot).addAll(a.addresses());
                        log("node " + index + " slot " + slot + " adds " + a.addresses());
                    }
                    case VrrpAction.RemoveVips r -> {
                        held.get(slot).removeAll(r.addresses());
                        log("node " + index + " slot " + slot + " removes " + r.addresses());
                    }
                    case VrrpAction.SendGratuitous g -> {
                    }
                    case VrrpAction.Notify n -> log("node " + index + " slot " + slot + " " + n.from() + " -> "
                            + n.to() + ": " + n.reason());
                    case VrrpAction.PriorityChanged p -> log("node " + index + " slot " + slot + " priority "
                            + p.from() + " -> " + p.to());
                    case VrrpAction.MasterRxLowerPriority m -> log("node " + index + " slot " + slot
                            + " heard lower priority " + m.priority());
                }
            }
            if (result.nextDeadlineNanos().isPresent()) {
                long at = Math.max(result.nextDeadlineNanos().getAsLong(), now);
                if (!tickScheduled[slot] || tickAt[slot] != at) {
                    tickScheduled[slot] = true;
                    tickAt[slot] = at;
                    schedule(at, new TickAt(index, slot, generation, at));
                }
            }
        }

        @Override
        public String toString() {
            return "node " + index + Arrays.toString(instances);
        }
    }
}
