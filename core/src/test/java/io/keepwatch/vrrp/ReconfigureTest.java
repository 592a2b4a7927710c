package io.keepwatch.vrrp;

import static io.keepwatch.vrrp.Fixtures.EXCLUDED;
import static io.keepwatch.vrrp.Fixtures.MDI_100;
import static io.keepwatch.vrrp.Fixtures.OURS;
import static io.keepwatch.vrrp.Fixtures.SECOND;
import static io.keepwatch.vrrp.Fixtures.T0;
import static io.keepwatch.vrrp.Fixtures.VIP;
import static io.keepwatch.vrrp.Fixtures.ip;
import static io.keepwatch.vrrp.Fixtures.master;
import static io.keepwatch.vrrp.Fixtures.spec;
import static io.keepwatch.vrrp.Fixtures.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keepwatch.vrrp.VrrpAction.AddVips;
import io.keepwatch.vrrp.VrrpAction.Notify;
import io.keepwatch.vrrp.VrrpAction.PriorityChanged;
import io.keepwatch.vrrp.VrrpAction.RemoveVips;
import io.keepwatch.vrrp.VrrpAction.SendAdvert;
import io.keepwatch.vrrp.VrrpAction.SendGratuitous;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A reload's {@link VrrpEvent.Reconfigure}: the state stays, only what changed is acted on. */
class ReconfigureTest {

    private static final long M = T0 + MDI_100;
    private static final VirtualAddress SECOND_VIP = new VirtualAddress(ip("10.0.0.101"), 24);

    @Test
    void anUnchangedSpecChangesNothing() {
        InstanceSpec spec = spec().build();
        VrrpInstance master = master(spec);

        VrrpResult r = master.onEvent(new VrrpEvent.Reconfigure(spec), M + SECOND / 2);

        assertThat(r.actions()).isEmpty();
        assertThat(master.state()).isEqualTo(VrrpState.MASTER);
        assertThat(r.nextDeadlineNanos()).hasValue(M + SECOND);
    }

    @Test
    void aMasterAddsOnlyTheNewAddressAndAnnouncesIt() {
        VrrpInstance master = master(spec().build());

        VrrpResult r = master.onEvent(
                new VrrpEvent.Reconfigure(spec().vips(List.of(VIP, SECOND_VIP)).build()), M + SECOND / 2);

        assertThat(r.actions()).containsExactly(new AddVips(List.of(SECOND_VIP)),
                new SendGratuitous(List.of(SECOND_VIP), 5));
        assertThat(master.state()).isEqualTo(VrrpState.MASTER);
    }

    @Test
    void aMasterRemovesOnlyTheDroppedAddress() {
        VrrpInstance master = master(spec().build());

        VrrpResult r = master.onEvent(new VrrpEvent.Reconfigure(spec().excludedVips(List.of()).build()),
                M + SECOND / 2);

        assertThat(r.actions()).containsExactly(new RemoveVips(List.of(EXCLUDED)));
        // leaving MASTER later removes what it holds now, not the old list
        VrrpResult stop = master.onEvent(VrrpEvent.SHUTDOWN, M + SECOND);
        assertThat(stop.actions()).contains(new RemoveVips(List.of(VIP)));
    }

    @Test
    void aBackupOnlyLearnsTheNewAddresses() {
        VrrpInstance backup = started(spec().build());

        VrrpResult r = backup.onEvent(
                new VrrpEvent.Reconfigure(spec().vips(List.of(VIP, SECOND_VIP)).build()), T0 + SECOND);

        assertThat(r.actions()).isEmpty();
        assertThat(r.nextDeadlineNanos()).hasValue(T0 + MDI_100);
        VrrpResult takeover = backup.onEvent(VrrpEvent.TICK, T0 + MDI_100);
        assertThat(takeover.actions()).contains(new AddVips(List.of(VIP, SECOND_VIP, EXCLUDED)));
    }

    @Test
    void aMasterWhosePriorityDropsAdvertisesAtOnce() {
        VrrpInstance master = master(spec().build());

        VrrpResult r = master.onEvent(new VrrpEvent.Reconfigure(spec().priority(50).build()), M + SECOND / 2);

        assertThat(r.actions()).containsExactly(new PriorityChanged(100, 50, "configuration reloaded"),
                new SendAdvert(50));
        assertThat(master.state()).isEqualTo(VrrpState.MASTER);
    }

    @Test
    void aNewTrackerThatStartsDownCanSendTheInstanceToFault() {
        VrrpInstance master = master(spec().build());
        InstanceSpec tracked = spec().trackers(List.of(new TrackerSpec("chk", 0, false, false))).build();

        VrrpResult r = master.onEvent(new VrrpEvent.Reconfigure(tracked), M + SECOND / 2);

        assertThat(r.actions()).first().isEqualTo(new SendAdvert(0));
        assertThat(r.actions()).last().isInstanceOf(Notify.class);
        assertThat(master.state()).isEqualTo(VrrpState.FAULT);
    }

    @Test
    void aTrackerThatStaysKeepsItsReportedState() {
        InstanceSpec tracked = spec().trackers(List.of(TrackerSpec.of("chk", -30))).build();
        VrrpInstance master = master(tracked);
        master.onEvent(new VrrpEvent.TrackerChanged("chk", false), M + 1);
        assertThat(master.effectivePriority()).isEqualTo(70);

        master.onEvent(new VrrpEvent.Reconfigure(tracked.toBuilder().preempt(false).build()), M + 2);

        assertThat(master.effectivePriority()).isEqualTo(70);
    }

    @Test
    void anotherVirtualRouterIsRefused() {
        VrrpInstance master = master(spec().build());

        assertThatThrownBy(() -> master.onEvent(new VrrpEvent.Reconfigure(
                InstanceSpec.builder("VI_1", 52, OURS).build()), M + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replace the instance instead");
    }
}
