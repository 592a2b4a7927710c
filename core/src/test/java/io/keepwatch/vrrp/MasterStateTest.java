package io.keepwatch.vrrp;

import static io.keepwatch.vrrp.Fixtures.ALL_VIPS;
import static io.keepwatch.vrrp.Fixtures.HIGHER_PEER;
import static io.keepwatch.vrrp.Fixtures.LOWER_PEER;
import static io.keepwatch.vrrp.Fixtures.MDI_100;
import static io.keepwatch.vrrp.Fixtures.MICRO;
import static io.keepwatch.vrrp.Fixtures.OURS;
import static io.keepwatch.vrrp.Fixtures.SECOND;
import static io.keepwatch.vrrp.Fixtures.T0;
import static io.keepwatch.vrrp.Fixtures.advert;
import static io.keepwatch.vrrp.Fixtures.master;
import static io.keepwatch.vrrp.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.vrrp.VrrpAction.MasterRxLowerPriority;
import io.keepwatch.vrrp.VrrpAction.Notify;
import io.keepwatch.vrrp.VrrpAction.PriorityChanged;
import io.keepwatch.vrrp.VrrpAction.RemoveVips;
import io.keepwatch.vrrp.VrrpAction.SendAdvert;
import io.keepwatch.vrrp.VrrpAction.SendGratuitous;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MasterStateTest {

    /** Became MASTER at this time (see {@link Fixtures#master}). */
    private static final long M = T0 + MDI_100;

    @Test
    void advertTimerSendsAnAdvertEveryInterval() {
        VrrpInstance master = master(spec().build());

        assertThat(master.onEvent(VrrpEvent.TICK, M + SECOND - 1).actions()).isEmpty();
        VrrpResult r = master.onEvent(VrrpEvent.TICK, M + SECOND);

        assertThat(r.actions()).containsExactly(new SendAdvert(100));
        assertThat(r.nextDeadlineNanos()).hasValue(M + 2 * SECOND);
    }

    @Test
    void secondGratuitousBurstFollowsAfterGarpMasterDelay() {
        VrrpInstance master = master(spec().build());
        for (int s = 1; s <= 4; s++) {
            master.onEvent(VrrpEvent.TICK, M + s * SECOND);
        }

        VrrpResult r = master.onEvent(VrrpEvent.TICK, M + 5 * SECOND);

        assertThat(r.actions()).containsExactly(new SendAdvert(100), new SendGratuitous(ALL_VIPS, 5));
        assertThat(r.nextDeadlineNanos()).hasValue(M + 6 * SECOND);
        assertThat(master.onEvent(VrrpEvent.TICK, M + 6 * SECOND).actions()).containsExactly(new SendAdvert(100));
    }

    @Test
    void garpRefreshRepeatsAfterTheDelayEveryRefreshPeriod() {
        GarpSettings garp = new GarpSettings(Duration.ofMillis(500), 2, Duration.ofMillis(1500), 3);
        VrrpInstance master = master(spec().garp(garp).build());
        assertThat(master.nextDeadline()).hasValue(M + SECOND / 2);

        assertThat(master.onEvent(VrrpEvent.TICK, M + SECOND / 2).actions())
                .containsExactly(new SendGratuitous(ALL_VIPS, 2));
        assertThat(master.onEvent(VrrpEvent.TICK, M + SECOND).actions()).containsExactly(new SendAdvert(100));
        assertThat(master.onEvent(VrrpEvent.TICK, M + 2 * SECOND).actions())
                .containsExactly(new SendAdvert(100), new SendGratuitous(ALL_VIPS, 3));
        assertThat(master.nextDeadline()).hasValue(M + 3 * SECOND);
        assertThat(master.onEvent(VrrpEvent.TICK, M + 3 * SECOND).actions()).containsExactly(new SendAdvert(100));
        assertThat(master.nextDeadline()).hasValue(M + 7 * SECOND / 2);
    }

    @Test
    void zeroGarpDelayMeansASingleBurst() {
        GarpSettings garp = new GarpSettings(Duration.ZERO, 1, Duration.ZERO, 1);
        VrrpInstance master = master(spec().garp(garp).build());

        assertThat(master.nextDeadline()).hasValue(M + SECOND);
        for (int s = 1; s <= 10; s++) {
            assertThat(master.onEvent(VrrpEvent.TICK, M + s * SECOND).actions()).containsExactly(new SendAdvert(100));
        }
    }

    @Test
    void higherPriorityAdvertTurnsMasterIntoBackup() {
        VrrpInstance master = master(spec().build());

        VrrpResult r = master.onEvent(advert(HIGHER_PEER, 150), M + SECOND / 2);

        assertThat(master.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(r.actions()).containsExactly(
                new RemoveVips(ALL_VIPS),
                new Notify(VrrpState.MASTER, VrrpState.BACKUP, "higher priority 150 from 10.0.0.200 (ours 100)"));
        assertThat(r.nextDeadlineNanos()).hasValue(M + SECOND / 2 + MDI_100);
        assertThat(master.vipsHeld()).isFalse();
    }

    @Test
    void higherPrioSendAdvertAdvertisesOnceBeforeYielding() {
        VrrpInstance master = master(spec().higherPrioSendAdvert(true).build());

        VrrpResult r = master.onEvent(advert(LOWER_PEER, 150), M + SECOND / 2);

        assertThat(r.actions()).containsExactly(
                new SendAdvert(100),
                new RemoveVips(ALL_VIPS),
                new Notify(VrrpState.MASTER, VrrpState.BACKUP, "higher priority 150 from 10.0.0.2 (ours 100)"));
    }

    @Test
    void twoAddressOwnersMakeThisOneRunAt254() {
        // keepalived: "local instance and a remote instance are both configured as address owner"
        VrrpInstance owner = master(spec().priority(255).build());

        VrrpResult fromLower = owner.onEvent(advert(LOWER_PEER, 255), M + SECOND / 2);

        assertThat(fromLower.actions()).containsExactly(
                new PriorityChanged(255, 254, "both this router and 10.0.0.2 are the address owner (priority 255)"),
                new RemoveVips(ALL_VIPS),
                new Notify(VrrpState.MASTER, VrrpState.BACKUP, "higher priority 255 from 10.0.0.2 (ours 254)"));
        assertThat(owner.effectivePriority()).isEqualTo(254);
        assertThat(owner.state()).isEqualTo(VrrpState.BACKUP);
    }

    @Test
    void equalPriorityFromAHigherAddressWins() {
        VrrpInstance master = master(spec().build());

        VrrpResult r = master.onEvent(advert(HIGHER_PEER, 100), M + SECOND / 2);

        assertThat(r.actions()).containsExactly(
                new RemoveVips(ALL_VIPS),
                new Notify(VrrpState.MASTER, VrrpState.BACKUP, "equal priority 100 from higher address 10.0.0.200"));
    }

    @Test
    void addressesCompareAsUnsignedBytes() {
        // 10.0.0.200 > 10.0.0.5 only when 200 is read as unsigned
        assertThat(VrrpInstance.compareAddresses(HIGHER_PEER, OURS)).isPositive();
        assertThat(VrrpInstance.compareAddresses(Fixtures.ip("10.0.0.128"), Fixtures.ip("10.0.0.127"))).isPositive();
        assertThat(VrrpInstance.compareAddresses(OURS, OURS)).isZero();
    }

    @Test
    void ipv6InstancesBreakTiesOnUnsignedAddressBytes() {
        VirtualAddress vip6 = new VirtualAddress(Fixtures.ip("2001:db8::100"), 64);
        InstanceSpec spec = InstanceSpec.builder("VI_6", 51, Fixtures.ip("fe80::7f"))
                .version(VrrpVersion.V3).vips(List.of(vip6)).build();
        VrrpInstance master = master(spec);

        assertThat(master.onEvent(advert(Fixtures.ip("fe80::7e"), 100), M).actions())
                .containsExactly(new SendAdvert(100), new MasterRxLowerPriority(Fixtures.ip("fe80::7e"), 100));
        VrrpResult r = master.onEvent(advert(Fixtures.ip("fe80::80"), 100), M + 1);

        assertThat(r.actions()).containsExactly(
                new RemoveVips(List.of(vip6)),
                new Notify(VrrpState.MASTER, VrrpState.BACKUP, "equal priority 100 from higher address fe80:0:0:0:0:0:0:80"));
    }

    @Test
    void equalPriorityFromALowerAddressIsAnsweredWithAnAdvert() {
        VrrpInstance master = master(spec().build());

        VrrpResult r = master.onEvent(advert(LOWER_PEER, 100), M + SECOND / 2);

        assertThat(master.state()).isEqualTo(VrrpState.MASTER);
        assertThat(r.actions()).containsExactly(new SendAdvert(100), new MasterRxLowerPriority(LOWER_PEER, 100));
        assertThat(r.nextDeadlineNanos()).hasValue(M + SECOND);
    }

    @Test
    void lowerPriorityAdvertIsAnsweredAtOnce() {
        VrrpInstance master = master(spec().build());

        VrrpResult r = master.onEvent(advert(HIGHER_PEER, 50), M + SECOND / 2);

        assertThat(r.actions()).containsExactly(new SendAdvert(100), new MasterRxLowerPriority(HIGHER_PEER, 50));
        assertThat(master.state()).isEqualTo(VrrpState.MASTER);
    }

    @Test
    void lowerPrioNoAdvertStaysSilent() {
        VrrpInstance master = master(spec().lowerPrioNoAdvert(true).build());

        assertThat(master.onEvent(advert(HIGHER_PEER, 50), M + SECOND / 2).actions())
                .containsExactly(new MasterRxLowerPriority(HIGHER_PEER, 50));
    }

    @Test
    void lowerPriorityAdvertIsAnnouncedAgainWithGarpLowerPrio() {
        // keepalived: garp_lower_prio_repeat messages at once, and again after garp_lower_prio_delay
        GarpSettings garp = new GarpSettings(Duration.ZERO, 5, Duration.ZERO, 1, Duration.ofSeconds(3), 2);
        VrrpInstance master = master(spec().garp(garp).build());
        long at = M + SECOND / 2;

        VrrpResult r = master.onEvent(advert(HIGHER_PEER, 50), at);

        assertThat(r.actions()).containsExactly(new SendAdvert(100), new SendGratuitous(ALL_VIPS, 2),
                new MasterRxLowerPriority(HIGHER_PEER, 50));
        assertThat(r.nextDeadlineNanos()).hasValue(M + SECOND);
        master.onEvent(VrrpEvent.TICK, M + SECOND);
        master.onEvent(VrrpEvent.TICK, M + 2 * SECOND);
        master.onEvent(VrrpEvent.TICK, M + 3 * SECOND);
        VrrpResult second = master.onEvent(VrrpEvent.TICK, at + 3 * SECOND);
        assertThat(second.actions()).containsExactly(new SendGratuitous(ALL_VIPS, 2));
        assertThat(master.onEvent(VrrpEvent.TICK, M + 4 * SECOND).actions()).containsExactly(new SendAdvert(100));
    }

    @Test
    void garpLowerPrioDelayIsCancelledWhenLeavingMaster() {
        GarpSettings garp = new GarpSettings(Duration.ZERO, 5, Duration.ZERO, 1, Duration.ofSeconds(3), 1);
        VrrpInstance master = master(spec().garp(garp).lowerPrioNoAdvert(true).build());
        master.onEvent(advert(HIGHER_PEER, 50), M + 1);

        master.onEvent(advert(HIGHER_PEER, 150), M + 2);

        assertThat(master.state()).isEqualTo(VrrpState.BACKUP);
        VrrpResult later = master.onEvent(VrrpEvent.TICK, M + 3 * SECOND + 1);
        assertThat(later.actions()).noneMatch(a -> a instanceof SendGratuitous);
    }

    @Test
    void noLowerPriorityAnnouncementsWithRepeatZero() {
        // garp_lower_prio_repeat 0 (strict mode's value): only the answering advert
        GarpSettings garp = new GarpSettings(Duration.ZERO, 5, Duration.ZERO, 1, Duration.ofSeconds(3), 0);
        VrrpInstance master = master(spec().garp(garp).build());

        VrrpResult r = master.onEvent(advert(HIGHER_PEER, 50), M + 1);

        assertThat(r.actions()).containsExactly(new SendAdvert(100), new MasterRxLowerPriority(HIGHER_PEER, 50));
        assertThat(r.nextDeadlineNanos()).hasValue(M + SECOND);
    }

    @Test
    void priorityZeroFromAPeerIsAnsweredWithAnAdvert() {
        VrrpInstance master = master(spec().build());

        VrrpResult r = master.onEvent(advert(HIGHER_PEER, 0), M + SECOND / 2);

        assertThat(r.actions()).containsExactly(new SendAdvert(100));
        assertThat(master.state()).isEqualTo(VrrpState.MASTER);
    }

    @Test
    void advertFromOurOwnAddressWithEqualPriorityChangesNothing() {
        VrrpInstance master = master(spec().build());

        assertThat(master.onEvent(advert(OURS, 100), M + 1).actions()).isEmpty();
        assertThat(master.state()).isEqualTo(VrrpState.MASTER);
    }

    @Test
    void v3MasterYieldingLearnsTheNewMastersInterval() {
        VrrpInstance master = master(spec().version(VrrpVersion.V3).build());

        VrrpResult r = master.onEvent(advert(HIGHER_PEER, 150, 300), M);

        // 3 x 3 s + (156 x 300 x 625 / 16) us
        assertThat(r.nextDeadlineNanos()).hasValue(M + 9_000_000 * MICRO + 1_828_125 * MICRO);
    }

    @Test
    void weightlessTrackerFailureResignsWithPriorityZero() {
        VrrpInstance master = master(spec().trackers(List.of(TrackerSpec.of("chk_nginx", 0))).build());

        VrrpResult r = master.onEvent(new VrrpEvent.TrackerChanged("chk_nginx", false), M + SECOND / 2);

        assertThat(master.state()).isEqualTo(VrrpState.FAULT);
        assertThat(r.actions()).containsExactly(
                new SendAdvert(0),
                new RemoveVips(ALL_VIPS),
                new Notify(VrrpState.MASTER, VrrpState.FAULT, "tracker chk_nginx down"));
        assertThat(r.nextDeadlineNanos()).isEmpty();
    }

    @Test
    void interfaceDownResignsWithPriorityZero() {
        VrrpInstance master = master(spec().build());

        VrrpResult r = master.onEvent(new VrrpEvent.LinkChanged("eth0", false), M + SECOND / 2);

        assertThat(r.actions()).containsExactly(
                new SendAdvert(0),
                new RemoveVips(ALL_VIPS),
                new Notify(VrrpState.MASTER, VrrpState.FAULT, "interface eth0 down"));
    }

    @Test
    void priorityChangeIsAdvertisedFromTheNextAdvert() {
        VrrpInstance master = master(spec().trackers(List.of(TrackerSpec.of("chk", -30))).build());

        VrrpResult r = master.onEvent(new VrrpEvent.TrackerChanged("chk", false), M + SECOND / 2);
        assertThat(r.actions()).containsExactly(new PriorityChanged(100, 70, "tracker chk down"));
        assertThat(r.nextDeadlineNanos()).hasValue(M + SECOND);

        assertThat(master.onEvent(VrrpEvent.TICK, M + SECOND).actions()).containsExactly(new SendAdvert(70));
    }

    @Test
    void shutdownResignsAndReleasesTheAddresses() {
        VrrpInstance master = master(spec().build());

        VrrpResult r = master.onEvent(VrrpEvent.SHUTDOWN, M + SECOND / 2);

        assertThat(master.state()).isEqualTo(VrrpState.INIT);
        assertThat(r.actions()).containsExactly(
                new SendAdvert(0),
                new RemoveVips(ALL_VIPS),
                new Notify(VrrpState.MASTER, VrrpState.INIT, "shutdown"));
        assertThat(r.nextDeadlineNanos()).isEmpty();
    }

    @Test
    void instanceWithoutVirtualAddressesOnlyAdvertisesAndNotifies() {
        VrrpInstance backup = Fixtures.started(InstanceSpec.builder("VI_2", 7, OURS).build());

        VrrpResult r = backup.onEvent(VrrpEvent.TICK, T0 + MDI_100);

        assertThat(r.actions()).containsExactly(
                new SendAdvert(100),
                new Notify(VrrpState.BACKUP, VrrpState.MASTER, "master down timer expired"));
        assertThat(backup.onEvent(VrrpEvent.SHUTDOWN, T0 + MDI_100).actions()).containsExactly(
                new SendAdvert(0),
                new Notify(VrrpState.MASTER, VrrpState.INIT, "shutdown"));
    }

    @Test
    void garpExtraIfAnnouncesOnTheOtherInterfacesWhileMaster() {
        // keepalived's garp_extra_if: one message per other interface, every interval, while MASTER
        GarpSettings garp = new GarpSettings(Duration.ZERO, 1, Duration.ZERO, 1, Duration.ZERO, 0,
                Duration.ofMillis(2500), List.of(Fixtures.EXCLUDED));
        VrrpInstance master = master(spec().garp(garp).build());

        assertThat(master.onEvent(VrrpEvent.TICK, M + 2 * SECOND).actions()).containsExactly(new SendAdvert(100));
        VrrpResult r = master.onEvent(VrrpEvent.TICK, M + 2500 * MICRO * 1000);
        assertThat(r.actions()).containsExactly(new SendGratuitous(List.of(Fixtures.EXCLUDED), 1));
        assertThat(r.nextDeadlineNanos()).hasValue(M + 3 * SECOND);
        master.onEvent(advert(HIGHER_PEER, 150), M + 3 * SECOND - 1);
        // in BACKUP the next announcement (due at M + 5.5 s) does not come
        assertThat(master.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(master.onEvent(VrrpEvent.TICK, M + 5500 * MICRO * 1000).actions())
                .noneMatch(a -> a instanceof SendGratuitous);
    }
}
