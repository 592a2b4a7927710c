package io.keepwatch.vrrp;

import static io.keepwatch.vrrp.Fixtures.ALL_VIPS;
import static io.keepwatch.vrrp.Fixtures.HIGHER_PEER;
import static io.keepwatch.vrrp.Fixtures.MDI_100;
import static io.keepwatch.vrrp.Fixtures.MICRO;
import static io.keepwatch.vrrp.Fixtures.SECOND;
import static io.keepwatch.vrrp.Fixtures.T0;
import static io.keepwatch.vrrp.Fixtures.advert;
import static io.keepwatch.vrrp.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keepwatch.vrrp.VrrpAction.AddVips;
import io.keepwatch.vrrp.VrrpAction.Notify;
import io.keepwatch.vrrp.VrrpAction.SendAdvert;
import io.keepwatch.vrrp.VrrpAction.SendGratuitous;
import java.util.List;
import org.junit.jupiter.api.Test;

class InitStateTest {

    @Test
    void startEntersBackupWithAFullMasterDownTimer() {
        VrrpInstance instance = new VrrpInstance(spec().build());

        VrrpResult r = instance.onEvent(VrrpEvent.START, T0);

        assertThat(instance.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(r.instance()).isEqualTo("VI_1");
        assertThat(r.actions()).containsExactly(new Notify(VrrpState.INIT, VrrpState.BACKUP, "start"));
        assertThat(r.nextDeadlineNanos()).hasValue(T0 + MDI_100);
    }

    @Test
    void stateMasterBelowOwnerPriorityListensOneAdvertIntervalFirst() {
        VrrpInstance instance = new VrrpInstance(spec().initialState(VrrpState.MASTER).build());

        VrrpResult r = instance.onEvent(VrrpEvent.START, T0);

        assertThat(instance.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(r.actions()).containsExactly(new Notify(VrrpState.INIT, VrrpState.BACKUP,
                "start (state MASTER): listening one advert interval"));
        // advert_int + one priority step of skew (1/256 s)
        assertThat(r.nextDeadlineNanos()).hasValue(T0 + SECOND + 3_906 * MICRO);
    }

    @Test
    void stateMasterBacksOffWhenAMasterIsHeardDuringTheFirstInterval() {
        VrrpInstance instance = new VrrpInstance(spec().initialState(VrrpState.MASTER).build());
        instance.onEvent(VrrpEvent.START, T0);

        VrrpResult r = instance.onEvent(advert(HIGHER_PEER, 150), T0 + SECOND / 2);

        assertThat(r.actions()).isEmpty();
        assertThat(r.nextDeadlineNanos()).hasValue(T0 + SECOND / 2 + MDI_100);
        assertThat(instance.onEvent(VrrpEvent.TICK, T0 + SECOND + 3_906 * MICRO).actions()).isEmpty();
        assertThat(instance.state()).isEqualTo(VrrpState.BACKUP);
    }

    @Test
    void addressOwnerWithStateMasterBecomesMasterAtOnce() {
        VrrpInstance instance = new VrrpInstance(spec().priority(255).initialState(VrrpState.MASTER).build());

        VrrpResult r = instance.onEvent(VrrpEvent.START, T0);

        assertThat(instance.state()).isEqualTo(VrrpState.MASTER);
        assertThat(r.actions()).containsExactly(
                new SendAdvert(255),
                new AddVips(ALL_VIPS),
                new SendGratuitous(ALL_VIPS, 5),
                new Notify(VrrpState.INIT, VrrpState.MASTER, "address owner (priority 255) starting in state MASTER"));
        assertThat(r.nextDeadlineNanos()).hasValue(T0 + SECOND);
        assertThat(instance.vipsHeld()).isTrue();
    }

    @Test
    void addressOwnerWithStateBackupWaitsItsShortDownTimer() {
        VrrpInstance instance = new VrrpInstance(spec().priority(255).build());

        VrrpResult r = instance.onEvent(VrrpEvent.START, T0);

        assertThat(instance.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(r.nextDeadlineNanos()).hasValue(T0 + 3_003_906 * MICRO);
    }

    @Test
    void startWithTheInterfaceDownEntersFault() {
        VrrpInstance instance = new VrrpInstance(spec().build());
        assertThat(instance.onEvent(new VrrpEvent.LinkChanged("eth0", false), T0).actions()).isEmpty();

        VrrpResult r = instance.onEvent(VrrpEvent.START, T0 + 1);

        assertThat(instance.state()).isEqualTo(VrrpState.FAULT);
        assertThat(r.actions()).containsExactly(new Notify(VrrpState.INIT, VrrpState.FAULT, "interface eth0 down"));
        assertThat(r.nextDeadlineNanos()).isEmpty();
    }

    @Test
    void startWithAFailedWeightlessTrackerEntersFault() {
        VrrpInstance instance = new VrrpInstance(spec()
                .trackers(List.of(new TrackerSpec("chk_nginx", 0, false, false))).build());

        VrrpResult r = instance.onEvent(VrrpEvent.START, T0);

        assertThat(r.actions()).containsExactly(new Notify(VrrpState.INIT, VrrpState.FAULT, "tracker chk_nginx down"));
    }

    @Test
    void trackerEventsBeforeStartSetThePriorityQuietly() {
        VrrpInstance instance = new VrrpInstance(spec().trackers(List.of(TrackerSpec.of("chk", -30))).build());

        VrrpResult r = instance.onEvent(new VrrpEvent.TrackerChanged("chk", false), T0);

        assertThat(r.actions()).isEmpty();
        assertThat(r.nextDeadlineNanos()).isEmpty();
        assertThat(instance.effectivePriority()).isEqualTo(70);
    }

    @Test
    void advertsTicksAndShutdownAreIgnoredBeforeStart() {
        VrrpInstance instance = new VrrpInstance(spec().build());

        assertThat(instance.onEvent(advert(HIGHER_PEER, 200), T0).actions()).isEmpty();
        assertThat(instance.onEvent(VrrpEvent.TICK, T0).actions()).isEmpty();
        assertThat(instance.onEvent(VrrpEvent.SHUTDOWN, T0).actions()).isEmpty();
        assertThat(instance.state()).isEqualTo(VrrpState.INIT);
    }

    @Test
    void startTwiceIsAPreconditionError() {
        VrrpInstance instance = new VrrpInstance(spec().build());
        instance.onEvent(VrrpEvent.START, T0);

        assertThatThrownBy(() -> instance.onEvent(VrrpEvent.START, T0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("instance VI_1: Start received in state BACKUP; Start is only valid in INIT"
                        + " (first start or after Shutdown)");
    }

    @Test
    void restartAfterShutdownBeginsAgainFromBackup() {
        VrrpInstance instance = new VrrpInstance(spec().build());
        instance.onEvent(VrrpEvent.START, T0);
        instance.onEvent(VrrpEvent.SHUTDOWN, T0 + SECOND);

        VrrpResult r = instance.onEvent(VrrpEvent.START, T0 + 2 * SECOND);

        assertThat(r.actions()).containsExactly(new Notify(VrrpState.INIT, VrrpState.BACKUP, "start"));
        assertThat(r.nextDeadlineNanos()).hasValue(T0 + 2 * SECOND + MDI_100);
    }

    @Test
    void unknownTrackerAndInterfaceNamesAreRejected() {
        VrrpInstance instance = new VrrpInstance(spec().trackers(List.of(TrackerSpec.of("chk", 10))).build());

        assertThatThrownBy(() -> instance.onEvent(new VrrpEvent.TrackerChanged("nope", true), T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("instance VI_1: no tracker named 'nope'; known trackers: [chk]");
        assertThatThrownBy(() -> instance.onEvent(new VrrpEvent.LinkChanged("eth9", true), T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("instance VI_1: interface 'eth9' is neither the instance interface 'eth0' nor a tracker [chk]");
    }

    @Test
    void advertOfTheWrongFamilyIsAPreconditionError() {
        VrrpInstance instance = new VrrpInstance(spec().build());

        assertThatThrownBy(() -> instance.onEvent(advert(Fixtures.ip("fe80::2"), 100), T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("instance VI_1 (IPV4) received an advert from fe80:0:0:0:0:0:0:2; adverts must be"
                        + " demultiplexed by family and VRID before reaching the engine");
    }

    @Test
    void specRejectsOutOfRangeValuesWithTheInstanceName() {
        assertThatThrownBy(() -> spec().priority(0).build())
                .hasMessage("instance VI_1: priority 0 out of range 1..255");
        assertThatThrownBy(() -> spec().advertIntervalCentis(150).build())
                .hasMessage("instance VI_1: VRRPv2 advert interval must be whole seconds 1..255, got 150 centiseconds");
        assertThatThrownBy(() -> spec().version(VrrpVersion.V3).advertIntervalCentis(4096).build())
                .hasMessage("instance VI_1: VRRPv3 advert interval 4096 centiseconds out of range 1..4095");
        assertThatThrownBy(() -> spec().priority(255).preempt(false).build())
                .hasMessage("instance VI_1: nopreempt is incompatible with priority 255");
        assertThatThrownBy(() -> spec().initialState(VrrpState.FAULT).build())
                .hasMessage("instance VI_1: initial state must be BACKUP or MASTER, got FAULT");
        assertThatThrownBy(() -> spec().vips(List.of(new VirtualAddress(Fixtures.ip("fe80::1"), 64))).build())
                .hasMessage("instance VI_1: virtual address fe80:0:0:0:0:0:0:1/64 is not IPV4");
    }
}
