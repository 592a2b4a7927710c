package io.keepwatch.runtime.net;

import io.keepwatch.vrrp.VirtualAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one instance does to the network: the engine's actions, carried out. The Linux
 * implementation sends on raw sockets and changes addresses through rtnetlink; every method is
 * called on the VRRP thread and must not block for long.
 */
public interface InstanceNetwork {

    /** Sends one advertisement with this priority to the group or to every unicast peer. */
    void sendAdvert(int priority) throws IOException;

    /**
     * Adds one virtual address to the device the configuration gives it, and remembers that
     * device; an address that is already there counts as added.
     */
    void addVip(VirtualAddress vip) throws IOException;

    /**
     * Adds one virtual address as {@link #addVip(VirtualAddress)} does, but for {@code seconds} only:
     * the kernel deletes it when that lifetime runs out unless it is renewed by calling this again
     * (an address already there gets the new lifetime). A witness-fenced instance binds its addresses
     * so, so that they go even when keepwatch is killed or frozen.
     */
    default void addVip(VirtualAddress vip, long seconds) throws IOException {
        throw new UnsupportedOperationException("no address lifetimes on this network");
    }

    /**
     * Whether the engine wants addresses bound that a witness does not let this network bind yet
     * ({@code witness NAME}: "elected, waiting for witness").
     */
    default boolean waitingForWitness() {
        return false;
    }

    /**
     * Who holds the instance's key in its witness, as the store last said ({@code witness NAME},
     * {@code election NAME}); empty when the key is free, when that is not known, and without a witness.
     */
    default Optional<String> witnessHolder() {
        return Optional.empty();
    }

    /**
     * Removes one virtual address from the device it was added to (whatever the configuration says
     * by now); one that is already gone from there, or was never added, counts as removed.
     */
    void removeVip(VirtualAddress vip) throws IOException;

    /** Queues {@code repeat} gratuitous ARPs / unsolicited NAs per address; returns at once. */
    void announce(List<VirtualAddress> vips, int repeat);

    /**
     * From now on, sends each advert by unicast to {@code peer} too, another holder of the
     * instance's addresses ({@code split_brain_heal}). False when it does already, or may not: a
     * unicast instance, one that does not heal, an address of another family or not another host's.
     */
    default boolean healWith(InetAddress peer) {
        return false;
    }

    /** Stops every unicast copy of {@link #healWith}; returns each peer dropped with the adverts it was sent. */
    default Map<InetAddress, Long> stopHealing() {
        return Map.of();
    }
}
