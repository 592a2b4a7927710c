package io.keepwatch.vrrp;

import static io.keepwatch.vrrp.Fixtures.HIGHER_PEER;
import static io.keepwatch.vrrp.Fixtures.MDI_100;
import static io.keepwatch.vrrp.Fixtures.OURS;
import static io.keepwatch.vrrp.Fixtures.SECOND;
import static io.keepwatch.vrrp.Fixtures.T0;
import static io.keepwatch.vrrp.Fixtures.advert;
import static io.keepwatch.vrrp.Fixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keepwatch.vrrp.VrrpAction.AddVips;
import io.keepwatch.vrrp.VrrpAction.Notify;
import io.keepwatch.vrrp.VrrpAction.RemoveVips;
import io.keepwatch.vrrp.VrrpAction.SendAdvert;
import io.keepwatch.vrrp.VrrpAction.SendGratuitous;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyncGroupTest {

    private static final List<VirtualAddress> VIPS_1 = List.of(new VirtualAddress(ip("10.0.0.100"), 24));
    private static final List<VirtualAddress> VIPS_2 = List.of(new VirtualAddress(ip("10.0.0.101"), 24));

    private final VrrpInstance vi1 = new VrrpInstance(InstanceSpec.builder("VI_1", 51, OURS)
            .interfaceName("eth0").vips(VIPS_1).trackers(List.of(TrackerSpec.of("chk", 0))).build());
    private final VrrpInstance vi2 = new VrrpInstance(InstanceSpec.builder("VI_2", 52, OURS)
            .interfaceName("eth1").vips(VIPS_2).build());
    private final SyncGroup group = new SyncGroup("G", List.of(vi1, vi2));

    private void bothMaster() {
        group.startAll(T0);
        group.onEvent("VI_1", VrrpEvent.TICK, T0 + MDI_100);
        group.onEvent("VI_2", VrrpEvent.TICK, T0 + MDI_100);
        assertThat(vi1.state()).isEqualTo(VrrpState.MASTER);
        assertThat(vi2.state()).isEqualTo(VrrpState.MASTER);
    }

    @Test
    void startAllEntersBackupTogether() {
        List<VrrpResult> results = group.startAll(T0);

        assertThat(vi1.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(vi2.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(results).extracting(VrrpResult::instance).containsExactly("VI_1", "VI_2");
        assertThat(results.get(0).actions()).containsExactly(new Notify(VrrpState.INIT, VrrpState.BACKUP, "start"));
        assertThat(results.get(1).actions()).containsExactly(new Notify(VrrpState.INIT, VrrpState.BACKUP, "start"));
        assertThat(results.get(0).nextDeadlineNanos()).hasValue(T0 + MDI_100);
        assertThat(group.nextDeadline()).hasValue(T0 + MDI_100);
    }

    @Test
    void aMemberWaitsUntilEveryMemberWantsMaster() {
        group.startAll(T0);

        List<VrrpResult> first = group.onEvent("VI_1", VrrpEvent.TICK, T0 + MDI_100);

        assertThat(first.get(0).actions()).isEmpty();
        assertThat(first.get(0).nextDeadlineNanos()).hasValue(T0 + 2 * MDI_100);
        assertThat(vi1.state()).isEqualTo(VrrpState.BACKUP);

        List<VrrpResult> second = group.onEvent("VI_2", VrrpEvent.TICK, T0 + MDI_100);

        assertThat(second.get(0).actions()).containsExactly(
                new SendAdvert(100), new AddVips(VIPS_1), new SendGratuitous(VIPS_1, 5),
                new Notify(VrrpState.BACKUP, VrrpState.MASTER, "sync group G: instance VI_2 entered MASTER"));
        assertThat(second.get(1).actions()).containsExactly(
                new SendAdvert(100), new AddVips(VIPS_2), new SendGratuitous(VIPS_2, 5),
                new Notify(VrrpState.BACKUP, VrrpState.MASTER, "master down timer expired"));
        assertThat(group.state()).isEqualTo(VrrpState.MASTER);
    }

    @Test
    void oneMemberFaultTakesTheGroupToFault() {
        bothMaster();

        List<VrrpResult> r = group.onEvent("VI_1", new VrrpEvent.TrackerChanged("chk", false), T0 + 5 * SECOND);

        assertThat(r.get(0).actions()).containsExactly(
                new SendAdvert(0), new RemoveVips(VIPS_1),
                new Notify(VrrpState.MASTER, VrrpState.FAULT, "tracker chk down"));
        assertThat(r.get(1).actions()).containsExactly(
                new SendAdvert(0), new RemoveVips(VIPS_2),
                new Notify(VrrpState.MASTER, VrrpState.FAULT, "sync group G: instance VI_1 entered FAULT"));
        assertThat(group.state()).isEqualTo(VrrpState.FAULT);
        assertThat(group.nextDeadline()).isEmpty();
    }

    @Test
    void theGroupLeavesFaultOnlyWhenNoMemberHasAFaultOfItsOwn() {
        bothMaster();
        group.onEvent("VI_1", new VrrpEvent.TrackerChanged("chk", false), T0 + 5 * SECOND);
        group.onEvent("VI_2", new VrrpEvent.LinkChanged("eth1", false), T0 + 6 * SECOND);

        List<VrrpResult> partial = group.onEvent("VI_1", new VrrpEvent.TrackerChanged("chk", true), T0 + 7 * SECOND);
        assertThat(partial).allSatisfy(r -> assertThat(r.actions()).isEmpty());
        assertThat(vi1.state()).isEqualTo(VrrpState.FAULT);

        long now = T0 + 8 * SECOND;
        List<VrrpResult> r = group.onEvent("VI_2", new VrrpEvent.LinkChanged("eth1", true), now);
        assertThat(r.get(0).actions()).containsExactly(
                new Notify(VrrpState.FAULT, VrrpState.BACKUP, "sync group G: instance VI_2 entered BACKUP"));
        assertThat(r.get(0).nextDeadlineNanos()).hasValue(now + MDI_100);
        assertThat(r.get(1).actions()).containsExactly(
                new Notify(VrrpState.FAULT, VrrpState.BACKUP, "interface eth1 up"));
        assertThat(group.state()).isEqualTo(VrrpState.BACKUP);
    }

    @Test
    void aMemberYieldingToAHigherPriorityTakesTheGroupToBackup() {
        bothMaster();

        List<VrrpResult> r = group.onEvent("VI_1", advert(HIGHER_PEER, 200), T0 + 5 * SECOND);

        assertThat(r.get(0).actions()).containsExactly(
                new RemoveVips(VIPS_1),
                new Notify(VrrpState.MASTER, VrrpState.BACKUP, "higher priority 200 from 10.0.0.200 (ours 100)"));
        // a member following the group to BACKUP does not resign with priority 0 (keepalived vrrp_sync_backup)
        assertThat(r.get(1).actions()).containsExactly(
                new RemoveVips(VIPS_2),
                new Notify(VrrpState.MASTER, VrrpState.BACKUP, "sync group G: instance VI_1 entered BACKUP"));
        assertThat(group.state()).isEqualTo(VrrpState.BACKUP);
    }

    @Test
    void aMemberFaultyAtStartHoldsTheWholeGroupInFault() {
        group.onEvent("VI_2", new VrrpEvent.LinkChanged("eth1", false), T0);

        group.startAll(T0);

        assertThat(vi1.state()).isEqualTo(VrrpState.FAULT);
        assertThat(vi2.state()).isEqualTo(VrrpState.FAULT);
        List<VrrpResult> r = group.onEvent("VI_2", new VrrpEvent.LinkChanged("eth1", true), T0 + SECOND);
        assertThat(r.get(0).actions()).containsExactly(
                new Notify(VrrpState.FAULT, VrrpState.BACKUP, "sync group G: instance VI_2 entered BACKUP"));
        assertThat(vi2.state()).isEqualTo(VrrpState.BACKUP);
    }

    @Test
    void membersWithStateMasterTakeOverWhenTheFirstTimerRunsOut() {
        VrrpInstance a = new VrrpInstance(InstanceSpec.builder("A", 1, OURS).initialState(VrrpState.MASTER).build());
        VrrpInstance b = new VrrpInstance(InstanceSpec.builder("B", 2, OURS).initialState(VrrpState.MASTER).build());
        SyncGroup g = new SyncGroup("G2", List.of(a, b));
        g.startAll(T0);

        g.onEvent("A", VrrpEvent.TICK, a.nextDeadline().orElseThrow());

        assertThat(a.state()).isEqualTo(VrrpState.MASTER);
        assertThat(b.state()).isEqualTo(VrrpState.MASTER);
    }

    @Test
    void shuttingDownOneMemberLeavesTheOtherRunning() {
        bothMaster();

        List<VrrpResult> r = group.onEvent("VI_1", VrrpEvent.SHUTDOWN, T0 + 5 * SECOND);

        assertThat(r.get(0).actions()).containsExactly(
                new SendAdvert(0), new RemoveVips(VIPS_1),
                new Notify(VrrpState.MASTER, VrrpState.INIT, "shutdown"));
        assertThat(r.get(1).actions()).isEmpty();
        assertThat(vi2.state()).isEqualTo(VrrpState.MASTER);
    }

    @Test
    void addressOwnersWithStateMasterStartAsMasterTogether() {
        VrrpInstance a = new VrrpInstance(InstanceSpec.builder("A", 1, OURS).priority(255)
                .initialState(VrrpState.MASTER).build());
        VrrpInstance b = new VrrpInstance(InstanceSpec.builder("B", 2, OURS).priority(255)
                .initialState(VrrpState.MASTER).build());
        SyncGroup g = new SyncGroup("G3", List.of(a, b));

        List<VrrpResult> r = g.startAll(T0);

        assertThat(a.state()).isEqualTo(VrrpState.MASTER);
        assertThat(b.state()).isEqualTo(VrrpState.MASTER);
        assertThat(g.state()).isEqualTo(VrrpState.MASTER);
        assertThat(r.get(0).actions()).containsExactly(new SendAdvert(255),
                new Notify(VrrpState.INIT, VrrpState.MASTER, "address owner (priority 255) starting in state MASTER"));
        assertThat(r.get(1).actions()).containsExactly(new SendAdvert(255),
                new Notify(VrrpState.INIT, VrrpState.MASTER, "address owner (priority 255) starting in state MASTER"));
    }

    @Test
    void preconditionsNameTheGroup() {
        assertThatThrownBy(() -> group.onEvent("VI_9", VrrpEvent.TICK, T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sync group G has no instance named 'VI_9'; members: [VI_1, VI_2]");
        assertThatThrownBy(() -> new SyncGroup("H", List.of(vi1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("instance VI_1 is already in a sync group");
        assertThatThrownBy(() -> new SyncGroup("E", List.of()))
                .hasMessage("sync group E has no members");
    }
}
