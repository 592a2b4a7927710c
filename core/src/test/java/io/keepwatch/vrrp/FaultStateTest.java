package io.keepwatch.vrrp;

import static io.keepwatch.vrrp.Fixtures.HIGHER_PEER;
import static io.keepwatch.vrrp.Fixtures.LOWER_PEER;
import static io.keepwatch.vrrp.Fixtures.MDI_100;
import static io.keepwatch.vrrp.Fixtures.MICRO;
import static io.keepwatch.vrrp.Fixtures.SECOND;
import static io.keepwatch.vrrp.Fixtures.T0;
import static io.keepwatch.vrrp.Fixtures.advert;
import static io.keepwatch.vrrp.Fixtures.spec;
import static io.keepwatch.vrrp.Fixtures.started;
import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.vrrp.VrrpAction.Notify;
import io.keepwatch.vrrp.VrrpAction.PriorityChanged;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultStateTest {

    private static VrrpInstance faulted(InstanceSpec spec) {
        VrrpInstance instance = started(spec);
        instance.onEvent(new VrrpEvent.LinkChanged(spec.interfaceName(), false), T0);
        assertThat(instance.state()).isEqualTo(VrrpState.FAULT);
        return instance;
    }

    @Test
    void advertsAndTicksAreIgnored() {
        VrrpInstance fault = faulted(spec().build());

        assertThat(fault.onEvent(advert(LOWER_PEER, 1), T0 + SECOND).actions()).isEmpty();
        assertThat(fault.onEvent(advert(HIGHER_PEER, 0), T0 + SECOND).actions()).isEmpty();
        VrrpResult r = fault.onEvent(VrrpEvent.TICK, T0 + 100 * SECOND);
        assertThat(r.actions()).isEmpty();
        assertThat(r.nextDeadlineNanos()).isEmpty();
    }

    @Test
    void recoveryEntersBackupWithAFullDownTimer() {
        VrrpInstance fault = faulted(spec().build());

        VrrpResult r = fault.onEvent(new VrrpEvent.LinkChanged("eth0", true), T0 + 5 * SECOND);

        assertThat(fault.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(r.actions()).containsExactly(new Notify(VrrpState.FAULT, VrrpState.BACKUP, "interface eth0 up"));
        assertThat(r.nextDeadlineNanos()).hasValue(T0 + 5 * SECOND + MDI_100);
    }

    @Test
    void v3RecoveryForgetsTheLearnedInterval() {
        VrrpInstance backup = started(spec().version(VrrpVersion.V3).build());
        backup.onEvent(advert(HIGHER_PEER, 200, 400), T0);
        backup.onEvent(new VrrpEvent.LinkChanged("eth0", false), T0 + SECOND);

        VrrpResult r = backup.onEvent(new VrrpEvent.LinkChanged("eth0", true), T0 + 2 * SECOND);

        assertThat(backup.masterAdvertIntervalMicros()).isEqualTo(1_000_000);
        assertThat(r.nextDeadlineNanos()).hasValue(T0 + 2 * SECOND + MDI_100);
    }

    @Test
    void addressOwnerConfiguredMasterRecoversAfterOneIntervalAndSkew() {
        VrrpInstance owner = new VrrpInstance(spec().priority(255).initialState(VrrpState.MASTER).build());
        owner.onEvent(new VrrpEvent.LinkChanged("eth0", false), T0);
        owner.onEvent(VrrpEvent.START, T0);

        VrrpResult r = owner.onEvent(new VrrpEvent.LinkChanged("eth0", true), T0 + SECOND);

        assertThat(r.nextDeadlineNanos()).hasValue(T0 + 2 * SECOND + 3_906 * MICRO);
    }

    @Test
    void staysInFaultWhileAnyFaultRemains() {
        VrrpInstance fault = faulted(spec().trackers(List.of(TrackerSpec.of("chk", 0))).build());
        fault.onEvent(new VrrpEvent.TrackerChanged("chk", false), T0 + SECOND);

        assertThat(fault.onEvent(new VrrpEvent.LinkChanged("eth0", true), T0 + 2 * SECOND).actions()).isEmpty();
        assertThat(fault.state()).isEqualTo(VrrpState.FAULT);

        VrrpResult r = fault.onEvent(new VrrpEvent.TrackerChanged("chk", true), T0 + 3 * SECOND);
        assertThat(r.actions()).containsExactly(new Notify(VrrpState.FAULT, VrrpState.BACKUP, "tracker chk up"));
    }

    @Test
    void reversedWeightlessTrackerFaultsWhileUp() {
        VrrpInstance instance = started(spec().trackers(List.of(new TrackerSpec("maint", 0, true, false))).build());
        assertThat(instance.state()).isEqualTo(VrrpState.BACKUP);

        VrrpResult r = instance.onEvent(new VrrpEvent.TrackerChanged("maint", true), T0 + SECOND);

        assertThat(r.actions()).containsExactly(new Notify(VrrpState.BACKUP, VrrpState.FAULT, "tracker maint up (reverse)"));
    }

    @Test
    void reverseNegatesANegativeWeightWhileDown() {
        VrrpInstance instance = started(spec().trackers(List.of(new TrackerSpec("t", -20, true, false))).build());
        assertThat(instance.effectivePriority()).isEqualTo(120);

        VrrpResult r = instance.onEvent(new VrrpEvent.TrackerChanged("t", true), T0);

        assertThat(r.actions()).containsExactly(new PriorityChanged(120, 100, "tracker t up"));
    }

    @Test
    void reverseNegatesAPositiveWeightWhileUp() {
        VrrpInstance instance = started(spec().trackers(List.of(new TrackerSpec("t", 20, true, true))).build());
        assertThat(instance.effectivePriority()).isEqualTo(80);

        VrrpResult r = instance.onEvent(new VrrpEvent.TrackerChanged("t", false), T0);

        assertThat(r.actions()).containsExactly(new PriorityChanged(80, 100, "tracker t down"));
    }

    @Test
    void priorityChangesWhileInFaultAreReported() {
        VrrpInstance fault = faulted(spec().trackers(List.of(TrackerSpec.of("w", 10))).build());

        VrrpResult r = fault.onEvent(new VrrpEvent.TrackerChanged("w", false), T0 + SECOND);

        assertThat(r.actions()).containsExactly(new PriorityChanged(110, 100, "tracker w down"));
        assertThat(r.nextDeadlineNanos()).isEmpty();
    }

    @Test
    void shutdownFromFaultNotifiesOnly() {
        VrrpInstance fault = faulted(spec().build());

        assertThat(fault.onEvent(VrrpEvent.SHUTDOWN, T0 + SECOND).actions())
                .containsExactly(new Notify(VrrpState.FAULT, VrrpState.INIT, "shutdown"));
    }

    @Test
    void configFaultKeepsTheInstanceInFaultWhateverTheLink() {
        // keepalived's unicast_fault_no_peer without peers: FAULT from the start, for good
        VrrpInstance instance = new VrrpInstance(spec().configFault("unicast_fault_no_peer: no unicast_peer").build());

        VrrpResult start = instance.onEvent(VrrpEvent.START, T0);

        assertThat(start.actions()).containsExactly(
                new Notify(VrrpState.INIT, VrrpState.FAULT, "unicast_fault_no_peer: no unicast_peer"));
        instance.onEvent(new VrrpEvent.LinkChanged("eth0", false), T0 + 1);
        instance.onEvent(new VrrpEvent.LinkChanged("eth0", true), T0 + 2);
        assertThat(instance.state()).isEqualTo(VrrpState.FAULT);
        assertThat(instance.onEvent(advert(LOWER_PEER, 1), T0 + SECOND).actions()).isEmpty();
        assertThat(instance.nextDeadline()).isEmpty();
    }
}
