package io.keepwatch.config.model;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a {@code vrrp_instance} sends and accepts adverts beyond the RFC's defaults: keepalived's
 * unicast and advert keywords, each resolved against its {@code global_defs} default and
 * {@code strict_mode}.
 *
 * @param unicastTtl {@code unicast_ttl}: the TTL (IPv4) or hop limit (IPv6) of unicast adverts;
 *                   empty: 255
 * @param mcastDstIp {@code mcast_dst_ip}: the multicast group adverts go to and are read from,
 *                   instead of {@code vrrp_mcast_group4}/{@code 6}
 * @param checkUnicastSrc {@code check_unicast_src}, also set by a peer's {@code min_ttl}/{@code max_ttl}:
 *                        only adverts from a listed {@code unicast_peer} are heard (the global
 *                        {@code vrrp_check_unicast_src} turns it on for every instance)
 * @param unicastFaultNoPeer {@code unicast_fault_no_peer}: a unicast instance without peers stays in
 *                           FAULT instead of falling back to multicast
 * @param unicastChecksum {@code old_unicast_checksum [never]}
 * @param skipCheckAdvAddr {@code skip_check_adv_addr}; default {@code vrrp_skip_check_adv_addr}
 * @param higherPrioSendAdvert {@code higher_prio_send_advert}; default
 *                             {@code vrrp_higher_prio_send_advert}; off in strict mode
 * @param lowerPrioNoAdvert {@code lower_prio_no_advert}; default {@code vrrp_lower_prio_no_advert};
 *                          on in strict mode
 * @param notifyMasterRxLowerPri {@code notify_master_rx_lower_pri}: run when the MASTER hears a lower
 *                               priority advert
 * @param promoteSecondaries {@code promote_secondaries}: the interface's promote_secondaries sysctl
 *                           is set while the instance runs
 * @param nativeIpv6 {@code native_ipv6}: IPv6 and VRRPv3 even without addresses
 * @param strictMode {@code strict_mode}; empty: {@code vrrp_strict}
 */
public record AdvertOptions(OptionalInt unicastTtl, Optional<InetAddress> mcastDstIp, boolean checkUnicastSrc,
                            boolean unicastFaultNoPeer, UnicastChecksum unicastChecksum, boolean skipCheckAdvAddr,
                            boolean higherPrioSendAdvert, boolean lowerPrioNoAdvert,
                            Optional<NotifyScript> notifyMasterRxLowerPri, boolean promoteSecondaries,
                            boolean nativeIpv6, Optional<Boolean> strictMode) {

    /** An instance that writes none of these keywords, with the global defaults off. */
    public static final AdvertOptions DEFAULTS = new AdvertOptions(OptionalInt.empty(), Optional.empty(), false,
            false, UnicastChecksum.AUTO, false, false, false, Optional.empty(), false, false, Optional.empty());

    public AdvertOptions {
        Objects.requireNonNull(unicastTtl, "unicastTtl");
        Objects.requireNonNull(mcastDstIp, "mcastDstIp");
        Objects.requireNonNull(unicastChecksum, "unicastChecksum");
        Objects.requireNonNull(notifyMasterRxLowerPri, "notifyMasterRxLowerPri");
        Objects.requireNonNull(strictMode, "strictMode");
        if (unicastTtl.isPresent() && (unicastTtl.getAsInt() < 0 || unicastTtl.getAsInt() > 255)) {
            throw new IllegalArgumentException("unicast_ttl must be 0..255, got " + unicastTtl.getAsInt());
        }
    }
}
