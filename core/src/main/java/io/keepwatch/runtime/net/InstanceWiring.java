package io.keepwatch.runtime.net;

import io.keepwatch.linux.AddressSpec;
import io.keepwatch.vrrp.AddressFamily;
import io.keepwatch.vrrp.VirtualAddress;
import io.keepwatch.vrrp.codec.Expectation;
import io.keepwatch.vrrp.codec.VrrpAdvert;
import java.net.InetAddress;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the data plane needs to put one instance on the wire, resolved from its
 * configuration and the interface's addresses.
 *
 * @param instance      the vrrp_instance name (for messages)
 * @param interfaceName the interface adverts go out of and come in on
 * @param family        IPv4 or IPv6
 * @param advert        the advert to send, at the base priority; each send sets the priority
 * @param expectation   what received adverts are checked against
 * @param source        the adverts' source address (unicast_src_ip / mcast_src_ip, else primary)
 * @param destinations  the multicast group, or every unicast peer
 * @param ttl           the TTL (IPv4) or hop limit (IPv6) of unicast adverts ({@code unicast_ttl},
 *                      default 255); multicast adverts always carry 255
 * @param vipDevices    the interface of each virtual address (its {@code dev}, else the instance's)
 * @param vipSpecs      the rtnetlink form of each virtual address (brd, scope, label)
 * @param receiveBuffer what the instance adds to its socket's receive buffer
 */
public record InstanceWiring(String instance, String interfaceName, AddressFamily family, VrrpAdvert advert,
                             Expectation expectation, InetAddress source, List<InetAddress> destinations,
                             int ttl, Map<VirtualAddress, String> vipDevices,
                             Map<VirtualAddress, AddressSpec> vipSpecs, ReceiveBufferShare receiveBuffer) {

    public InstanceWiring {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(advert, "advert");
        Objects.requireNonNull(expectation, "expectation");
        Objects.requireNonNull(source, "source");
        destinations = List.copyOf(destinations);
        if (ttl < 0 || ttl > 255) {
            throw new IllegalArgumentException("(" + instance + ") TTL must be 0..255, got " + ttl);
        }
        vipDevices = Map.copyOf(vipDevices);
        vipSpecs = Map.copyOf(vipSpecs);
        Objects.requireNonNull(receiveBuffer, "receiveBuffer");
    }

    public int vrid() {
        return advert.vrid();
    }

    public String deviceOf(VirtualAddress vip) {
        return vipDevices.getOrDefault(vip, interfaceName);
    }

    /** The interfaces that addresses other than the instance's own interface go on ({@code dev}). */
    public Collection<String> vipDeviceNames() {
        return vipDevices.values();
    }

    /**
     * The same instance on its VMAC {@code vmac}: addresses without a {@code dev} go on the VMAC, and
     * adverts are sent and received there, or on the instance's own interface with
     * {@code vmac_xmit_base} (keepalived).
     */
    public InstanceWiring onVmac(String vmac, boolean xmitBase) {
        Map<VirtualAddress, String> devices = new HashMap<>(vipDevices);
        vipSpecs.keySet().forEach(vip -> devices.putIfAbsent(vip, vmac));
        return new InstanceWiring(instance, xmitBase ? interfaceName : vmac, family, advert, expectation, source,
                destinations, ttl, devices, vipSpecs, receiveBuffer);
    }

    /** The same instance with the addresses of {@code devices} on those devices instead ({@code use_vmac_addr}). */
    public InstanceWiring withDevices(Map<VirtualAddress, String> devices) {
        Map<VirtualAddress, String> all = new HashMap<>(vipDevices);
        all.putAll(devices);
        return new InstanceWiring(instance, interfaceName, family, advert, expectation, source, destinations, ttl,
                all, vipSpecs, receiveBuffer);
    }

    public AddressSpec specOf(VirtualAddress vip) {
        AddressSpec spec = vipSpecs.get(vip);
        return spec != null ? spec : AddressSpec.of(vip.address(), vip.prefixLength());
    }
}
