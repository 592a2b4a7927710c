package io.keepwatch.runtime;

import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.AddressOptions;
import io.keepwatch.config.model.VirtualIpAddress;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.config.model.VrrpReceiveBuffers;
import io.keepwatch.linux.AddressSpec;
import io.keepwatch.linux.IfAddress;
import io.keepwatch.runtime.net.InstanceWiring;
import io.keepwatch.runtime.net.ReceiveBufferShare;
import io.keepwatch.vrrp.AddressFamily;
import io.keepwatch.vrrp.InstanceSpec;
import io.keepwatch.vrrp.VirtualAddress;
import io.keepwatch.vrrp.VrrpVersion;
import io.keepwatch.vrrp.codec.AuthType;
import io.keepwatch.vrrp.codec.Authentication;
import io.keepwatch.vrrp.codec.Expectation;
import io.keepwatch.vrrp.codec.HmacTrailer;
import io.keepwatch.vrrp.codec.PeerTtl;
import io.keepwatch.vrrp.codec.PseudoHeaderDestination;
import io.keepwatch.vrrp.codec.VrrpAdvert;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Resolves an instance's configuration into what the data plane needs: source, destinations, adverts, addresses. */
final class Wirings {

    private static final InetAddress ANY4 = InetAddress.ofLiteral("0.0.0.0");
    private static final InetAddress ANY6 = InetAddress.ofLiteral("::");
    /** keepalived's TTL / hop limit of adverts, multicast always and unicast by default (RFC 9568 5.1.1.3). */
    private static final int UNICAST_TTL = 255;
    private static final int IPV4_HEADER = 20;
    private static final int VRRP_HEADER = 8;
    /** VRRPv2's authentication data (RFC 3768 5.3.10), there whatever the type. */
    private static final int V2_AUTH_DATA = 8;
    /** An IPsec AH header with its 96-bit ICV (RFC 2402), as keepalived's auth_type AH sends it. */
    private static final int AH_HEADER = 24;

    private Wirings() {}

    /**
     * Our primary address (RFC 5798 section 6.4.3 tie-break, and the advert source when nothing
     * else is configured): unicast_src_ip, else mcast_src_ip, else the interface's first IPv4
     * address that is not one of our VIPs, or its IPv6 link-local address (RFC 5798 section 5.1.2.1).
     * Neither is a static address ({@code static_ipaddress}): keepalived learns the interface's
     * address before it adds those, so the address the interface had stays the source. Empty when
     * the interface has none yet.
     */
    static Optional<InetAddress> primaryAddress(VrrpInstanceConfig instance, KeepalivedConfig config,
                                                List<IfAddress> interfaceAddresses) {
        if (instance.unicastSrcIp().isPresent()) {
            return instance.unicastSrcIp();
        }
        if (instance.mcastSrcIp().isPresent()) {
            return instance.mcastSrcIp();
        }
        List<InetAddress> vips = new ArrayList<>(instance.virtualIpAddresses().stream()
                .map(VirtualIpAddress::address).toList());
        config.statics().addresses().forEach(a -> vips.add(a.address()));
        boolean v6 = InstanceSpecs.isIpv6(instance);
        return interfaceAddresses.stream()
                .map(IfAddress::address)
                .filter(a -> v6 ? a instanceof Inet6Address && a.isLinkLocalAddress() : a instanceof Inet4Address)
                .filter(a -> !vips.contains(a))
                .findFirst();
    }

    /** A stand-in primary address while the interface has none (the instance is in FAULT then). */
    static InetAddress unspecified(VrrpInstanceConfig instance) {
        return InstanceSpecs.isIpv6(instance) ? ANY6 : ANY4;
    }

    static InstanceWiring wiring(VrrpInstanceConfig instance, InstanceSpec spec, KeepalivedConfig config) {
        // an election instance without virtual_router_id never sends its advert
        // (LinuxDataPlane.attachLocal), but the wiring carries one: VRID 1 stands in
        int vrid = spec.vrid() == 0 ? 1 : spec.vrid();
        List<InetAddress> advertised = instance.virtualIpAddresses().stream().map(VirtualIpAddress::address).toList();
        boolean unicast = !instance.unicastPeers().isEmpty();
        VrrpAdvert advert;
        Expectation expectation;
        if (spec.version() == VrrpVersion.V2) {
            Authentication auth = authentication(instance);
            int seconds = spec.advertIntervalCentis() / 100;
            advert = VrrpAdvert.v2(vrid, spec.basePriority(), seconds, auth, advertised);
            expectation = Expectation.v2(seconds, auth, advertised, unicast);
        } else {
            var family = spec.family();
            advert = VrrpAdvert.v3(family, vrid, spec.basePriority(), spec.advertIntervalCentis(), advertised);
            expectation = Expectation.v3(family, spec.advertIntervalCentis(), advertised, unicast);
            if (family == AddressFamily.IPV4) {
                expectation = expectation.withPseudoHeaderDestination(switch (instance.advert().unicastChecksum()) {
                    case AUTO -> PseudoHeaderDestination.PACKET_OR_GROUP;
                    case NEVER -> PseudoHeaderDestination.PACKET;
                    case OLD -> PseudoHeaderDestination.GROUP;
                }, config.global().vrrpMcastGroup4());
            }
        }
        // keepalived hears unicast adverts from anywhere unless check_unicast_src (its own, the
        // global one, or a peer's min_ttl/max_ttl) asks for a listed peer
        if (unicast && (instance.advert().checkUnicastSrc() || config.global().advertGlobals().checkUnicastSrc())) {
            expectation = expectation.withUnicastSourceCheck(instance.unicastPeers().stream()
                    .map(p -> new PeerTtl(p.address(), p.minTtl(), p.maxTtl())).toList());
        }
        if (!unicast && instance.splitBrainHeal().on()) {
            expectation = expectation.withUnicastCopies();
        }
        if (instance.authHmac().isPresent()) {
            expectation = expectation.withAuthHmac(instance.authHmac().get().settings());
        }
        InetAddress group = instance.advert().mcastDstIp().orElse(spec.family() == AddressFamily.IPV4
                ? config.global().vrrpMcastGroup4() : config.global().vrrpMcastGroup6());
        List<InetAddress> destinations = unicast ? instance.unicastPeerAddresses() : List.of(group);
        int ttl = unicast ? instance.advert().unicastTtl().orElse(UNICAST_TTL) : UNICAST_TTL;

        Map<VirtualAddress, String> devices = new HashMap<>();
        Map<VirtualAddress, AddressSpec> specs = new HashMap<>();
        List<VirtualIpAddress> all = new ArrayList<>(instance.virtualIpAddresses());
        all.addAll(instance.virtualIpAddressesExcluded());
        for (VirtualIpAddress vip : all) {
            // An address listed twice is added as its first line says: keepalived adds the first,
            // and the second fails as already there.
            VirtualAddress key = new VirtualAddress(vip.address(), vip.prefixLength());
            if (specs.putIfAbsent(key, addressSpec(vip)) == null) {
                vip.device().ifPresent(d -> devices.put(key, d));
            }
        }
        return new InstanceWiring(instance.name(), instance.interfaceName(), spec.family(), advert, expectation,
                spec.primaryAddress(), destinations, ttl, devices, specs,
                receiveBufferShare(instance, spec, config.global().receiveBuffers().vrrp()));
    }

