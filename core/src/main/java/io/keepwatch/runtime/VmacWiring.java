package io.keepwatch.runtime;

import io.keepwatch.config.model.IpvlanConfig;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.VirtualIpAddress;
import io.keepwatch.config.model.VmacConfig;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.linux.Errno;
import io.keepwatch.linux.NativeException;
import io.keepwatch.runtime.net.InstanceWiring;
import io.keepwatch.runtime.net.LinuxDataPlane;
import io.keepwatch.runtime.net.VmacRequest;
import io.keepwatch.vrrp.AddressFamily;
import io.keepwatch.vrrp.InstanceSpec;
import io.keepwatch.vrrp.VirtualAddress;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts an instance with {@code use_vmac} on its VMAC, and the addresses of {@code use_vmac_addr} on
 * theirs, and tells when a VMAC was lost.
 */
final class VmacWiring {

    private static final Logger LOG = LoggerFactory.getLogger(VmacWiring.class);

    private VmacWiring() {}

    /**
     * {@code wiring} moved onto the instance's VMACs, made now if needed; {@code wiring} itself for an
     * instance without them; empty (logged) when a VMAC cannot be made, and the instance then waits
     * in FAULT as keepalived's does. VMACs the instance held and no longer wants (a reload) go.
     */
    static Optional<InstanceWiring> place(LinuxDataPlane dataPlane, VrrpInstanceConfig instance, InstanceSpec spec,
                                          KeepalivedConfig cfg, InstanceWiring wiring) {
        VmacConfig vmac = instance.vmac();
        if (vmac.ipvlan().isPresent()) {
            ipvlan(dataPlane, instance, spec, cfg, vmac.ipvlan().get());
            return Optional.empty();
        }
        if (!vmac.enabled() && !vmac.useVmacAddr()) {
            return Optional.of(wiring);
        }
        boolean ipv6 = spec.family() == AddressFamily.IPV6;
        List<String> held = new ArrayList<>();
        try {
            InstanceWiring placed = wiring;
            if (vmac.enabled()) {
                // an IPv6 VMAC that sends adverts needs their link-local source on it (keepalived)
                Optional<InetAddress> linkLocal = ipv6 && !vmac.xmitBase() ? Optional.of(spec.primaryAddress())
                        : Optional.empty();
                String name = dataPlane.ensureVmac(new VmacRequest(instance.name(), instance.interfaceName(),
                        spec.vrid(), ipv6, vmac.macFor(spec.vrid(), ipv6), vmac.interfaceName(),
                        cfg.global().vmacNaming().prefix(), linkLocal));
                held.add(name);
                placed = wiring.onVmac(name, vmac.xmitBase());
            }
            if (vmac.useVmacAddr()) {
                placed = placed.withDevices(addressVmacs(dataPlane, instance, spec, cfg, wiring, held));
            }
            dataPlane.releaseVmacsExcept(instance.name(), held);
            return Optional.of(placed);
        } catch (IOException | RuntimeException e) {
            LOG.error("({}) cannot make its VMAC on {}: {}; the instance waits in FAULT", instance.name(),
                    instance.interfaceName(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * use_ipvlan. keepalived 2.2.7 makes an L2 ipvlan on the instance's interface and runs the
     * instance on it; when the kernel refuses the link (without ipvlan support: EOPNOTSUPP) it logs
     * so and the instance stays in FAULT, its interface missing. keepwatch does not run an instance
     * on an ipvlan: it asks the kernel for the link as keepalived would, to name the reason, deletes
     * it if made, and the instance waits in FAULT in both cases.
     */
    private static void ipvlan(LinuxDataPlane dataPlane, VrrpInstanceConfig instance, InstanceSpec spec,
                               KeepalivedConfig cfg, IpvlanConfig ipvlan) {
        String name = ipvlan.interfaceName().orElse(cfg.global().vmacNaming().prefix() + "." + spec.vrid());
        String what = "(" + instance.name() + ") use_ipvlan: ipvlan " + name + " on " + instance.interfaceName();
        try {
            dataPlane.tryIpvlan(name, instance.interfaceName(), ipvlan.mode().flags());
            LOG.error("{}: keepwatch does not run an instance on an ipvlan; the instance waits in FAULT", what);
        } catch (NativeException e) {
            LOG.error("{} cannot be made: {}; the instance waits in FAULT, as keepalived's does", what,
                    e.errno() == Errno.EOPNOTSUPP
                            ? "this kernel has no ipvlan support (CONFIG_IPVLAN)" : e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.error("{} cannot be made: {}; the instance waits in FAULT, as keepalived's does", what, e.getMessage());
        }
    }

    /**
     * keepalived's use_vmac_addr: an address with a {@code dev} other than the instance's interface,
     * or of the other family, goes on a VMAC on its device with that family's virtual MAC, one per
     * device and family, named per {@code vmac_addr_prefix}; an address of the instance's family
     * without {@code dev} stays where {@code use_vmac} (or its absence) puts it.
     */
    private static Map<VirtualAddress, String> addressVmacs(LinuxDataPlane dataPlane, VrrpInstanceConfig instance,
                                                            InstanceSpec spec, KeepalivedConfig cfg,
                                                            InstanceWiring plain, List<String> held)
            throws IOException {
        boolean ipv6 = spec.family() == AddressFamily.IPV6;
        Map<VirtualAddress, String> devices = new HashMap<>();
        Map<String, String> made = new HashMap<>();
        // in the file's order, as keepalived makes them: the names generated depend on it
        List<InetAddress> order = configured(instance).map(VirtualIpAddress::address).toList();
        List<VirtualAddress> vips = plain.vipSpecs().keySet().stream()
                .sorted(Comparator.comparingInt(v -> order.indexOf(v.address()))).toList();
        for (VirtualAddress vip : vips) {
            String device = plain.deviceOf(vip);
            boolean vip6 = vip.address() instanceof Inet6Address;
            if (device.equals(instance.interfaceName()) && vip6 == ipv6) {
                continue;
            }
            String key = device + (vip6 ? " IPv6" : " IPv4");
            String name = made.get(key);
            if (name == null) {
                name = dataPlane.ensureVmac(new VmacRequest(instance.name(), device, spec.vrid(), vip6,
                        instance.vmac().macFor(spec.vrid(), vip6), Optional.empty(),
                        cfg.global().vmacNaming().addressPrefix(), Optional.empty(), true));
                made.put(key, name);
                held.add(name);
            }
            devices.put(vip, name);
        }
        return devices;
    }

    private static Stream<VirtualIpAddress> configured(VrrpInstanceConfig instance) {
        return Stream.concat(instance.virtualIpAddresses().stream(), instance.virtualIpAddressesExcluded().stream());
    }

    /**
     * Whether the link change of {@code name} means a VMAC of {@code instance} is gone while its
     * interface is up: deleted by someone else, or taken with its interface and the interface back.
     * keepalived makes the VMAC again then.
     */
    static boolean lost(LinuxDataPlane dataPlane, String instanceName, VrrpInstanceConfig instance, String name,
                        boolean up, boolean baseUp) {
        VmacConfig vmac = instance.vmac();
        if (!(vmac.enabled() || vmac.useVmacAddr()) || vmac.ipvlan().isPresent() || !baseUp) {
            return false;
        }
        boolean baseCame = up && (name.equals(instance.interfaceName()) || vmac.useVmacAddr()
                && configured(instance).map(VirtualIpAddress::device).anyMatch(d -> d.filter(name::equals).isPresent()));
        boolean vmacWent = !up && dataPlane.vmacsOf(instanceName).contains(name);
        return (baseCame || vmacWent) && !dataPlane.vmacIntact(instanceName);
    }
}
