package io.keepwatch.vrrp;

import io.keepwatch.vrrp.VrrpAction.AddVips;
import io.keepwatch.vrrp.VrrpAction.MasterRxLowerPriority;
import io.keepwatch.vrrp.VrrpAction.Notify;
import io.keepwatch.vrrp.VrrpAction.PriorityChanged;
import io.keepwatch.vrrp.VrrpAction.RemoveVips;
import io.keepwatch.vrrp.VrrpAction.SendAdvert;
import io.keepwatch.vrrp.VrrpAction.SendGratuitous;
import io.keepwatch.vrrp.VrrpEvent.AdvertReceived;
import io.keepwatch.vrrp.VrrpEvent.Deleted;
import io.keepwatch.vrrp.VrrpEvent.ElectionLost;
import io.keepwatch.vrrp.VrrpEvent.ElectionWon;
import io.keepwatch.vrrp.VrrpEvent.LinkChanged;
import io.keepwatch.vrrp.VrrpEvent.Reconfigure;
import io.keepwatch.vrrp.VrrpEvent.Shutdown;
import io.keepwatch.vrrp.VrrpEvent.Start;
import io.keepwatch.vrrp.VrrpEvent.Tick;
import io.keepwatch.vrrp.VrrpEvent.TrackerChanged;
import io.keepwatch.vrrp.VrrpEvent.TrackerLevel;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The state machine of one VRRP instance (RFC 5798 section 6, RFC 3768 section 6, with keepalived's
 * behaviour where the RFCs leave room). Pure and deterministic: it reads no clock, does no I/O and
 * starts no thread. The caller passes the time with every event ({@code nowNanos}, any monotonic
 * clock, never going backwards) and performs the returned actions in order, then calls again with a
 * {@link VrrpEvent.Tick} at the returned deadline. Not thread-safe: one thread owns the instance.
 *
 * <p>Notation: {@code P} our effective priority, {@code p} the advert's priority, {@code src} its
 * source, {@code ip} our primary address (compared as unsigned bytes), {@code MDI} the
 * Master_Down_Interval, {@code Skew} the Skew_Time, {@code AI} our advert interval, {@code MAI} the
 * Master_Adver_Interval (VRRPv3 learns it from the master, RFC 5798 section 6.4.2). "enter MASTER"
 * emits, in keepalived's order: SendAdvert(P), AddVips(vips + excluded), SendGratuitous(garp_master_repeat),
 * Notify; then a second burst after garp_master_delay and a refresh burst every garp_master_refresh.
 * "leave MASTER" emits RemoveVips then Notify. Every Notify carries a human-readable reason.
 *
 * <pre>
 * state   event                                   condition                               actions / next state
 * ------- --------------------------------------- --------------------------------------- ----------------------------------------
 * INIT    Start                                   a fault (interface down, weight 0       Notify; FAULT
 *                                                 tracker failing, unicast_fault_no_peer
 *                                                 without peers)
 * INIT    Start                                   state MASTER and priority 255           enter MASTER
 * INIT    Start                                   state MASTER, priority < 255            Notify; BACKUP, timer AI + one priority
 *                                                                                         step of Skew (keepalived: give a live
 *                                                                                         master one advert to show up)
 * INIT    Start                                   otherwise                               Notify; BACKUP, timer MDI
 * INIT    Tracker/LinkChanged                     -                                       record it (no actions)
 * INIT    Advert, Tick, Shutdown                  -                                       ignored
 * BACKUP  Tick                                    down timer due, sync group allows       enter MASTER
 * BACKUP  Tick                                    down timer due, sync group holds back   timer MDI (wants MASTER)
 * BACKUP  Advert p = 0                            -                                       timer Skew (RFC 5798 6.4.2)
 * BACKUP  Advert p &gt; 0                           nopreempt, or p &gt;= P, or preempt_delay   accept: VRRPv3 learns MAI; timer MDI;
 *                                                 running or not yet started              start preempt_delay if p &lt; P
 * BACKUP  Advert p &gt; 0                           otherwise (we preempt)                  ignore: the down timer runs out
 * BACKUP  fault appears                           -                                       Notify; FAULT
 * MASTER  Tick                                    advert timer due                        SendAdvert(P); timer AI
 * MASTER  Tick                                    garp delay / refresh / lower prio       SendGratuitous
 *                                                 delay / garp_extra_if due
 * MASTER  Advert p = 0                            -                                       SendAdvert(P)
 * MASTER  Advert                                  p &lt; P, or p = P and src &lt; ip            SendAdvert(P) unless
 *                                                                                         lower_prio_no_advert;
 *                                                                                         SendGratuitous(garp_lower_prio_repeat)
 *                                                                                         and again after garp_lower_prio_delay;
 *                                                                                         MasterRxLowerPriority
 * MASTER  Advert                                  p &gt; P, or p = P and src &gt; ip            [SendAdvert(P) if
 *                                                                                         vrrp_higher_prio_send_advert]; VRRPv3
 *                                                                                         learns MAI; leave MASTER; BACKUP, timer MDI
 * MASTER  fault appears                           -                                       SendAdvert(0); leave MASTER; FAULT
 * FAULT   all faults cleared                      sync group allows                       Notify; BACKUP, MAI = AI, timer MDI
 *                                                                                         (AI + Skew for an owner with state MASTER)
 * FAULT   Advert, Tick                            -                                       ignored
 * any     Tracker/LinkChanged                     effective priority changed (not INIT)   PriorityChanged, then the rows above
 * MASTER  Deleted (a route or rule it added)      -                                       SendAdvert(0), RemoveVips, Notify; BACKUP,
 *                                                                                         timer Skew (keepalived set_vrrp_backup)
 * any     Shutdown                                MASTER                                  SendAdvert(0), RemoveVips, Notify; INIT
 * any     Shutdown                                BACKUP or FAULT                         Notify; INIT
 * </pre>
 *
 * <p>Election mode ({@link InstanceSpec#elected()}, keepwatch's {@code election NAME}): the instance
 * takes no part in VRRP. It sends no advert (not even priority 0), ignores adverts and runs no down
 * timer; Start leads to BACKUP (or FAULT) and only the witness store moves it on:
 *
 * <pre>
 * BACKUP  ElectionWon                             sync group allows                       enter MASTER, without the advert
 * MASTER  ElectionLost                            -                                       leave MASTER; BACKUP, no timer
 * </pre>
 *
 * Priorities, trackers, FAULT, the gratuitous announcements and Shutdown work as above.
 *
 * <p>Priority: effective priority = base + tracker contributions, clamped to 1..254, and always 255
 * for the address owner. In BACKUP a change moves the running down timer by the change in MDI, as
 * keepalived does. Not modelled: keepalived's rogue address owner handling (two owners), and
 * the lower priority announcements of the other members of a sync group.
 *
 * <p>Precondition violations (time going backwards, Start twice, unknown trackers) throw with a message
 * that names the instance and the offending values.
 */
public final class VrrpInstance {

    private InstanceSpec spec;
    private List<VirtualAddress> allVips;
    private final Map<String, Integer> trackerIndex = new HashMap<>();
    /** Each tracker's level: 1 up, 0 down, or a scaled tracker's number (see {@link TrackerSpec}). */
    private long[] trackerLevel;

    private VrrpState state = VrrpState.INIT;
    private boolean interfaceUp = true;
    private int effectivePriority;
    private long masterAdvertIntervalMicros;

    private boolean timeSeen;
    private long lastNowNanos;

    /** BACKUP: Master_Down_Timer; MASTER: Adver_Timer. */
    private boolean timerSet;
    private long timerNanos;
    /** Why the down timer is running, kept as parts so that accepting an advert builds no string. */
    private DownCause downCause = DownCause.NO_MASTER;
    private InetAddress downSource;
    private int downPriority;

    private boolean garpDelaySet;
    private long garpDelayNanos;
    private boolean garpRefreshSet;
    private long garpRefreshNanos;
    /** garp_extra_if: the next announcement on the other interfaces. */
    private boolean garpExtraIfSet;
    private long garpExtraIfNanos;
    /** The second burst after a lower priority advert (garp_lower_prio_delay). */
    private boolean garpLowerPrioSet;
    private long garpLowerPrioNanos;

    private boolean preemptTimeSet;
    private long preemptTimeNanos;

    private boolean vipsHeld;
    /**
     * Another router also advertised priority 255: keepalived then runs this one at 254 until the
     * configuration is read again, so that the two owners do not both stay MASTER.
     */
    private boolean ownerConflict;
    /** keepalived's wantstate == MASTER: what a sync group asks of its members before moving together. */
    private boolean wantsMaster;
    private SyncGate syncGate;

    private List<VrrpAction> actions;

    /** Creates an instance in INIT. */
    public VrrpInstance(InstanceSpec spec) {
        this.spec = spec;
        this.allVips = spec.allVips();
        this.trackerLevel = new long[spec.trackers().size()];
        for (int i = 0; i < trackerLevel.length; i++) {
            TrackerSpec tracker = spec.trackers().get(i);
            trackerIndex.put(tracker.name(), i);
            trackerLevel[i] = tracker.initialLevel();
        }
        this.masterAdvertIntervalMicros = spec.advertIntervalMicros();
        this.effectivePriority = computePriority();
    }

    /**
     * Handles one event at the given time and returns the actions to perform and the next deadline.
     *
     * @throws IllegalStateException    if time goes backwards or the event is not allowed in this state
     * @throws IllegalArgumentException if the event names a tracker or interface the spec does not know
     */
    public VrrpResult onEvent(VrrpEvent event, long nowNanos) {
        if (timeSeen && nowNanos - lastNowNanos < 0) {
            throw new IllegalStateException("instance " + spec.name() + ": time went backwards from "
                    + lastNowNanos + " ns to " + nowNanos + " ns (event " + event + ")");
        }
        timeSeen = true;
        lastNowNanos = nowNanos;
        actions = new ArrayList<>(4);
        switch (event) {
            case Start ignored -> start(nowNanos);
            case Tick ignored -> tick(nowNanos);
            case AdvertReceived advert -> advert(advert, nowNanos);
            case TrackerChanged changed -> trackerChanged(changed.tracker(), changed.up() ? 1 : 0, nowNanos);
            case TrackerLevel changed -> trackerChanged(changed.tracker(), changed.level(), nowNanos);
            case LinkChanged changed -> linkChanged(changed, nowNanos);
            case Shutdown ignored -> shutdown();
            case Reconfigure reconfigure -> reconfigure(reconfigure.spec(), nowNanos);
            case Deleted deleted -> deleted(deleted.what(), nowNanos);
            case ElectionWon won -> electionWon(won.reason(), nowNanos);
            case ElectionLost lost -> electionLost(lost.reason(), nowNanos);
        }
        return result();
    }

    // ---------------------------------------------------------------- events

    private void start(long now) {
        if (state != VrrpState.INIT) {
            throw new IllegalStateException("instance " + spec.name() + ": Start received in state " + state
                    + "; Start is only valid in INIT (first start or after Shutdown)");
        }
        masterAdvertIntervalMicros = spec.advertIntervalMicros();
        preemptTimeSet = false;
        wantsMaster = spec.initialState() == VrrpState.MASTER;
        String fault = faultReason();
        if (fault != null) {
            wantsMaster = false;
            state = VrrpState.FAULT;
            timerSet = false;
            notify(VrrpState.INIT, VrrpState.FAULT, fault);
            return;
        }
        if (!mayLeaveFault()) {
            wantsMaster = false;
            state = VrrpState.FAULT;
            timerSet = false;
            notify(VrrpState.INIT, VrrpState.FAULT, "sync group has a member in FAULT");
            return;
        }
        if (spec.elected()) {
            state = VrrpState.BACKUP;
            timerSet = false;
            notify(VrrpState.INIT, VrrpState.BACKUP, "start: standing for the key");
            return;
        }
        boolean owner = spec.basePriority() == InstanceSpec.PRIORITY_OWNER;
        if (owner && spec.initialState() == VrrpState.MASTER && mayBecomeMaster()) {
            becomeMaster(VrrpState.INIT, now, "address owner (priority 255) starting in state MASTER");
            return;
        }
        state = VrrpState.BACKUP;
        downCause = DownCause.NO_MASTER;
        if (spec.initialState() == VrrpState.MASTER) {
            setTimer(now, masterAdvertIntervalMicros
                    + VrrpTimers.minimumSkewMicros(spec.version(), masterAdvertIntervalMicros));
            downCause = DownCause.START_AS_MASTER;
            notify(VrrpState.INIT, VrrpState.BACKUP, "start (state MASTER): listening one advert interval");
        } else {
            setTimer(now, masterDownMicros());
            notify(VrrpState.INIT, VrrpState.BACKUP, "start");
        }
    }

    private void tick(long now) {
        switch (state) {
            case BACKUP -> {
                if (timerSet && due(timerNanos, now)) {
                    downTimerExpired(now);
                }
            }
            case MASTER -> {
                if (timerSet && due(timerNanos, now)) {
                    actions.add(new SendAdvert(effectivePriority));
                    setTimer(now, spec.advertIntervalMicros());
                }
                if (garpDelaySet && due(garpDelayNanos, now)) {
                    garpDelaySet = false;
                    actions.add(new SendGratuitous(allVips, spec.garp().masterRepeat()));
                }
                if (garpExtraIfSet && due(garpExtraIfNanos, now)) {
                    actions.add(new SendGratuitous(spec.garp().extraIfVips(), 1));
                    garpExtraIfNanos = now + spec.garp().extraIfInterval().toNanos();
                }
                if (garpLowerPrioSet && due(garpLowerPrioNanos, now)) {
                    garpLowerPrioSet = false;
        garpExtraIfSet = false;
                    actions.add(new SendGratuitous(allVips, spec.garp().lowerPrioRepeat()));
                }
                if (garpRefreshSet && due(garpRefreshNanos, now)) {
                    actions.add(new SendGratuitous(allVips, spec.garp().masterRefreshRepeat()));
                    garpRefreshNanos = now + spec.garp().masterRefresh().toNanos();
                }
            }
            case INIT, FAULT -> {
                // no timers run in these states
            }
        }
    }

    private void downTimerExpired(long now) {
        wantsMaster = true;
        if (!mayBecomeMaster()) {
            // keepalived (vrrp_sync_can_goto_master): wait a full down interval for the other members
            setTimer(now, masterDownMicros());
            return;
        }
        becomeMaster(VrrpState.BACKUP, now, downReason());
    }

    private void advert(AdvertReceived advert, long now) {
        if (spec.elected()) {
            return; // election mode takes no part in VRRP: the witness store decides
        }
        if (AddressFamily.of(advert.source()) != spec.family()) {
            throw new IllegalArgumentException("instance " + spec.name() + " (" + spec.family()
                    + ") received an advert from " + advert.source().getHostAddress()
                    + "; adverts must be demultiplexed by family and VRID before reaching the engine");
        }
        switch (state) {
            case BACKUP -> backupAdvert(advert, now);
            case MASTER -> masterAdvert(advert, now);
            case INIT, FAULT -> {
                // RFC 5798 6.4.1: an instance that is not running ignores adverts; FAULT likewise
            }
        }
    }

    private void backupAdvert(AdvertReceived advert, long now) {
        int p = advert.priority();
        if (p == 0) {
            // RFC 5798 6.4.2: the master resigned; take over after Skew_Time only
            setTimer(now, skewMicros());
            setDownCause(DownCause.RESIGNED, advert);
            return;
        }
        boolean preemptDelayHolds = spec.preemptDelay().isPositive()
                && (!preemptTimeSet || preemptTimeNanos - now > 0);
        if (!spec.preempt() || p >= effectivePriority || preemptDelayHolds) {
            if (spec.version() == VrrpVersion.V3 && advert.maxAdvertIntervalCentis() > 0) {
                masterAdvertIntervalMicros = advert.maxAdvertIntervalCentis() * 10_000L;
            }
            setTimer(now, masterDownMicros());
            setDownCause(DownCause.MASTER_SILENT, advert);
            wantsMaster = false;
            if (spec.preemptDelay().isPositive()) {
                if (p >= effectivePriority) {
                    preemptTimeSet = false;
                } else if (!preemptTimeSet) {
                    preemptTimeSet = true;
                    preemptTimeNanos = now + spec.preemptDelay().toNanos();
                }
            }
            return;
        }
        // We preempt a lower priority master: ignore its adverts and let the down timer run out.
        setDownCause(DownCause.PREEMPT, advert);
    }

    private void masterAdvert(AdvertReceived advert, long now) {
        int p = advert.priority();
        int cmp = compareAddresses(advert.source(), spec.primaryAddress());
        if (p == 0) {
            // RFC 5798 6.4.3: answer a resigning peer at once so backups keep seeing a master
            actions.add(new SendAdvert(effectivePriority));
            return;
        }
        boolean theyWin = p > effectivePriority || (p == effectivePriority && cmp > 0);
        if (theyWin && spec.higherPrioSendAdvert()) {
            actions.add(new SendAdvert(effectivePriority));
        }
        if (p == InstanceSpec.PRIORITY_OWNER && effectivePriority == InstanceSpec.PRIORITY_OWNER && cmp != 0) {
            // keepalived (vrrp_state_master_rx): two address owners is a configuration error; it
            // drops its own priority to 254 so that one of them backs off.
            ownerConflict = true;
            effectivePriority = InstanceSpec.PRIORITY_OWNER - 1;
            actions.add(new PriorityChanged(InstanceSpec.PRIORITY_OWNER, effectivePriority,
                    "both this router and " + advert.source().getHostAddress() + " are the address owner (priority 255)"));
            theyWin = true;
        }
        if (p < effectivePriority || (p == effectivePriority && cmp < 0)) {
            // keepalived forces a new election by advertising at once (unless lower_prio_no_advert),
            // and announces its addresses again: the other router may have drawn traffic to itself
            if (!spec.lowerPrioNoAdvert()) {
                actions.add(new SendAdvert(effectivePriority));
            }
            GarpSettings garp = spec.garp();
            if (garp.lowerPrioRepeat() > 0 && !allVips.isEmpty()) {
                actions.add(new SendGratuitous(allVips, garp.lowerPrioRepeat()));
                if (garp.lowerPrioDelay().isPositive()) {
                    garpLowerPrioSet = true;
                    garpLowerPrioNanos = now + garp.lowerPrioDelay().toNanos();
                }
            }
            actions.add(new MasterRxLowerPriority(advert.source(), p));
            return;
        }
        if (theyWin) {
            if (spec.version() == VrrpVersion.V3 && advert.maxAdvertIntervalCentis() > 0) {
                masterAdvertIntervalMicros = advert.maxAdvertIntervalCentis() * 10_000L;
            }
            String src = advert.source().getHostAddress();
            String reason = p > effectivePriority
                    ? "higher priority " + p + " from " + src + " (ours " + effectivePriority + ")"
                    : "equal priority " + p + " from higher address " + src;
            leaveMaster(VrrpState.BACKUP, now, reason, false);
        }
        // equal priority from our own address: nothing to decide
    }

    private void trackerChanged(String name, long level, long now) {
        Integer index = trackerIndex.get(name);
        if (index == null) {
            throw new IllegalArgumentException("instance " + spec.name() + ": no tracker named '" + name
                    + "'; known trackers: " + trackerIndex.keySet());
        }
        if (trackerLevel[index] == level) {
            return;
        }
        trackerLevel[index] = level;
        TrackerSpec tracker = spec.trackers().get(index);
        reevaluate(now, "tracker " + name + (tracker.scaled() ? " at " + level : level != 0 ? " up" : " down"));
    }

    private void linkChanged(LinkChanged changed, long now) {
        if (changed.interfaceName().equals(spec.interfaceName())) {
            if (interfaceUp == changed.up()) {
                return;
            }
            interfaceUp = changed.up();
            reevaluate(now, "interface " + changed.interfaceName() + (changed.up() ? " up" : " down"));
        } else if (trackerIndex.containsKey(changed.interfaceName())) {
            trackerChanged(changed.interfaceName(), changed.up() ? 1 : 0, now);
        } else {
            throw new IllegalArgumentException("instance " + spec.name() + ": interface '" + changed.interfaceName()
                    + "' is neither the instance interface '" + spec.interfaceName() + "' nor a tracker "
                    + trackerIndex.keySet());
        }
    }

    private void reevaluate(long now, String cause) {
        int newPriority = computePriority();
        if (newPriority != effectivePriority) {
            long oldDown = masterDownMicros();
            int old = effectivePriority;
            effectivePriority = newPriority;
            if (state != VrrpState.INIT) {
                actions.add(new PriorityChanged(old, newPriority, cause));
            }
            if (state == VrrpState.BACKUP && timerSet) {
                // keepalived (vrrp_set_effective_priority): the running timer moves by the change in MDI
                timerNanos += (masterDownMicros() - oldDown) * 1_000L;
            }
            if (state == VrrpState.BACKUP && downCause == DownCause.PREEMPT && downPriority >= newPriority) {
                // The master this backup meant to preempt is not lower any more (its tracked checks
                // reported after the advert came in, say): RFC 5798 6.4.2 has a backup preempt only a
                // lower priority, so it waits for that master as if its advert came now.
                setTimer(now, masterDownMicros());
                downCause = DownCause.MASTER_SILENT;
                wantsMaster = false;
            }
        }
        if (state == VrrpState.INIT) {
            return;
        }
        String fault = faultReason();
        if (fault != null && state != VrrpState.FAULT) {
            enterFault(now, fault);
        } else if (fault == null && state == VrrpState.FAULT && mayLeaveFault()) {
            leaveFault(now, cause);
        }
    }

    private void reconfigure(InstanceSpec next, long now) {
        if (next.vrid() != spec.vrid() || next.version() != spec.version() || next.family() != spec.family()
                || !next.interfaceName().equals(spec.interfaceName()) || !next.name().equals(spec.name())
                || next.elected() != spec.elected()) {
            throw new IllegalArgumentException("instance " + spec.name() + ": a reload may not change the virtual "
                    + "router (name, VRID, version, family, interface, election); replace the instance instead");
        }
        List<VirtualAddress> before = allVips;
        ownerConflict = false;
        long[] levelBefore = trackerLevel;
        Map<String, Integer> indexBefore = Map.copyOf(trackerIndex);
        spec = next;
        allVips = next.allVips();
        trackerLevel = new long[next.trackers().size()];
        trackerIndex.clear();
        for (int i = 0; i < trackerLevel.length; i++) {
            TrackerSpec tracker = next.trackers().get(i);
            trackerIndex.put(tracker.name(), i);
            // a tracker that stays keeps what it last reported; a new one starts as its spec says
            Integer old = indexBefore.get(tracker.name());
            trackerLevel[i] = old != null ? levelBefore[old] : tracker.initialLevel();
        }
        if (state == VrrpState.MASTER) {
            List<VirtualAddress> removed = before.stream().filter(v -> !allVips.contains(v)).toList();
            List<VirtualAddress> added = allVips.stream().filter(v -> !before.contains(v)).toList();
            if (!removed.isEmpty()) {
                actions.add(new RemoveVips(removed));
            }
            if (!added.isEmpty()) {
                actions.add(new AddVips(added));
                actions.add(new SendGratuitous(added, spec.garp().masterRepeat()));
            }
            vipsHeld = !allVips.isEmpty();
            masterAdvertIntervalMicros = spec.advertIntervalMicros();
        }
        int priorityBefore = effectivePriority;
        reevaluate(now, "configuration reloaded");
        if (state == VrrpState.MASTER && effectivePriority != priorityBefore && !spec.elected()) {
            // tell the backups now rather than at the next interval: a lower priority may mean they preempt
            actions.add(new SendAdvert(effectivePriority));
        }
    }

    private void shutdown() {
        switch (state) {
            case INIT -> {
                return;
            }
            case MASTER -> {
                if (!spec.elected()) {
                    actions.add(new SendAdvert(0));
                }
                removeVips();
                clearMasterTimers();
            }
            case BACKUP, FAULT -> {
            }
        }
        VrrpState from = state;
        state = VrrpState.INIT;
        timerSet = false;
        wantsMaster = false;
        notify(from, VrrpState.INIT, "shutdown");
    }

    /** keepalived's set_vrrp_backup: resign, then a quick way back to MASTER. */
    private void deleted(String what, long now) {
        if (state != VrrpState.MASTER) {
            return;
        }
        leaveMaster(VrrpState.BACKUP, now, what + " was deleted", true);
        setDownTimer(now, skewMicros());
    }

    /** Election mode: the key is ours; a BACKUP becomes MASTER (without adverts, see becomeMaster). */
    private void electionWon(String reason, long now) {
        if (!spec.elected()) {
            throw new IllegalStateException("instance " + spec.name() + ": ElectionWon for an instance that runs VRRP");
        }
        if (state == VrrpState.BACKUP) {
            becomeMaster(VrrpState.BACKUP, now, reason);
        }
    }

    /** Election mode: the key is going or gone; a MASTER removes its addresses first of all. */
    private void electionLost(String reason, long now) {
        if (!spec.elected()) {
            throw new IllegalStateException("instance " + spec.name() + ": ElectionLost for an instance that runs VRRP");
        }
        if (state == VrrpState.MASTER) {
            leaveMaster(VrrpState.BACKUP, now, reason, false);
        }
    }

    // ---------------------------------------------------------------- transitions

    private void becomeMaster(VrrpState from, long now, String reason) {
        if (spec.version() == VrrpVersion.V3) {
            masterAdvertIntervalMicros = spec.advertIntervalMicros();
        }
        state = VrrpState.MASTER;
        wantsMaster = true;
        preemptTimeSet = false;
        // keepalived sends the advert first so the old master drops the VIPs before our GARPs
        if (spec.elected()) {
            timerSet = false;
        } else {
            actions.add(new SendAdvert(effectivePriority));
            setTimer(now, spec.advertIntervalMicros());
        }
        if (!allVips.isEmpty()) {
            actions.add(new AddVips(allVips));
            vipsHeld = true;
            GarpSettings garp = spec.garp();
            actions.add(new SendGratuitous(allVips, garp.masterRepeat()));
            if (garp.masterDelay().isPositive()) {
                garpDelaySet = true;
                garpDelayNanos = now + garp.masterDelay().toNanos();
            }
            if (garp.extraIfInterval().isPositive() && !garp.extraIfVips().isEmpty()) {
                garpExtraIfSet = true;
                garpExtraIfNanos = now + garp.extraIfInterval().toNanos();
            }
            if (garp.masterRefresh().isPositive()) {
                garpRefreshSet = true;
                garpRefreshNanos = now + garp.masterDelay().toNanos() + garp.masterRefresh().toNanos();
            }
        }
        notify(from, VrrpState.MASTER, reason);
    }

    private void leaveMaster(VrrpState to, long now, String reason, boolean resign) {
        if (resign && !spec.elected()) {
            actions.add(new SendAdvert(0));
        }
        removeVips();
        clearMasterTimers();
        state = to;
        wantsMaster = false;
        notify(VrrpState.MASTER, to, reason);
        if (to == VrrpState.BACKUP) {
            preemptTimeSet = false;
            downCause = DownCause.NO_MASTER;
            setDownTimer(now, masterDownMicros());
        } else {
            masterAdvertIntervalMicros = spec.advertIntervalMicros();
            timerSet = false;
        }
    }

    private void enterFault(long now, String reason) {
        if (state == VrrpState.MASTER) {
            leaveMaster(VrrpState.FAULT, now, reason, true);
            return;
        }
        VrrpState from = state;
        state = VrrpState.FAULT;
        wantsMaster = false;
        timerSet = false;
        masterAdvertIntervalMicros = spec.advertIntervalMicros();
        notify(from, VrrpState.FAULT, reason);
    }

    private void leaveFault(long now, String reason) {
        state = VrrpState.BACKUP;
        masterAdvertIntervalMicros = spec.advertIntervalMicros();
        preemptTimeSet = false;
        boolean ownerMaster = basePriority() == InstanceSpec.PRIORITY_OWNER
                && spec.initialState() == VrrpState.MASTER;
        wantsMaster = ownerMaster;
        downCause = DownCause.NO_MASTER;
        // keepalived (try_up_instance): an address owner configured MASTER waits one advert interval only
        setDownTimer(now, ownerMaster ? masterAdvertIntervalMicros + skewMicros() : masterDownMicros());
        notify(VrrpState.FAULT, VrrpState.BACKUP, reason);
    }

    private enum DownCause { NO_MASTER, START_AS_MASTER, MASTER_SILENT, RESIGNED, PREEMPT }

    private void setDownCause(DownCause cause, AdvertReceived advert) {
        downCause = cause;
        downSource = advert.source();
        downPriority = advert.priority();
    }

    private String downReason() {
        return switch (downCause) {
            case NO_MASTER -> "master down timer expired";
            case START_AS_MASTER -> "no master heard within one advert interval after start (state MASTER)";
            case MASTER_SILENT -> "master down timer expired (last master " + downSource.getHostAddress() + ")";
            case RESIGNED -> "master " + downSource.getHostAddress() + " resigned (priority 0)";
            case PREEMPT -> "preempting lower priority " + downPriority + " master " + downSource.getHostAddress()
                    + " (ours " + effectivePriority + ")";
        };
    }

    // ---------------------------------------------------------------- sync group hooks

    /** Decisions a sync group takes for its members (keepalived vrrp_sync.c). */
    interface SyncGate {
        boolean mayBecomeMaster(VrrpInstance member);

        boolean mayLeaveFault(VrrpInstance member);
    }

    void joinSyncGroup(SyncGate gate) {
        if (syncGate != null) {
            throw new IllegalStateException("instance " + spec.name() + " is already in a sync group");
        }
        this.syncGate = gate;
    }

    boolean wantsMaster() {
        return wantsMaster;
    }

    /**
     * keepalived's wantstate, as its state dump shows it: the state the instance is in or heading
     * to. MASTER and FAULT are themselves; a backup wants MASTER while it is about to take over (its
     * down timer ran out but its sync group holds it back, or it started with {@code state MASTER}
     * and has heard no master yet), else BACKUP; before it starts, the configured initial state.
     */
    public VrrpState wantState() {
        return switch (state) {
            case MASTER, FAULT -> state;
            case BACKUP -> wantsMaster ? VrrpState.MASTER : VrrpState.BACKUP;
            case INIT -> spec.initialState();
        };
    }

    /** This instance's own fault (not one imposed by its sync group). */
    boolean hasOwnFault() {
        return faultReason() != null;
    }

    /** Sync group: follow a member to MASTER (from BACKUP, or from FAULT when no member is faulty). */
    void syncToMaster(long now, String reason, List<VrrpAction> out) {
        actions = out;
        if (spec.elected()) {
            return; // only the witness store makes an election instance MASTER
        }
        if (state == VrrpState.BACKUP || (state == VrrpState.FAULT && !hasOwnFault())) {
            becomeMaster(state, now, reason);
        }
    }

    /** Sync group: follow a member to BACKUP (leave MASTER without resigning, or leave FAULT). */
    void syncToBackup(long now, String reason, List<VrrpAction> out) {
        actions = out;
        if (state == VrrpState.MASTER) {
            leaveMaster(VrrpState.BACKUP, now, reason, false);
        } else if (state == VrrpState.FAULT && !hasOwnFault()) {
            leaveFault(now, reason);
        }
    }

    /** Sync group: follow a member to FAULT (a MASTER resigns with priority 0, as keepalived does). */
    void syncToFault(long now, String reason, List<VrrpAction> out) {
        actions = out;
        if (state == VrrpState.MASTER || state == VrrpState.BACKUP) {
            enterFault(now, reason);
        }
    }

    VrrpResult resultWith(List<VrrpAction> out) {
        actions = out;
        return result();
    }

    private boolean mayBecomeMaster() {
        return syncGate == null || syncGate.mayBecomeMaster(this);
    }

    private boolean mayLeaveFault() {
        return syncGate == null || syncGate.mayLeaveFault(this);
    }

    // ---------------------------------------------------------------- queries

    /** The instance name. */
    public String name() {
        return spec.name();
    }

    /** The spec this instance runs. */
    public InstanceSpec spec() {
        return spec;
    }

    /** The current state. */
    public VrrpState state() {
        return state;
    }

    /** The priority advertised now: base plus tracker weights, clamped to 1..254; 255 for the owner. */
    public int effectivePriority() {
        return effectivePriority;
    }

    /** Master_Adver_Interval in microseconds (learned from the master in VRRPv3 BACKUP). */
    public long masterAdvertIntervalMicros() {
        return masterAdvertIntervalMicros;
    }

    /** Whether the virtual addresses are currently added by this instance. */
    public boolean vipsHeld() {
        return vipsHeld;
    }

    /** The earliest pending deadline, or empty. */
    public OptionalLong nextDeadline() {
        boolean any = false;
        long min = 0;
        if (timerSet) {
            min = timerNanos;
            any = true;
        }
        if (garpDelaySet && (!any || garpDelayNanos - min < 0)) {
            min = garpDelayNanos;
            any = true;
        }
        if (garpRefreshSet && (!any || garpRefreshNanos - min < 0)) {
            min = garpRefreshNanos;
            any = true;
        }
        if (garpExtraIfSet && (!any || garpExtraIfNanos - min < 0)) {
            min = garpExtraIfNanos;
            any = true;
        }
        if (garpLowerPrioSet && (!any || garpLowerPrioNanos - min < 0)) {
            min = garpLowerPrioNanos;
            any = true;
        }
        return any ? OptionalLong.of(min) : OptionalLong.empty();
    }

    @Override
    public String toString() {
        return "VrrpInstance[" + spec.name() + " vrid=" + spec.vrid() + " " + state + " prio=" + effectivePriority + "]";
    }

    // ---------------------------------------------------------------- helpers

    private VrrpResult result() {
        VrrpResult r = new VrrpResult(spec.name(), actions, nextDeadline());
        actions = null;
        return r;
    }

    private void notify(VrrpState from, VrrpState to, String reason) {
        actions.add(new Notify(from, to, reason));
    }

    private void removeVips() {
        if (vipsHeld) {
            actions.add(new RemoveVips(allVips));
            vipsHeld = false;
        }
    }

    private void clearMasterTimers() {
        garpDelaySet = false;
        garpRefreshSet = false;
        garpLowerPrioSet = false;
    }

    private void setTimer(long now, long micros) {
        timerSet = true;
        timerNanos = now + micros * 1_000L;
    }

    /** The down timer: none in election mode, where only the witness store makes a MASTER. */
    private void setDownTimer(long now, long micros) {
        if (spec.elected()) {
            timerSet = false;
        } else {
            setTimer(now, micros);
        }
    }

    private static boolean due(long deadline, long now) {
        return now - deadline >= 0;
    }

    private int basePriority() {
        return ownerConflict ? InstanceSpec.PRIORITY_OWNER - 1 : spec.basePriority();
    }

    private int computePriority() {
        if (basePriority() == InstanceSpec.PRIORITY_OWNER) {
            return InstanceSpec.PRIORITY_OWNER;
        }
        int total = basePriority();
        for (int i = 0; i < trackerLevel.length; i++) {
            total += spec.trackers().get(i).contribution(trackerLevel[i]);
        }
        return Math.clamp(total, 1, InstanceSpec.PRIORITY_OWNER - 1);
    }

    private String faultReason() {
        if (spec.configFault() != null) {
            return spec.configFault();
        }
        if (!interfaceUp) {
            return "interface " + spec.interfaceName() + " down";
        }
        for (int i = 0; i < trackerLevel.length; i++) {
            TrackerSpec tracker = spec.trackers().get(i);
            if (tracker.faults(trackerLevel[i])) {
                return "tracker " + tracker.name() + (tracker.scaled() ? " at " + trackerLevel[i]
                        : trackerLevel[i] != 0 ? " up (reverse)" : " down");
            }
        }
        return null;
    }

    private long skewMicros() {
        return VrrpTimers.skewMicros(spec.version(), effectivePriority, masterAdvertIntervalMicros);
    }

    private long masterDownMicros() {
        return VrrpTimers.masterDownMicros(spec.version(), spec.downTimerAdverts(), effectivePriority,
                masterAdvertIntervalMicros);
    }

    /** Compares two addresses of one family as unsigned big-endian byte strings (RFC 5798 6.4.3). */
    static int compareAddresses(InetAddress a, InetAddress b) {
        return Arrays.compareUnsigned(a.getAddress(), b.getAddress());
    }
}
