package io.keepwatch.vrrp;

import static io.keepwatch.vrrp.Fixtures.ALL_VIPS;
import static io.keepwatch.vrrp.Fixtures.HIGHER_PEER;
import static io.keepwatch.vrrp.Fixtures.LOWER_PEER;
import static io.keepwatch.vrrp.Fixtures.MDI_100;
import static io.keepwatch.vrrp.Fixtures.MICRO;
import static io.keepwatch.vrrp.Fixtures.SECOND;
import static io.keepwatch.vrrp.Fixtures.SKEW_100;
import static io.keepwatch.vrrp.Fixtures.T0;
import static io.keepwatch.vrrp.Fixtures.advert;
import static io.keepwatch.vrrp.Fixtures.spec;
import static io.keepwatch.vrrp.Fixtures.started;
import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.vrrp.VrrpAction.AddVips;
import io.keepwatch.vrrp.VrrpAction.Notify;
import io.keepwatch.vrrp.VrrpAction.PriorityChanged;
import io.keepwatch.vrrp.VrrpAction.SendAdvert;
import io.keepwatch.vrrp.VrrpAction.SendGratuitous;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackupStateTest {

    @Test
    void tickBeforeTheDownTimerDoesNothing() {
        VrrpInstance backup = started(spec().build());

        VrrpResult r = backup.onEvent(VrrpEvent.TICK, T0 + MDI_100 - 1);

        assertThat(r.actions()).isEmpty();
        assertThat(r.nextDeadlineNanos()).hasValue(T0 + MDI_100);
    }

    @Test
    void downTimerExpiryBecomesMasterInKeepalivedOrder() {
        VrrpInstance backup = started(spec().build());
        long expiry = T0 + MDI_100;

        VrrpResult r = backup.onEvent(VrrpEvent.TICK, expiry);

        assertThat(backup.state()).isEqualTo(VrrpState.MASTER);
        assertThat(r.actions()).containsExactly(
                new SendAdvert(100),
                new AddVips(ALL_VIPS),
                new SendGratuitous(ALL_VIPS, 5),
                new Notify(VrrpState.BACKUP, VrrpState.MASTER, "master down timer expired"));
        assertThat(r.nextDeadlineNanos()).hasValue(expiry + SECOND);
    }

    @Test
    void lateTickStillTakesOver() {
        VrrpInstance backup = started(spec().build());

        VrrpResult r = backup.onEvent(VrrpEvent.TICK, T0 + 10 * SECOND);

        assertThat(backup.state()).isEqualTo(VrrpState.MASTER);
        assertThat(r.nextDeadlineNanos()).hasValue(T0 + 11 * SECOND);
    }

    @Test
    void higherPriorityAdvertRestartsTheDownTimer() {
        VrrpInstance backup = started(spec().build());

        VrrpResult r = backup.onEvent(advert(HIGHER_PEER, 150), T0 + 2 * SECOND);

        assertThat(r.actions()).isEmpty();
        assertThat(r.nextDeadlineNanos()).hasValue(T0 + 2 * SECOND + MDI_100);
        assertThat(backup.onEvent(VrrpEvent.TICK, T0 + MDI_100).actions()).isEmpty();
        assertThat(backup.state()).isEqualTo(VrrpState.BACKUP);
    }

    @Test
    void equalPriorityAdvertIsAcceptedWhateverTheAddress() {
        VrrpInstance backup = started(spec().build());

        VrrpResult r = backup.onEvent(advert(LOWER_PEER, 100), T0 + SECOND);

        assertThat(r.nextDeadlineNanos()).hasValue(T0 + SECOND + MDI_100);
    }

    @Test
    void lowerPriorityAdvertIsIgnoredSoWePreemptWhenTheTimerRunsOut() {
        VrrpInstance backup = started(spec().build());

        VrrpResult r = backup.onEvent(advert(LOWER_PEER, 50), T0 + SECOND);
        assertThat(r.actions()).isEmpty();
        assertThat(r.nextDeadlineNanos()).hasValue(T0 + MDI_100);

        VrrpResult takeover = backup.onEvent(VrrpEvent.TICK, T0 + MDI_100);
        assertThat(takeover.actions()).last().isEqualTo(new Notify(VrrpState.BACKUP, VrrpState.MASTER,
                "preempting lower priority 50 master 10.0.0.2 (ours 100)"));
    }

    @Test
    void aMasterThatIsNoLongerLowerAfterAPriorityDropIsWaitedForNotPreempted() {
        VrrpInstance backup = started(spec().trackers(List.of(TrackerSpec.of("chk", -50))).build());
        backup.onEvent(advert(LOWER_PEER, 50), T0 + SECOND);

        // the tracker reports after the advert came in: 50 is no longer lower than ours
        VrrpResult r = backup.onEvent(new VrrpEvent.TrackerChanged("chk", false), T0 + 2 * SECOND);
        assertThat(backup.effectivePriority()).isEqualTo(50);
        long mdi50 = 3 * SECOND + 804_687 * MICRO;
        assertThat(r.nextDeadlineNanos()).hasValue(T0 + 2 * SECOND + mdi50);

        // its advert keeps it master; no takeover at the old deadline
        assertThat(backup.onEvent(VrrpEvent.TICK, T0 + MDI_100).actions()).isEmpty();
        backup.onEvent(advert(LOWER_PEER, 50), T0 + 4 * SECOND);
        assertThat(backup.onEvent(VrrpEvent.TICK, T0 + 2 * SECOND + mdi50).actions()).isEmpty();
        assertThat(backup.state()).isEqualTo(VrrpState.BACKUP);
    }

    @Test
    void nopreemptAcceptsALowerPriorityMaster() {
        VrrpInstance backup = started(spec().preempt(false).build());

        VrrpResult r = backup.onEvent(advert(LOWER_PEER, 50), T0 + SECOND);

        assertThat(r.nextDeadlineNanos()).hasValue(T0 + SECOND + MDI_100);
        backup.onEvent(VrrpEvent.TICK, T0 + MDI_100);
        assertThat(backup.state()).isEqualTo(VrrpState.BACKUP);
    }

    @Test
    void priorityZeroShortensTheDownTimerToSkewTime() {
        VrrpInstance backup = started(spec().build());
        backup.onEvent(advert(HIGHER_PEER, 150), T0 + SECOND);

        VrrpResult r = backup.onEvent(advert(HIGHER_PEER, 0), T0 + 2 * SECOND);

        assertThat(r.actions()).isEmpty();
        assertThat(r.nextDeadlineNanos()).hasValue(T0 + 2 * SECOND + SKEW_100);
        VrrpResult takeover = backup.onEvent(VrrpEvent.TICK, T0 + 2 * SECOND + SKEW_100);
        assertThat(takeover.actions()).last().isEqualTo(new Notify(VrrpState.BACKUP, VrrpState.MASTER,
                "master 10.0.0.200 resigned (priority 0)"));
    }

    @Test
    void priorityZeroAppliesEvenWithNopreempt() {
        VrrpInstance backup = started(spec().preempt(false).build());

        VrrpResult r = backup.onEvent(advert(HIGHER_PEER, 0), T0 + SECOND);

        assertThat(r.nextDeadlineNanos()).hasValue(T0 + SECOND + SKEW_100);
    }

    @Test
    void preemptDelayAcceptsTheLowerMasterUntilTheDelayHasPassed() {
        VrrpInstance backup = started(spec().preemptDelay(Duration.ofSeconds(10)).build());

        // first lower priority advert: accepted, preempt delay starts (ends at T0 + 11 s)
        assertThat(backup.onEvent(advert(LOWER_PEER, 50), T0 + SECOND).nextDeadlineNanos())
                .hasValue(T0 + SECOND + MDI_100);
        // still within the delay: accepted again
        assertThat(backup.onEvent(advert(LOWER_PEER, 50), T0 + 10 * SECOND).nextDeadlineNanos())
                .hasValue(T0 + 10 * SECOND + MDI_100);
        // delay over: ignored, the timer runs out
        assertThat(backup.onEvent(advert(LOWER_PEER, 50), T0 + 11 * SECOND).nextDeadlineNanos())
                .hasValue(T0 + 10 * SECOND + MDI_100);
        backup.onEvent(VrrpEvent.TICK, T0 + 10 * SECOND + MDI_100);
        assertThat(backup.state()).isEqualTo(VrrpState.MASTER);
    }

    @Test
    void higherPriorityAdvertCancelsARunningPreemptDelay() {
        VrrpInstance backup = started(spec().preemptDelay(Duration.ofSeconds(10)).build());
        backup.onEvent(advert(LOWER_PEER, 50), T0 + SECOND);
        backup.onEvent(advert(HIGHER_PEER, 150), T0 + 2 * SECOND);

        // the delay starts again from the next lower priority advert (ends at T0 + 13 s)
        backup.onEvent(advert(LOWER_PEER, 50), T0 + 3 * SECOND);
        assertThat(backup.onEvent(advert(LOWER_PEER, 50), T0 + 12 * SECOND).nextDeadlineNanos())
                .hasValue(T0 + 12 * SECOND + MDI_100);
        assertThat(backup.onEvent(advert(LOWER_PEER, 50), T0 + 13 * SECOND).nextDeadlineNanos())
                .hasValue(T0 + 12 * SECOND + MDI_100);
    }

    @Test
    void priorityDropMovesTheRunningDownTimerByTheChangeInSkew() {
        VrrpInstance backup = started(spec().trackers(List.of(TrackerSpec.of("chk", -50))).build());

        VrrpResult r = backup.onEvent(new VrrpEvent.TrackerChanged("chk", false), T0 + SECOND);

        assertThat(backup.effectivePriority()).isEqualTo(50);
        assertThat(r.actions()).containsExactly(new PriorityChanged(100, 50, "tracker chk down"));
        // skew for 50 is 206/256 s = 804687 us, for 100 609375 us: the timer moves 195312 us later
        assertThat(r.nextDeadlineNanos()).hasValue(T0 + MDI_100 + 195_312 * MICRO);
    }

    @Test
    void positiveWeightAddsWhileUpAndIsClampedBelowTheOwnerPriority() {
        VrrpInstance backup = started(spec().priority(200)
                .trackers(List.of(TrackerSpec.of("a", 40), TrackerSpec.of("b", 30))).build());

        assertThat(backup.effectivePriority()).isEqualTo(254);
        backup.onEvent(new VrrpEvent.TrackerChanged("a", false), T0);
        assertThat(backup.effectivePriority()).isEqualTo(230);
    }

    @Test
    void negativeWeightsAreClampedAtOne() {
        VrrpInstance backup = started(spec().priority(10).trackers(List.of(TrackerSpec.of("a", -40))).build());

        backup.onEvent(new VrrpEvent.TrackerChanged("a", false), T0);

        assertThat(backup.effectivePriority()).isEqualTo(1);
    }

    @Test
    void addressOwnerPriorityIgnoresWeights() {
        VrrpInstance backup = started(spec().priority(255).trackers(List.of(TrackerSpec.of("a", -40))).build());

        VrrpResult r = backup.onEvent(new VrrpEvent.TrackerChanged("a", false), T0);

        assertThat(r.actions()).isEmpty();
        assertThat(backup.effectivePriority()).isEqualTo(255);
    }

    @Test
    void interfaceDownEntersFault() {
        VrrpInstance backup = started(spec().build());

        VrrpResult r = backup.onEvent(new VrrpEvent.LinkChanged("eth0", false), T0 + SECOND);

        assertThat(backup.state()).isEqualTo(VrrpState.FAULT);
        assertThat(r.actions()).containsExactly(new Notify(VrrpState.BACKUP, VrrpState.FAULT, "interface eth0 down"));
        assertThat(r.nextDeadlineNanos()).isEmpty();
    }

    @Test
    void trackedInterfaceWithWeightLowersThePriority() {
        VrrpInstance backup = started(spec().trackers(List.of(TrackerSpec.of("eth1", -20))).build());

        VrrpResult r = backup.onEvent(new VrrpEvent.LinkChanged("eth1", false), T0);

        assertThat(r.actions()).containsExactly(new PriorityChanged(100, 80, "tracker eth1 down"));
        assertThat(backup.state()).isEqualTo(VrrpState.BACKUP);
    }

    @Test
    void shutdownFromBackupOnlyNotifies() {
        VrrpInstance backup = started(spec().build());

        VrrpResult r = backup.onEvent(VrrpEvent.SHUTDOWN, T0 + SECOND);

        assertThat(r.actions()).containsExactly(new Notify(VrrpState.BACKUP, VrrpState.INIT, "shutdown"));
        assertThat(r.nextDeadlineNanos()).isEmpty();
    }
}
