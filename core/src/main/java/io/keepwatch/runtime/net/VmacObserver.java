package io.keepwatch.runtime.net;

/**
 * Told, on the VRRP thread, when an instance's VMAC is made or taken over and when it goes: what
 * depends on the VMAC's index (keepalived's nftables rules for its multicast reports) follows it.
 */
public interface VmacObserver {

    /** Observes nothing. */
    VmacObserver NONE = new VmacObserver() {
        @Override
        public void vmacUp(VmacLink vmac) {
        }

        @Override
        public void vmacGone(VmacLink vmac) {
        }
    };

    /**
     * One VMAC of one instance.
     *
     * @param instance  the vrrp_instance holding it
     * @param name      the VMAC's name
     * @param index     the VMAC's interface index
     * @param baseIndex the index of the interface it is on
     * @param ipv6      an IPv6 VMAC
     * @param forAddresses a VMAC of {@code use_vmac_addr}, for the instance's addresses of one family
     */
    record VmacLink(String instance, String name, int index, int baseIndex, boolean ipv6, boolean forAddresses) {}

    void vmacUp(VmacLink vmac);

    void vmacGone(VmacLink vmac);
}
