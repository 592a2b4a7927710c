package io.keepwatch.config.model;

import io.keepwatch.vrrp.AddressFamily;
import io.keepwatch.vrrp.VrrpVersion;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code vrrp_instance NAME} block, after keepalived's defaults and fixes.
 *
 * @param name the instance name
 * @param state {@code state}; when absent, MASTER if the priority is 255, else BACKUP
 * @param interfaceName {@code interface} (required)
 * @param virtualRouterId {@code virtual_router_id}, 1..255 (required)
 * @param priority {@code priority}, 1..255; when absent 255 with {@code state MASTER}, else 100
 * @param advertInterval {@code advert_int}; default 1 s; whole seconds 1..255 in v2, 10 ms steps
 *                       0.01..40.95 s in v3 (RFC 9568 5.2.7)
 * @param version {@code version}; default {@code vrrp_version}, or 3 when the addresses are IPv6
 * @param family the family of the virtual addresses (IPv4 when there are none)
 * @param authentication {@code authentication}; NONE in v3 and with {@code vrrp_strict}
 * @param virtualIpAddresses {@code virtual_ipaddress}: the addresses sent in adverts
 * @param virtualIpAddressesExcluded {@code virtual_ipaddress_excluded}: managed but not advertised
 * @param unicastSrcIp {@code unicast_src_ip}
 * @param unicastPeers {@code unicast_peer}: when not empty, adverts go to these instead of multicast
 * @param mcastSrcIp {@code mcast_src_ip}
 * @param nopreempt {@code nopreempt} (cleared with {@code state MASTER} or priority 255)
 * @param preemptDelay {@code preempt_delay}; default 0 (cleared with MASTER, nopreempt or strict)
 * @param garp the global GARP settings with this instance's {@code garp_*} overrides
 * @param accept {@code accept} / {@code no_accept}; default: accept unless strict and not the owner
 * @param trackInterfaces {@code track_interface}
 * @param trackScripts {@code track_script}
 * @param notifyScripts {@code notify}, {@code notify_master}, {@code notify_backup}, {@code notify_fault},
 *               {@code notify_stop}
 * @param smtpAlert {@code smtp_alert}; default the global {@code smtp_alert}
 * @param downTimerAdverts {@code down_timer_adverts}, 3..100; default 3 (RFC 9568 6.1)
 * @param dontTrackPrimary {@code dont_track_primary}
 * @param vmac {@code use_vmac}, {@code vmac_xmit_base}
 * @param notifyOptions {@code notify_deleted}, {@code notify_priority_changes}
 * @param routing {@code virtual_routes} and {@code virtual_rules}
 * @param tracked {@code track_file}, {@code track_process} and {@code track_src_ip}
 * @param advert the unicast and advert options ({@code unicast_ttl}, {@code mcast_dst_ip},
 *               {@code check_unicast_src}, {@code higher_prio_send_advert} ...)
 * @param splitBrainHeal {@code split_brain_heal}; default the global one (keepwatch only)
 * @param notifyConflict {@code notify_conflict}: the script run on an address conflict (keepwatch only)
 * @param interfaceOptions {@code kernel_rx_buf_size}
 * @param witness {@code witness NAME} or {@code election NAME} (keepwatch only)
 * @param authHmac {@code auth_hmac} (keepalived 2.4): signed adverts; empty without the block
 */
public record VrrpInstanceConfig(String name, InitialState state, String interfaceName, int virtualRouterId,
                                 int priority, Duration advertInterval, VrrpVersion version, AddressFamily family,
                                 AuthenticationConfig authentication, List<VirtualIpAddress> virtualIpAddresses,
                                 List<VirtualIpAddress> virtualIpAddressesExcluded,
                                 Optional<InetAddress> unicastSrcIp, List<UnicastPeer> unicastPeers,
                                 Optional<InetAddress> mcastSrcIp, boolean nopreempt, Duration preemptDelay,
                                 GarpConfig garp, boolean accept, List<TrackedInterface> trackInterfaces,
                                 List<TrackedScript> trackScripts, NotifyScripts notifyScripts, boolean smtpAlert,
                                 int downTimerAdverts, boolean dontTrackPrimary, VmacConfig vmac, NotifyOptions notifyOptions,
                                 VirtualRouting routing, TrackedObjects tracked,
                                 AdvertOptions advert, SplitBrainHeal splitBrainHeal,
                                 NotifyConflict notifyConflict, InterfaceOptions interfaceOptions,
                                 WitnessUse witness,
                                 Optional<AuthHmacConfig> authHmac) {
    public static final int DEFAULT_PRIORITY = 100;
    public static final int OWNER_PRIORITY = 255;
    public static final int DEFAULT_DOWN_TIMER_ADVERTS = 3;

    public VrrpInstanceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(advertInterval, "advertInterval");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(authentication, "authentication");
        virtualIpAddresses = List.copyOf(virtualIpAddresses);
        virtualIpAddressesExcluded = List.copyOf(virtualIpAddressesExcluded);
        Objects.requireNonNull(unicastSrcIp, "unicastSrcIp");
        unicastPeers = List.copyOf(unicastPeers);
        Objects.requireNonNull(mcastSrcIp, "mcastSrcIp");
        Objects.requireNonNull(preemptDelay, "preemptDelay");
        Objects.requireNonNull(garp, "garp");
        Objects.requireNonNull(tracked, "tracked");
        trackInterfaces = List.copyOf(trackInterfaces);
        trackScripts = List.copyOf(trackScripts);
        Objects.requireNonNull(notifyScripts, "notifyScripts");
        Objects.requireNonNull(vmac, "vmac");
        Objects.requireNonNull(notifyOptions, "notifyOptions");
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(advert, "advert");
        Objects.requireNonNull(splitBrainHeal, "splitBrainHeal");
        Objects.requireNonNull(notifyConflict, "notifyConflict");
        Objects.requireNonNull(interfaceOptions, "interfaceOptions");
        Objects.requireNonNull(witness, "witness");
        Objects.requireNonNull(authHmac, "authHmac");
    }

    /** This instance with {@code next} as what it tracks besides interfaces and scripts. */
    public VrrpInstanceConfig withTracked(TrackedObjects next) {
        return new VrrpInstanceConfig(name, state, interfaceName, virtualRouterId, priority, advertInterval, version,
                family, authentication, virtualIpAddresses, virtualIpAddressesExcluded, unicastSrcIp, unicastPeers,
                mcastSrcIp, nopreempt, preemptDelay, garp, accept, trackInterfaces, trackScripts, notifyScripts,
                smtpAlert, downTimerAdverts, dontTrackPrimary, vmac, notifyOptions, routing, next, advert, splitBrainHeal,
                notifyConflict, interfaceOptions, witness, authHmac);
    }

    /** The addresses of the {@code unicast_peer}s, in file order. */
    public List<InetAddress> unicastPeerAddresses() {
        return unicastPeers.stream().map(UnicastPeer::address).toList();
    }
}
