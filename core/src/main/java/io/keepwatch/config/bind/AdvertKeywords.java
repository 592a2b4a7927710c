package io.keepwatch.config.bind;

import io.keepwatch.config.diagnostic.Diagnostics;
import io.keepwatch.config.model.AddressText;
import io.keepwatch.config.model.AdvertOptions;
import io.keepwatch.config.model.GlobalDefs;
import io.keepwatch.config.model.NotifyScript;
import io.keepwatch.config.model.UnicastChecksum;
import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.SourcePosition;
import io.keepwatch.vrrp.AddressFamily;
import java.net.InetAddress;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The unicast and advert keywords of one {@code vrrp_instance} ({@link AdvertOptions}), read one
 * line at a time and then resolved, as keepalived resolves them, against {@code global_defs} and
 * the instance's strict mode.
 */
final class AdvertKeywords {
    private final Values values;
    private final Diagnostics diagnostics;
    private final GlobalDefs global;

    private OptionalInt unicastTtl = OptionalInt.empty();
    private SourcePosition unicastTtlAt;
    private Optional<InetAddress> mcastDstIp = Optional.empty();
    private SourcePosition mcastDstIpAt;
    private boolean checkUnicastSrc;
    private boolean unicastFaultNoPeer;
    private UnicastChecksum unicastChecksum = UnicastChecksum.AUTO;
    /** A keyword that makes keepalived expect unicast peers (its VRRP_FLAG_UNICAST_CONFIGURED). */
    private SourcePosition unicastKeywordAt;
    private String unicastKeyword;
    private Boolean skipCheckAdvAddr;
    private Boolean higherPrioSendAdvert;
    private SourcePosition higherPrioAt;
    private Boolean lowerPrioNoAdvert;
    private SourcePosition lowerPrioAt;
    private Optional<NotifyScript> notifyMasterRxLowerPri = Optional.empty();
    private boolean promoteSecondaries;
    private boolean nativeIpv6;
    private SourcePosition nativeIpv6At;
    private Optional<Boolean> strictMode = Optional.empty();

    AdvertKeywords(Values values, GlobalDefs global) {
        this.values = values;
        this.diagnostics = values.diagnostics();
        this.global = global;
    }

