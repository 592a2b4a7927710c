package io.keepwatch.runtime;

import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.VmacConfig;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.runtime.net.InstanceWiring;
import io.keepwatch.runtime.net.LinuxDataPlane;
import io.keepwatch.runtime.net.VmacRequest;
import io.keepwatch.vrrp.AddressFamily;
import io.keepwatch.vrrp.InstanceSpec;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Puts an instance with {@code use_vmac} on its VMAC, and tells when the VMAC was lost. */
final class VmacWiring {

    private static final Logger LOG = LoggerFactory.getLogger(VmacWiring.class);

    private VmacWiring() {}

    /**
     * {@code wiring} moved onto the instance's VMAC, made now if needed; {@code wiring} itself for an
     * instance without {@code use_vmac}; empty (logged) when the VMAC cannot be made, and the
     * instance then waits in FAULT as keepalived's does.
     */
    static Optional<InstanceWiring> place(LinuxDataPlane dataPlane, VrrpInstanceConfig instance, InstanceSpec spec,
                                          KeepalivedConfig cfg, InstanceWiring wiring) {
        VmacConfig vmac = instance.vmac();
        if (!vmac.enabled()) {
            return Optional.of(wiring);
        }
        boolean ipv6 = spec.family() == AddressFamily.IPV6;
        // an IPv6 VMAC that sends adverts needs their link-local source on it (keepalived)
        var linkLocal = ipv6 && !vmac.xmitBase() ? Optional.of(spec.primaryAddress()) : Optional.<java.net.InetAddress>empty();
        VmacRequest request = new VmacRequest(instance.name(), instance.interfaceName(), spec.vrid(), ipv6,
                vmac.macFor(spec.vrid(), ipv6), vmac.interfaceName(), cfg.global().vmacNaming().prefix(), linkLocal);
        try {
            String name = dataPlane.ensureVmac(request);
            return Optional.of(wiring.onVmac(name, vmac.xmitBase()));
        } catch (IOException | RuntimeException e) {
            LOG.error("({}) cannot make its VMAC on {}: {}; the instance waits in FAULT", instance.name(),
                    instance.interfaceName(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Whether the link change of {@code name} means the VMAC of {@code instance} is gone while its
     * interface is up: deleted by someone else, or taken with its interface and the interface back.
     * keepalived makes the VMAC again then.
     */
    static boolean lost(LinuxDataPlane dataPlane, String instanceName, VrrpInstanceConfig instance, String name,
                        boolean up, boolean baseUp) {
        if (!instance.vmac().enabled() || !baseUp) {
            return false;
        }
        boolean baseCame = up && name.equals(instance.interfaceName());
        boolean vmacWent = !up && dataPlane.vmacOf(instanceName).filter(name::equals).isPresent();
        return (baseCame || vmacWent) && !dataPlane.vmacIntact(instanceName);
    }
}
