package io.keepwatch.control;

import io.keepwatch.runtime.InstanceStatus;
import io.keepwatch.runtime.Transition;
import io.keepwatch.vrrp.VirtualAddress;
import io.keepwatch.vrrp.VrrpState;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Fixed snapshots as the VRRP thread would publish them. */
public final class Snapshots {

    public static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private Snapshots() {}

    public static InstanceStatus instance(String name, VrrpState state, int priority) {
        return instance(name, state, priority, 51, "10.0.0.100");
    }

    public static InstanceStatus instance(String name, VrrpState state, int priority, int vrid, String vipAddress) {
        VirtualAddress vip = new VirtualAddress(InetAddress.ofLiteral(vipAddress), 24);
        Transition toBackup = new Transition(name, Optional.empty(), VrrpState.INIT, VrrpState.BACKUP, priority,
                "started", T0, List.of(vip));
        List<Transition> transitions = state == VrrpState.MASTER
                ? List.of(toBackup, new Transition(name, Optional.empty(), VrrpState.BACKUP, VrrpState.MASTER,
                        priority, "master down timer expired", T0.plusSeconds(4), List.of(vip)))
                : List.of(toBackup);
        return new InstanceStatus(name, Optional.empty(), "eth0", vrid, 2, "PASS", state, state, priority,
                priority, 100, true, InetAddress.ofLiteral("10.0.0.1"), List.of(vip), List.of(),
                List.of(new InstanceStatus.Tracker("chk_nginx", -20, true, true, Optional.of(T0.plusSeconds(1)))),
                transitions,
                List.of(new InstanceStatus.Peer(InetAddress.ofLiteral("10.0.0.2"), 90, T0.plusSeconds(3))),
                transitions.getLast().time());
    }

    /** {@code status} of an instance that uses a {@code vrrp_witness} as {@code witness} says. */
    public static InstanceStatus witnessed(InstanceStatus s, io.keepwatch.config.model.WitnessUse witness) {
        return new InstanceStatus(s.name(), s.syncGroup(), s.interfaceName(), s.vrid(), s.version(), s.authType(),
                s.state(), s.wantState(), s.basePriority(), s.effectivePriority(), s.advertIntervalCentis(),
                s.preempt(), s.primaryAddress(), s.vips(), s.excludedVips(), s.trackers(), s.recentTransitions(),
                s.peers(), s.lastTransition(), s.garpMasterDelay(), s.placements(), false, witness, Optional.empty());
    }

    /** {@code status} of an instance using a {@code vrrp_witness} as {@code witness} says, whose key {@code holder} holds. */
    public static InstanceStatus held(InstanceStatus s, io.keepwatch.config.model.WitnessUse witness, String holder) {
        return new InstanceStatus(s.name(), s.syncGroup(), s.interfaceName(), s.vrid(), s.version(), s.authType(),
                s.state(), s.wantState(), s.basePriority(), s.effectivePriority(), s.advertIntervalCentis(),
                s.preempt(), s.primaryAddress(), s.vips(), s.excludedVips(), s.trackers(), s.recentTransitions(),
                s.peers(), s.lastTransition(), s.garpMasterDelay(), s.placements(), false, witness, Optional.of(holder));
    }

    /** {@code status} having heard exactly {@code peers}, the last one most recently. */
    public static InstanceStatus heard(InstanceStatus s, List<InstanceStatus.Peer> peers) {
        return new InstanceStatus(s.name(), s.syncGroup(), s.interfaceName(), s.vrid(), s.version(), s.authType(),
                s.state(), s.wantState(), s.basePriority(), s.effectivePriority(), s.advertIntervalCentis(),
                s.preempt(), s.primaryAddress(), s.vips(), s.excludedVips(), s.trackers(), s.recentTransitions(),
                peers, s.lastTransition(), s.garpMasterDelay(), s.placements());
    }
}