    /** Whether {@code n} is one of these keywords; if so, it is read. */
    boolean read(ConfigNode n, String label) {
        switch (n.keyword()) {
            case "unicast_ttl" -> {
                var ttl = values.integer(n, 0, 255);
                if (ttl.isPresent()) {
                    unicastTtl = ttl;
                    unicastTtlAt = n.position();
                }
            }
            case "mcast_dst_ip" -> values.word(n).flatMap(t -> values.address(n, t)).ifPresent(a -> {
                // keepalived: IPv4 multicast, or IPv6 link-local multicast (ffX2::)
                boolean ok = a.isMulticastAddress() && (AddressFamily.of(a) == AddressFamily.IPV4 || a.isMCLinkLocal());
                if (ok) {
                    mcastDstIp = Optional.of(a);
                    mcastDstIpAt = n.position();
                } else {
                    diagnostics.error(n.position(), label + ": mcast_dst_ip " + AddressText.of(a) + " is not "
                            + (AddressFamily.of(a) == AddressFamily.IPV6 ? "a link-local multicast address"
                            : "a multicast address"));
                }
            });
            case "check_unicast_src" -> {
                checkUnicastSrc = true;
                unicast(n);
            }
            case "unicast_fault_no_peer" -> {
                unicastFaultNoPeer = true;
                unicast(n);
            }
            case "old_unicast_checksum" -> {
                unicast(n);
                if (n.arguments().isEmpty()) {
                    unicastChecksum = UnicastChecksum.OLD;
                } else if (n.arguments().getFirst().equals("never")) {
                    unicastChecksum = UnicastChecksum.NEVER;
                } else {
                    diagnostics.warning(n.position(), label + ": old_unicast_checksum '" + n.arguments().getFirst()
                            + "' is not 'never'; ignored");
                }
            }
            // keepalived sets the flag for any valid word, "false" included
            case "skip_check_adv_addr" -> values.flag(n).ifPresent(b -> skipCheckAdvAddr = true);
            case "higher_prio_send_advert" -> values.flag(n).ifPresent(b -> {
                higherPrioSendAdvert = b;
                higherPrioAt = n.position();
            });
            case "lower_prio_no_advert" -> values.flag(n).ifPresent(b -> {
                lowerPrioNoAdvert = b;
                lowerPrioAt = n.position();
            });
            case "notify_master_rx_lower_pri" -> {
                if (notifyMasterRxLowerPri.isPresent()) {
                    diagnostics.warning(n.position(), label + ": notify_master_rx_lower_pri is already set; ignored");
                } else {
                    notifyMasterRxLowerPri = Tracking.notifyScript(values, n);
                }
            }
            case "promote_secondaries" -> promoteSecondaries = true;
            case "native_ipv6" -> {
                nativeIpv6 = true;
                nativeIpv6At = n.position();
            }
            case "strict_mode" -> values.flag(n).ifPresent(b -> strictMode = Optional.of(b));
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Notes the first keyword that asks for unicast peers, for the check in {@link #build}. */
    private void unicast(ConfigNode n) {
        if (unicastKeywordAt == null) {
            unicastKeywordAt = n.position();
            unicastKeyword = n.keyword();
        }
    }

    /** A peer with {@code min_ttl} or {@code max_ttl} turns {@code check_unicast_src} on (keepalived). */
    void peerLimitsTtl() {
        checkUnicastSrc = true;
    }

    /** {@code strict_mode}, else {@code vrrp_strict}. */
    boolean strict() {
        return strictMode.orElse(global.vrrpStrict());
    }

    /** native_ipv6 was written; its line, else null. */
    SourcePosition nativeIpv6() {
        return nativeIpv6 ? nativeIpv6At : null;
    }

    /**
     * The options, resolved: globals fill what the block did not write, strict mode overrides
     * what RFC 9568 does not allow, and keywords without effect are reported.
     *
     * @param unicast the instance has unicast peers
     */
    AdvertOptions build(String label, boolean unicast, AddressFamily family) {
        if (!unicast && unicastKeywordAt != null && !unicastFaultNoPeer) {
            diagnostics.warning(unicastKeywordAt, label + ": " + unicastKeyword
                    + " without any unicast_peer; the instance uses multicast");
        }
        if (!unicast && unicastTtl.isPresent()) {
            diagnostics.warning(unicastTtlAt, label + ": unicast_ttl without any unicast_peer; ignored");
            unicastTtl = OptionalInt.empty();
        }
        if (unicast && mcastDstIp.isPresent()) {
            diagnostics.warning(mcastDstIpAt, label + ": mcast_dst_ip does not apply to unicast peers; ignored");
            mcastDstIp = Optional.empty();
        }
        if (mcastDstIp.isPresent() && AddressFamily.of(mcastDstIp.get()) != family) {
            diagnostics.error(mcastDstIpAt, label + ": mcast_dst_ip " + AddressText.of(mcastDstIp.get()) + " is not "
                    + family.label() + " like the virtual addresses");
        }
        boolean strict = strict();
        boolean higher = higherPrioSendAdvert != null ? higherPrioSendAdvert : !strict && global.vrrpHigherPrioSendAdvert();
        if (strict && higher) {
            diagnostics.warning(higherPrioAt, label + ": strict mode does not allow higher_prio_send_advert; cleared");
            higher = false;
        }
        boolean lower = lowerPrioNoAdvert != null ? lowerPrioNoAdvert : strict || global.vrrpLowerPrioNoAdvert();
        if (strict && !lower) {
            diagnostics.warning(lowerPrioAt, label + ": strict mode requires lower_prio_no_advert; set");
            lower = true;
        }
        boolean skip = skipCheckAdvAddr != null ? skipCheckAdvAddr : global.vrrpSkipCheckAdvAddr();
        return new AdvertOptions(unicastTtl, mcastDstIp, checkUnicastSrc, unicastFaultNoPeer, unicastChecksum, skip,
                higher, lower, notifyMasterRxLowerPri, promoteSecondaries, nativeIpv6, strictMode);
    }
}
