package io.keepwatch.vrrp;

import static io.keepwatch.vrrp.Fixtures.HIGHER_PEER;
import static io.keepwatch.vrrp.Fixtures.MICRO;
import static io.keepwatch.vrrp.Fixtures.T0;
import static io.keepwatch.vrrp.Fixtures.advert;
import static io.keepwatch.vrrp.Fixtures.spec;
import static io.keepwatch.vrrp.Fixtures.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TimersTest {

    @Test
    void v2SkewIsAFractionOfOneSecondRoundedDown() {
        assertThat(VrrpTimers.skewMicros(VrrpVersion.V2, 100, 1_000_000)).isEqualTo(609_375);
        assertThat(VrrpTimers.skewMicros(VrrpVersion.V2, 150, 1_000_000)).isEqualTo(414_062);
        assertThat(VrrpTimers.skewMicros(VrrpVersion.V2, 255, 1_000_000)).isEqualTo(3_906);
        // RFC 3768: the skew does not depend on the advert interval
        assertThat(VrrpTimers.skewMicros(VrrpVersion.V2, 100, 5_000_000)).isEqualTo(609_375);
    }

    @Test
    void v3SkewScalesWithTheMasterAdvertInterval() {
        assertThat(VrrpTimers.skewMicros(VrrpVersion.V3, 100, 1_000_000)).isEqualTo(609_375);
        assertThat(VrrpTimers.skewMicros(VrrpVersion.V3, 100, 500_000)).isEqualTo(304_687);
        assertThat(VrrpTimers.skewMicros(VrrpVersion.V3, 100, 2_000_000)).isEqualTo(1_218_750);
        assertThat(VrrpTimers.skewMicros(VrrpVersion.V3, 1, 40_950_000)).isEqualTo(40_790_039);
    }

    @Test
    void masterDownIntervalIsDownTimerAdvertsTimesIntervalPlusSkew() {
        assertThat(VrrpTimers.masterDownMicros(VrrpVersion.V2, 3, 100, 1_000_000)).isEqualTo(3_609_375);
        assertThat(VrrpTimers.masterDownMicros(VrrpVersion.V3, 3, 100, 2_000_000)).isEqualTo(7_218_750);
        assertThat(VrrpTimers.masterDownMicros(VrrpVersion.V2, 5, 200, 2_000_000)).isEqualTo(10_218_750);
        assertThat(VrrpTimers.minimumSkewMicros(VrrpVersion.V3, 1_000_000)).isEqualTo(3_906);
    }

    @Test
    void v3BackupLearnsTheMasterAdvertIntervalFromAdverts() {
        VrrpInstance backup = started(spec().version(VrrpVersion.V3).build());

        VrrpResult r = backup.onEvent(advert(HIGHER_PEER, 150, 200), T0 + 10 * MICRO);

        assertThat(backup.masterAdvertIntervalMicros()).isEqualTo(2_000_000);
        assertThat(r.nextDeadlineNanos()).hasValue(T0 + 10 * MICRO + 7_218_750 * MICRO);
    }

    @Test
    void v2BackupKeepsItsOwnInterval() {
        VrrpInstance backup = started(spec().build());

        VrrpResult r = backup.onEvent(advert(HIGHER_PEER, 150, 200), T0);

        assertThat(backup.masterAdvertIntervalMicros()).isEqualTo(1_000_000);
        assertThat(r.nextDeadlineNanos()).hasValue(T0 + 3_609_375 * MICRO);
    }

    @Test
    void v3MasterUsesItsConfiguredIntervalAgainAfterTakingOver() {
        VrrpInstance backup = started(spec().version(VrrpVersion.V3).advertIntervalCentis(50).build());
        backup.onEvent(advert(HIGHER_PEER, 150, 200), T0);
        long expiry = backup.nextDeadline().orElseThrow();

        VrrpResult r = backup.onEvent(VrrpEvent.TICK, expiry);

        assertThat(backup.state()).isEqualTo(VrrpState.MASTER);
        assertThat(backup.masterAdvertIntervalMicros()).isEqualTo(500_000);
        assertThat(r.nextDeadlineNanos()).hasValue(expiry + 500_000 * MICRO);
    }

    @Test
    void timeGoingBackwardsIsRejectedWithBothTimes() {
        VrrpInstance backup = started(spec().build());

        assertThatThrownBy(() -> backup.onEvent(VrrpEvent.TICK, T0 - 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("instance VI_1: time went backwards from 1000000000 ns to 999999999 ns (event Tick[])");
    }

    @Test
    void deadlinesAreCorrectAcrossNanoTimeWrapAround() {
        long nearMax = Long.MAX_VALUE - 1_000_000_000L;
        VrrpInstance backup = new VrrpInstance(spec().build());
        VrrpResult r = backup.onEvent(VrrpEvent.START, nearMax);
        long deadline = r.nextDeadlineNanos().orElseThrow();
        assertThat(deadline).isNegative(); // wrapped

        assertThat(backup.onEvent(VrrpEvent.TICK, nearMax + 1).actions()).isEmpty();
        backup.onEvent(VrrpEvent.TICK, deadline);
        assertThat(backup.state()).isEqualTo(VrrpState.MASTER);
    }
}