    /**
     * What the instance adds to its socket's receive buffer, in keepalived's order: its own
     * {@code kernel_rx_buf_size}, else the policy's size, else the multiplier times its advert's
     * length (with the IPv4 header and IPsec AH, as keepalived counts it), else the multiplier times
     * the interface's MTU.
     */
    static ReceiveBufferShare receiveBufferShare(VrrpInstanceConfig instance, InstanceSpec spec,
                                                 VrrpReceiveBuffers policy) {
        long own = instance.interfaceOptions().kernelRxBufSize();
        if (own != 0) return new ReceiveBufferShare(own, 0);
        return switch (policy.policy()) {
            case NONE -> ReceiveBufferShare.NONE;
            case SIZE -> new ReceiveBufferShare(policy.size(), 0);
            case ADVERT -> new ReceiveBufferShare((long) policy.multiplier() * advertLength(instance, spec), 0);
            case MTU -> new ReceiveBufferShare(0, policy.multiplier());
        };
    }

    /**
     * keepalived's vrrp_adv_len: the VRRP packet, for IPv4 the IP header and any AH header, and the
     * auth_hmac trailer of an instance that signs.
     */
    private static int advertLength(VrrpInstanceConfig instance, InstanceSpec spec) {
        int addresses = instance.virtualIpAddresses().size();
        int trailer = instance.authHmac().filter(a -> a.mode().signs()).isPresent() ? HmacTrailer.LENGTH : 0;
        if (spec.family() == AddressFamily.IPV6) return VRRP_HEADER + 16 * addresses + trailer;
        int length = IPV4_HEADER + VRRP_HEADER + 4 * addresses;
        if (spec.version() == VrrpVersion.V2) length += V2_AUTH_DATA;
        if (instance.authentication().type() == AuthType.AH) length += AH_HEADER;
        return length + trailer;
    }

    private static Authentication authentication(VrrpInstanceConfig instance) {
        AuthType type = instance.authentication().type();
        return switch (type) {
            case NONE -> Authentication.NONE;
            case PASS -> Authentication.pass(instance.authentication().password().reveal());
            case AH -> Authentication.ah(instance.authentication().password().reveal());
        };
    }


    /** The rtnetlink form of a virtual_ipaddress line; IPv6 VIPs skip DAD as keepalived's do. */
    static AddressSpec addressSpec(VirtualIpAddress vip) {
        AddressSpec spec = AddressSpec.of(vip.address(), vip.prefixLength());
        if (vip.broadcast().isPresent()) {
            spec = spec.withBroadcast(vip.broadcast().get());
        }
        if (vip.scope().isPresent()) {
            spec = spec.withScope(scope(vip.scope().get()));
        }
        if (vip.label().isPresent()) {
            spec = spec.withLabel(vip.label().get());
        }
        AddressOptions o = vip.options();
        boolean ipv6 = vip.family() == io.keepwatch.vrrp.AddressFamily.IPV6;
        int flags = (o.home() ? AddressSpec.IFA_F_HOMEADDRESS : 0) | (o.mngtmpaddr() ? AddressSpec.IFA_F_MANAGETEMPADDR : 0)
                | (o.noprefixroute() ? AddressSpec.IFA_F_NOPREFIXROUTE : 0) | (o.autojoin() ? AddressSpec.IFA_F_MCAUTOJOIN : 0);
        // keepalived: IPv6 addresses skip DAD unless -nodad is written, and an unwritten
        // preferred_lft deprecates a /128 so that it is not chosen as a source address
        return spec.withNoDad(ipv6 && !o.dad()).withFlags(flags, o.preferredLifetime(vip.prefixLength(), ipv6))
                .withPeer(o.peer().orElse(null));
    }

    /** iproute2's scope names (rt_scopes). */
    static int scope(String name) {
        return switch (name) {
            case "global" -> 0;
            case "site" -> 200;
            case "link" -> 253;
            case "host" -> 254;
            case "nowhere" -> 255;
            default -> Integer.parseInt(name);
        };
    }
}
