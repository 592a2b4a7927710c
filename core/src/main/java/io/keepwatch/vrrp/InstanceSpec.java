package io.keepwatch.vrrp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the engine needs to know about one vrrp_instance. The runtime maps the parsed
 * configuration to this record; the record checks only what the engine relies on.
 *
 * @param name                 the instance name (vrrp_instance NAME)
 * @param vrid                 virtual_router_id, 1..255
 * @param version              vrrp_version
 * @param family               address family of the instance (and of primaryAddress and all VIPs)
 * @param interfaceName        the instance's interface; a {@link VrrpEvent.LinkChanged} for it drives FAULT
 * @param basePriority         priority, 1..255 (255: address owner)
 * @param advertIntervalCentis advert_int in centiseconds; whole seconds (100..25500) for V2, 1..4095 for V3
 * @param preempt              false for keepalived's nopreempt
 * @param preemptDelay         preempt_delay (zero: none)
 * @param downTimerAdverts     down_timer_adverts, 1..100 (RFC value 3)
 * @param initialState         keepalived's {@code state}: BACKUP or MASTER
 * @param primaryAddress       our primary address on the interface, used for equal priority tie-breaks
 *                             (RFC 5798 section 6.4.3)
 * @param vips                 virtual_ipaddress (carried in adverts)
 * @param excludedVips         virtual_ipaddress_excluded (added and removed, not advertised)
 * @param garp                 gratuitous ARP / NA settings
 * @param higherPrioSendAdvert vrrp_higher_prio_send_advert: a MASTER advertises once more before it
 *                             yields to a higher priority
 * @param lowerPrioNoAdvert    vrrp_lower_prio_no_advert: a MASTER does not answer a lower priority advert
 * @param trackers             tracked objects with weights; names must be unique
 * @param configFault          why the configuration keeps the instance in FAULT (keepalived's
 *                             {@code unicast_fault_no_peer} without peers), or null
 * @param elected              {@code election NAME}: no adverts and no down timer; the instance becomes
 *                             MASTER only on {@link VrrpEvent.ElectionWon} and leaves it on
 *                             {@link VrrpEvent.ElectionLost} (or a fault), as the witness store decides
 */
