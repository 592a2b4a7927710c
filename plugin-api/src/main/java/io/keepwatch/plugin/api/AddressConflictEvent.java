package io.keepwatch.plugin.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Another station claims a virtual address of an instance: a gratuitous ARP or ARP reply (IPv4), or
 * a neighbour advertisement with the override flag (IPv6), from a hardware address that is neither
 * this host's nor the instance's virtual MAC. Two holders of one address is split brain. Handed to
 * every {@link Notifier} through {@link Notifier#send(AddressConflictEvent)}, once when the conflict
 * is noticed and once when it ends, in order with the instance's transition events.
 *
 * @param instance the {@code vrrp_instance} that holds (or, as a backup, watches) the address
 * @param interfaceName the interface the claim was seen on
 * @param vrid the instance's virtual router id
 * @param address the virtual address claimed, as text ({@code 192.0.2.10}, {@code 2001:db8::10})
 * @param foreignMac the hardware address of the other claimant, {@code aa:bb:cc:dd:ee:ff}
 * @param otherHost the other claimant's own address, when the neighbour table or its adverts tell it
 * @param ended {@code false} when the conflict is noticed, {@code true} when it is over
 * @param time when keepwatch noticed the conflict, or its end
 * @param routerId the {@code router_id} of this host ({@code global_defs}, else the host name)
 */
public record AddressConflictEvent(String instance, String interfaceName, int vrid, String address,
                                   String foreignMac, Optional<String> otherHost, boolean ended,
                                   Instant time, String routerId) {

    public AddressConflictEvent {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(foreignMac, "foreignMac");
        Objects.requireNonNull(otherHost, "otherHost");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(routerId, "routerId");
    }
}
