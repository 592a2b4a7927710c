package io.keepwatch.runtime.net;

import io.keepwatch.vrrp.VirtualAddress;
import java.io.IOException;
import java.util.List;

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
     * Removes one virtual address from the device it was added to (whatever the configuration says
     * by now); one that is already gone from there, or was never added, counts as removed.
     */
    void removeVip(VirtualAddress vip) throws IOException;

    /** Queues {@code repeat} gratuitous ARPs / unsolicited NAs per address; returns at once. */
    void announce(List<VirtualAddress> vips, int repeat);
}