public record InstanceSpec(
        String name,
        int vrid,
        VrrpVersion version,
        AddressFamily family,
        String interfaceName,
        int basePriority,
        int advertIntervalCentis,
        boolean preempt,
        Duration preemptDelay,
        int downTimerAdverts,
        VrrpState initialState,
        InetAddress primaryAddress,
        List<VirtualAddress> vips,
        List<VirtualAddress> excludedVips,
        GarpSettings garp,
        boolean higherPrioSendAdvert,
        boolean lowerPrioNoAdvert,
        List<TrackerSpec> trackers,
        String configFault,
        boolean elected) {

    /** The priority of the address owner (RFC 5798 section 5.2.4). */
    public static final int PRIORITY_OWNER = 255;

    public InstanceSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(preemptDelay, "preemptDelay");
        Objects.requireNonNull(initialState, "initialState");
        Objects.requireNonNull(primaryAddress, "primaryAddress");
        Objects.requireNonNull(garp, "garp");
        vips = List.copyOf(vips);
        excludedVips = List.copyOf(excludedVips);
        trackers = List.copyOf(trackers);
        String at = "instance " + name + ": ";
        if (vrid < (elected ? 0 : 1) || vrid > 255) {
            // an election instance sends no adverts and needs no VRID (0: none written)
            throw new IllegalArgumentException(at + "virtual_router_id " + vrid + " out of range 1..255");
        }
        if (basePriority < 1 || basePriority > PRIORITY_OWNER) {
            throw new IllegalArgumentException(at + "priority " + basePriority + " out of range 1..255");
        }
        if (version == VrrpVersion.V2) {
            if (advertIntervalCentis < 100 || advertIntervalCentis > 25_500 || advertIntervalCentis % 100 != 0) {
                throw new IllegalArgumentException(at + "VRRPv2 advert interval must be whole seconds 1..255, got "
                        + advertIntervalCentis + " centiseconds");
            }
        } else if (advertIntervalCentis < 1 || advertIntervalCentis > 4095) {
            throw new IllegalArgumentException(
                    at + "VRRPv3 advert interval " + advertIntervalCentis + " centiseconds out of range 1..4095");
        }
        if (preemptDelay.isNegative()) {
            throw new IllegalArgumentException(at + "preempt_delay must not be negative, got " + preemptDelay);
        }
        if (downTimerAdverts < 1 || downTimerAdverts > 100) {
            throw new IllegalArgumentException(at + "down_timer_adverts " + downTimerAdverts + " out of range 1..100");
        }
        if (initialState != VrrpState.BACKUP && initialState != VrrpState.MASTER) {
            throw new IllegalArgumentException(at + "initial state must be BACKUP or MASTER, got " + initialState);
        }
        if (basePriority == PRIORITY_OWNER && !preempt) {
            // keepalived resets nopreempt for the address owner; the mapping must do the same.
            throw new IllegalArgumentException(at + "nopreempt is incompatible with priority 255");
        }
        if (AddressFamily.of(primaryAddress) != family) {
            throw new IllegalArgumentException(
                    at + "primary address " + primaryAddress.getHostAddress() + " is not " + family);
        }
        for (VirtualAddress vip : vips) {
            if (vip.family() != family) {
                throw new IllegalArgumentException(at + "virtual address " + vip + " is not " + family);
            }
        }
        Set<String> names = new HashSet<>();
        for (TrackerSpec tracker : trackers) {
            if (!names.add(tracker.name())) {
                throw new IllegalArgumentException(at + "tracker " + tracker.name() + " listed twice");
            }
        }
    }

    /** VIPs followed by excluded VIPs: what a MASTER adds and announces. */
    public List<VirtualAddress> allVips() {
        List<VirtualAddress> all = new ArrayList<>(vips.size() + excludedVips.size());
        all.addAll(vips);
        all.addAll(excludedVips);
        return List.copyOf(all);
    }

    /** The configured advert interval in microseconds. */
    public long advertIntervalMicros() {
        return advertIntervalCentis * 10_000L;
    }

    /** A builder with keepalived's defaults (priority 100, advert_int 1 s, preempt, state BACKUP, VRRPv2). */
    public static Builder builder(String name, int vrid, InetAddress primaryAddress) {
        return new Builder(name, vrid, primaryAddress);
    }

    /** A copy of this spec as a builder. */
    public Builder toBuilder() {
        Builder b = new Builder(name, vrid, primaryAddress);
        b.version = version;
        b.interfaceName = interfaceName;
        b.basePriority = basePriority;
        b.advertIntervalCentis = advertIntervalCentis;
        b.preempt = preempt;
        b.preemptDelay = preemptDelay;
        b.downTimerAdverts = downTimerAdverts;
        b.initialState = initialState;
        b.vips = vips;
        b.excludedVips = excludedVips;
        b.garp = garp;
        b.higherPrioSendAdvert = higherPrioSendAdvert;
        b.lowerPrioNoAdvert = lowerPrioNoAdvert;
        b.trackers = trackers;
        b.configFault = configFault;
        b.elected = elected;
        return b;
    }

    /** Builds an {@link InstanceSpec}; the family follows the primary address. */
    public static final class Builder {
        private final String name;
        private final int vrid;
        private final InetAddress primaryAddress;
        private VrrpVersion version = VrrpVersion.V2;
        private String interfaceName = "eth0";
        private int basePriority = 100;
        private int advertIntervalCentis = 100;
        private boolean preempt = true;
        private Duration preemptDelay = Duration.ZERO;
        private int downTimerAdverts = 3;
        private VrrpState initialState = VrrpState.BACKUP;
        private List<VirtualAddress> vips = List.of();
        private List<VirtualAddress> excludedVips = List.of();
        private GarpSettings garp = GarpSettings.DEFAULTS;
        private boolean higherPrioSendAdvert;
        private boolean lowerPrioNoAdvert;
        private List<TrackerSpec> trackers = List.of();
        private String configFault;
        private boolean elected;

        private Builder(String name, int vrid, InetAddress primaryAddress) {
            this.name = name;
            this.vrid = vrid;
            this.primaryAddress = primaryAddress;
        }

        public Builder version(VrrpVersion v) { this.version = v; return this; }
        public Builder interfaceName(String v) { this.interfaceName = v; return this; }
        public Builder priority(int v) { this.basePriority = v; return this; }
        public Builder advertIntervalCentis(int v) { this.advertIntervalCentis = v; return this; }
        public Builder preempt(boolean v) { this.preempt = v; return this; }
        public Builder preemptDelay(Duration v) { this.preemptDelay = v; return this; }
        public Builder downTimerAdverts(int v) { this.downTimerAdverts = v; return this; }
        public Builder initialState(VrrpState v) { this.initialState = v; return this; }
        public Builder vips(List<VirtualAddress> v) { this.vips = v; return this; }
        public Builder excludedVips(List<VirtualAddress> v) { this.excludedVips = v; return this; }
        public Builder garp(GarpSettings v) { this.garp = v; return this; }
        public Builder higherPrioSendAdvert(boolean v) { this.higherPrioSendAdvert = v; return this; }
        public Builder lowerPrioNoAdvert(boolean v) { this.lowerPrioNoAdvert = v; return this; }
        public Builder trackers(List<TrackerSpec> v) { this.trackers = v; return this; }
        public Builder configFault(String v) { this.configFault = v; return this; }
        public Builder elected(boolean v) { this.elected = v; return this; }

        public InstanceSpec build() {
            return new InstanceSpec(name, vrid, version, AddressFamily.of(primaryAddress), interfaceName,
                    basePriority, advertIntervalCentis, preempt, preemptDelay, downTimerAdverts, initialState,
                    primaryAddress, vips, excludedVips, garp, higherPrioSendAdvert, lowerPrioNoAdvert, trackers,
                    configFault, elected);
        }
    }
}
