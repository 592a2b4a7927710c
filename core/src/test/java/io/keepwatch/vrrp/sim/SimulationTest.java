package io.keepwatch.vrrp.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keepwatch.vrrp.InstanceSpec;
import io.keepwatch.vrrp.TrackerSpec;
import io.keepwatch.vrrp.VirtualAddress;
import io.keepwatch.vrrp.VrrpTimers;
import io.keepwatch.vrrp.VrrpVersion;
import io.keepwatch.vrrp.sim.Scenario.Disruption;
import io.keepwatch.vrrp.sim.Scenario.Network;
import io.keepwatch.vrrp.sim.Scenario.Timed;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Random and scripted scenarios on a simulated segment. jqwik reports the failing seed; the failure
 * message repeats it, and {@link #replay(long)} runs exactly that scenario again. The property runs
 * with a fixed jqwik seed so the suite is the same on every run; change it locally to explore.
 */
class SimulationTest {

    private static final long S = Scenario.SECOND;

    @Property(tries = 5000, seed = "20261125")
    void invariantsHoldInRandomScenarios(@ForAll long seed) {
        replay(seed);
    }

    /** Reruns one generated scenario, e.g. {@code replay(1589L)} from a failure message. */
    static Simulation.Stats replay(long seed) {
        return Simulation.run(Scenario.generate(seed));
    }

    @Test
    void replaysAKnownSeed() {
        Simulation.Stats stats = replay(42L);

        assertThat(stats.events()).isPositive();
        assertThat(stats.steadyChecks()).isPositive();
    }

    @Test
    void runsAreDeterministic() {
        assertThat(replay(7L)).isEqualTo(replay(7L));
    }

    @Test
    void generatedScenariosExerciseBothSteadyStateAndHandoverChecks() {
        long steady = 0;
        long handover = 0;
        for (long seed = 0; seed < 200; seed++) {
            Simulation.Stats stats = replay(seed);
            steady += stats.steadyChecks();
            handover += stats.handoverChecks();
        }
        assertThat(steady).isGreaterThan(10_000);
        assertThat(handover).isGreaterThan(20);
    }

    @Test
    void theCheckerCatchesTwoMastersWhenTheSettleTimeIsTooShort() {
        // A partition makes both sides MASTER; claiming the network settles 1 ms after the heal must fail.
        Scenario scenario = new Scenario(99, twoNodes(VrrpVersion.V2), new Network(0, 0, 0),
                List.of(new Timed(10 * S, new Disruption.Partition(new int[] {0, 1})),
                        new Timed(20 * S, new Disruption.Heal())),
                40 * S, 1_000_000L);

        assertThatThrownBy(() -> Simulation.run(scenario))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("seed=99 t=")
                .hasMessageContaining("expected exactly one MASTER");
    }

    @Test
    void partitionAndHealEndWithTheHigherPriorityAsSoleMaster() {
        Scenario scenario = scripted(VrrpVersion.V3,
                new Timed(10 * S, new Disruption.Partition(new int[] {0, 1})),
                new Timed(20 * S, new Disruption.Heal()));

        assertThat(Simulation.run(scenario).steadyChecks()).isPositive();
    }

    @Test
    void masterCrashAndRestartWithLossAndDuplicates() {
        Scenario scenario = new Scenario(5, twoNodes(VrrpVersion.V2), new Network(1_000_000L, 30_000_000L, 0.3),
                List.of(new Timed(10 * S, new Disruption.Loss(0.5)),
                        new Timed(15 * S, new Disruption.Crash(1)),
                        new Timed(20 * S, new Disruption.Heal()),
                        new Timed(30 * S, new Disruption.Restart(1)),
                        new Timed(40 * S, new Disruption.GracefulStop(1)),
                        new Timed(50 * S, new Disruption.Restart(1))),
                70 * S, settle(VrrpVersion.V2));

        assertThat(Simulation.run(scenario).handoverChecks()).isEqualTo(1);
    }

    @Test
    void trackerFlipsMoveMastershipBackAndForth() {
        Scenario scenario = scripted(VrrpVersion.V2,
                new Timed(10 * S, new Disruption.Tracker(1, false)),
                new Timed(20 * S, new Disruption.Tracker(1, true)),
                new Timed(30 * S, new Disruption.Link(0, false)),
                new Timed(40 * S, new Disruption.Link(0, true)));

        assertThat(Simulation.run(scenario).steadyChecks()).isPositive();
    }

    private static Scenario scripted(VrrpVersion version, Timed... script) {
        return new Scenario(1, twoNodes(version), new Network(0, 5_000_000L, 0), List.of(script), 60 * S,
                settle(version));
    }

    private static long settle(VrrpVersion version) {
        return VrrpTimers.masterDownMicros(version, 3, 1, 1_000_000) * 1_000L + S + 100_000_000L;
    }

    /** Node 1 (priority 150, weight -100 tracker) normally wins over node 0 (priority 100). */
    private static List<List<InstanceSpec>> twoNodes(VrrpVersion version) {
        VirtualAddress vip = new VirtualAddress(Scenario.ip("192.168.0.100"), 24);
        InstanceSpec a = InstanceSpec.builder("VI_1", 10, Scenario.ip("10.0.0.1")).version(version).priority(100)
                .vips(List.of(vip)).trackers(List.of(TrackerSpec.of(Scenario.TRACKER, 10))).build();
        InstanceSpec b = InstanceSpec.builder("VI_1", 10, Scenario.ip("10.0.0.2")).version(version).priority(150)
                .vips(List.of(vip)).trackers(List.of(TrackerSpec.of(Scenario.TRACKER, -100))).build();
        return List.of(List.of(a), List.of(b));
    }
}
