package io.keepwatch.vrrp;

import static io.keepwatch.vrrp.Fixtures.SECOND;
import static io.keepwatch.vrrp.Fixtures.T0;
import static io.keepwatch.vrrp.Fixtures.spec;
import static io.keepwatch.vrrp.Fixtures.started;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** keepalived's track_file rules (track_file.c): the file's number times the weight, or FAULT. */
class ScaledTrackerTest {

    private static VrrpInstance tracking(TrackerSpec tracker) {
        return started(spec().priority(100).trackers(List.of(tracker)).build());
    }

    @ParameterizedTest(name = "weight {0} reverse {1}, file {2}: priority {3}, fault {4}")
    @CsvSource({
            // weight, reverse, level, priority, fault
            "10, false, 0, 100, false",
            "10, false, 3, 130, false",
            "10, false, -2, 80, false",
            "-5, false, 4, 80, false",
            "10, true, 3, 70, false",
            // the product is bounded to 253 (and the priority to 254)
            "100, false, 9, 254, false",
            // -254 or less is FAULT, and then the tracker adds nothing
            "127, false, -2, 100, true",
            "1, false, -300, 100, true",
            "1, false, -253, 1, false",
            // weight 0: any non-zero number is FAULT; reversed, zero is
            "0, false, 0, 100, false",
            "0, false, 7, 100, true",
            "0, true, 0, 100, true",
            "0, true, -1, 100, false",
    })
    void levelTimesWeight(int weight, boolean reverse, long level, int priority, boolean fault) {
        VrrpInstance instance = tracking(TrackerSpec.scaled("file:f", weight, reverse, 0));

        instance.onEvent(new VrrpEvent.TrackerLevel("file:f", level), T0 + SECOND);

        assertThat(instance.effectivePriority()).isEqualTo(priority);
        assertThat(instance.state()).isEqualTo(fault ? VrrpState.FAULT : VrrpState.BACKUP);
    }

    @Test
    void aLevelKnownBeforeTheStartDecidesTheFirstState() {
        VrrpInstance instance = new VrrpInstance(spec().priority(100)
                .trackers(List.of(TrackerSpec.scaled("file:f", 0, false, 0))).build());

        instance.onEvent(new VrrpEvent.TrackerLevel("file:f", 1), T0);
        VrrpResult r = instance.onEvent(VrrpEvent.START, T0);

        assertThat(instance.state()).isEqualTo(VrrpState.FAULT);
        assertThat(r.actions()).containsExactly(new VrrpAction.Notify(VrrpState.INIT, VrrpState.FAULT,
                "tracker file:f at 1"));
    }

    @Test
    void leavingFaultRestoresTheWeightedPriority() {
        VrrpInstance instance = tracking(TrackerSpec.scaled("file:f", 2, false, 0));
        instance.onEvent(new VrrpEvent.TrackerLevel("file:f", -200), T0 + SECOND);
        assertThat(instance.state()).isEqualTo(VrrpState.FAULT);

        instance.onEvent(new VrrpEvent.TrackerLevel("file:f", 5), T0 + 2 * SECOND);

        assertThat(instance.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(instance.effectivePriority()).isEqualTo(110);
    }

    @Test
    void anUpDownTrackerTakesLevelsAsUpAndDown() {
        VrrpInstance instance = tracking(TrackerSpec.of("chk", -20));

        instance.onEvent(new VrrpEvent.TrackerLevel("chk", 0), T0 + SECOND);

        assertThat(instance.effectivePriority()).isEqualTo(80);
    }
}
