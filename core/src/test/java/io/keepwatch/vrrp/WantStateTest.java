package io.keepwatch.vrrp;

import static io.keepwatch.vrrp.Fixtures.HIGHER_PEER;
import static io.keepwatch.vrrp.Fixtures.MDI_100;
import static io.keepwatch.vrrp.Fixtures.OURS;
import static io.keepwatch.vrrp.Fixtures.SECOND;
import static io.keepwatch.vrrp.Fixtures.T0;
import static io.keepwatch.vrrp.Fixtures.advert;
import static io.keepwatch.vrrp.Fixtures.ip;
import static io.keepwatch.vrrp.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * keepalived's wantstate (vrrp.c, vrrp_scheduler.c): the state an instance is in or heading to.
 * MASTER on taking over, BACKUP on accepting a master's advert or leaving MASTER, FAULT in FAULT,
 * and MASTER in BACKUP while a sync group holds back a member whose down timer ran out.
 */
class WantStateTest {

    @Test
    void followsTheStateThroughMasterBackupAndFault() {
        VrrpInstance instance = new VrrpInstance(spec().interfaceName("eth0").build());
        assertThat(instance.wantState()).as("before start: the configured state").isEqualTo(VrrpState.BACKUP);

        instance.onEvent(VrrpEvent.START, T0);
        assertThat(instance.wantState()).isEqualTo(VrrpState.BACKUP);

        instance.onEvent(VrrpEvent.TICK, T0 + MDI_100);
        assertThat(instance.state()).isEqualTo(VrrpState.MASTER);
        assertThat(instance.wantState()).isEqualTo(VrrpState.MASTER);

        instance.onEvent(advert(HIGHER_PEER, 200), T0 + MDI_100 + SECOND);
        assertThat(instance.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(instance.wantState()).isEqualTo(VrrpState.BACKUP);

        instance.onEvent(new VrrpEvent.LinkChanged("eth0", false), T0 + MDI_100 + 2 * SECOND);
        assertThat(instance.state()).isEqualTo(VrrpState.FAULT);
        assertThat(instance.wantState()).isEqualTo(VrrpState.FAULT);
    }

    @Test
    void stateMasterWantsMasterUntilAMasterIsHeard() {
        VrrpInstance instance = new VrrpInstance(spec().initialState(VrrpState.MASTER).build());
        assertThat(instance.wantState()).isEqualTo(VrrpState.MASTER);

        instance.onEvent(VrrpEvent.START, T0);
        assertThat(instance.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(instance.wantState()).isEqualTo(VrrpState.MASTER);

        instance.onEvent(advert(HIGHER_PEER, 150), T0 + SECOND / 2);
        assertThat(instance.wantState()).isEqualTo(VrrpState.BACKUP);
    }

    @Test
    void aMemberHeldBackByItsSyncGroupWantsMaster() {
        VrrpInstance vi1 = new VrrpInstance(InstanceSpec.builder("VI_1", 51, OURS).interfaceName("eth0")
                .vips(List.of(new VirtualAddress(ip("10.0.0.100"), 24))).build());
        VrrpInstance vi2 = new VrrpInstance(InstanceSpec.builder("VI_2", 52, OURS).interfaceName("eth1")
                .vips(List.of(new VirtualAddress(ip("10.0.0.101"), 24))).build());
        SyncGroup group = new SyncGroup("G", List.of(vi1, vi2));
        group.startAll(T0);

        group.onEvent("VI_1", VrrpEvent.TICK, T0 + MDI_100);

        assertThat(vi1.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(vi1.wantState()).isEqualTo(VrrpState.MASTER);
        assertThat(vi2.wantState()).isEqualTo(VrrpState.BACKUP);
    }
}
