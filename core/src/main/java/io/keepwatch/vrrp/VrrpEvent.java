package io.keepwatch.vrrp;

import java.net.InetAddress;
import java.util.Objects;

/** What can happen to a VRRP instance. Each event carries everything the engine needs. */
public sealed interface VrrpEvent {

    /** Leave INIT: enter BACKUP, MASTER (address owner) or FAULT. */
    record Start() implements VrrpEvent {}

    /**
     * A valid advertisement for this instance's VRID, already checked by the codec (version, checksum,
     * TTL/hop limit, authentication) and demultiplexed.
     *
     * @param source                  the sender's IP source address
     * @param priority                0..255
     * @param maxAdvertIntervalCentis the sender's advert interval in centiseconds (VRRPv2: seconds x 100).
     *                                A VRRPv3 backup learns it (RFC 5798 6.4.2); VRRPv2 ignores it here, as
     *                                keepalived drops v2 adverts whose interval differs from its own before
     *                                they reach the state machine
     * @param addressListMismatch     the advert's address list differs from ours; keepalived only counts
     *                                this (addr_list_err), so the election ignores it
     */
    record AdvertReceived(InetAddress source, int priority, int maxAdvertIntervalCentis, boolean addressListMismatch)
            implements VrrpEvent {
        public AdvertReceived {
            Objects.requireNonNull(source, "source");
            if (priority < 0 || priority > 255) {
                throw new IllegalArgumentException("advert priority " + priority + " out of range 0..255");
            }
            if (maxAdvertIntervalCentis < 0) {
                throw new IllegalArgumentException("advert interval " + maxAdvertIntervalCentis + " is negative");
            }
        }
    }

    /** Time has passed: the engine handles whichever of its deadlines are due at the given time. */
    record Tick() implements VrrpEvent {}

    /** A tracker named in the spec changed state. */
    record TrackerChanged(String tracker, boolean up) implements VrrpEvent {
        public TrackerChanged {
            Objects.requireNonNull(tracker, "tracker");
        }
    }

    /** A scaled tracker named in the spec (track_file) has a new level: the number in its file. */
    record TrackerLevel(String tracker, long level) implements VrrpEvent {
        public TrackerLevel {
            Objects.requireNonNull(tracker, "tracker");
        }
    }

    /**
     * An interface went up or down: the instance's own interface (down means FAULT), or a tracked
     * interface listed as a tracker under the interface name.
     */
    record LinkChanged(String interfaceName, boolean up) implements VrrpEvent {
        public LinkChanged {
            Objects.requireNonNull(interfaceName, "interfaceName");
        }
    }

    /**
     * A reload changed the instance's configuration but not its virtual router (same VRID, version,
     * family and interface). The instance keeps its state: a MASTER stays MASTER and only adds or
     * removes the addresses that changed, so an unchanged address never flaps.
     */
    record Reconfigure(InstanceSpec spec) implements VrrpEvent {
        public Reconfigure {
            Objects.requireNonNull(spec, "spec");
        }
    }

    /**
     * Something a MASTER put in the kernel (a virtual route or rule) was deleted by someone else.
     * keepalived (set_vrrp_backup) then leaves MASTER for BACKUP with a priority-0 advert and runs
     * the down timer at Skew_Time only, so that it takes over again, and puts everything back, unless
     * another router does first.
     *
     * @param what the deleted object, in words, for the log
     */
    record Deleted(String what) implements VrrpEvent {
        public Deleted {
            Objects.requireNonNull(what, "what");
        }
    }

    /**
     * {@code election} mode: this host now holds the instance's key in the witness store; a BACKUP
     * becomes MASTER (adds and announces its addresses, sends no advert).
     *
     * @param reason why, for the log and the notifiers
     */
    record ElectionWon(String reason) implements VrrpEvent {
        public ElectionWon {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * {@code election} mode: this host must not hold the addresses (it is handing the key over, or the
     * key or its session is lost); a MASTER removes them and becomes BACKUP.
     *
     * @param reason why, for the log and the notifiers
     */
    record ElectionLost(String reason) implements VrrpEvent {
        public ElectionLost {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Stop: a MASTER resigns with priority 0 and releases its addresses; the instance returns to INIT. */
    record Shutdown() implements VrrpEvent {}

    /** Shared instances: the events carry no data. */
    Start START = new Start();
    Tick TICK = new Tick();
    Shutdown SHUTDOWN = new Shutdown();
}
