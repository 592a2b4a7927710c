package io.keepwatch.runtime;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Another station claims one of an instance's virtual addresses (split brain): seen as a
 * gratuitous ARP or ARP reply, or an IPv6 neighbour advertisement with the override flag, whose
 * hardware address is neither this host's nor the instance's virtual MAC.
 *
 * @param instance      the vrrp_instance name
 * @param interfaceName the interface the claim was seen on
 * @param vrid          the instance's VRID
 * @param address       the virtual address claimed
 * @param foreignMac    the other claimant's hardware address, {@code aa:bb:cc:dd:ee:ff}
 * @param otherHost     the other claimant's own address, once the neighbour table, its ARP traffic
 *                      or its adverts tell it
 * @param since         when the conflict was noticed
 */
public record AddressConflict(String instance, String interfaceName, int vrid, InetAddress address,
                              String foreignMac, Optional<InetAddress> otherHost, Instant since) {

    public AddressConflict {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(foreignMac, "foreignMac");
        Objects.requireNonNull(otherHost, "otherHost");
        Objects.requireNonNull(since, "since");
    }

    /** The same conflict, now knowing the other claimant's own address. */
    public AddressConflict withOtherHost(InetAddress host) {
        return new AddressConflict(instance, interfaceName, vrid, address, foreignMac, Optional.of(host), since);
    }
}
