package io.keepwatch.runtime.net;

import io.keepwatch.vrrp.codec.Endpoints;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The other holders of a multicast instance's addresses that its adverts also go to by unicast
 * ({@code split_brain_heal}), each with its adverts encoded for it: a VRRPv3 checksum covers a
 * pseudo-header with the packet's destination (RFC 5798 5.2.8), so a copy is not the multicast
 * advert's bytes. Owned by one attachment, on the VRRP thread.
 */
final class HealPeers {

    /** How an advert at a priority is encoded from a source to a destination. */
    private final BiFunction<Integer, Endpoints, byte[]> encoder;
    private final Map<InetAddress, Peer> peers = new LinkedHashMap<>();

    /** One peer: its endpoints, its packets at the advert's priority and at 0, and the copies it was sent. */
    static final class Peer {
        private final Endpoints endpoints;
        private final byte[] resignation;
        private byte[] advert;
        private int advertPriority = -1;
        private long copies;

        private Peer(Endpoints endpoints, byte[] resignation) {
            this.endpoints = endpoints;
            this.resignation = resignation;
        }

        Endpoints endpoints() {
            return endpoints;
        }
    }

    HealPeers(BiFunction<Integer, Endpoints, byte[]> encoder) {
        this.encoder = encoder;
    }

    /**
     * Adds {@code peer}, the adverts going to it from {@code source}; false when it is there already.
     * Its priority-0 advert is encoded now, so that a resignation encodes nothing.
     */
    boolean add(InetAddress source, InetAddress peer) {
        if (peers.containsKey(peer)) {
            return false;
        }
        Endpoints endpoints = Endpoints.of(source, peer);
        peers.put(peer, new Peer(endpoints, encoder.apply(0, endpoints)));
        return true;
    }

    boolean isEmpty() {
        return peers.isEmpty();
    }

    /** The peers, in the order they were added. */
    List<InetAddress> addresses() {
        return List.copyOf(peers.keySet());
    }

    /** Every peer; the list is a copy. */
    List<Peer> all() {
        return new ArrayList<>(peers.values());
    }

    /** The bytes to send to {@code peer} at {@code priority}, encoded once per priority; counts the copy. */
    byte[] packet(Peer peer, int priority) {
        peer.copies++;
        if (priority == 0) {
            return peer.resignation;
        }
        if (priority != peer.advertPriority) {
            peer.advert = encoder.apply(priority, peer.endpoints);
            peer.advertPriority = priority;
        }
        return peer.advert;
    }

    /** Drops every peer; returns each with the number of adverts it was sent. */
    Map<InetAddress, Long> clear() {
        Map<InetAddress, Long> copies = new LinkedHashMap<>();
        peers.forEach((address, peer) -> copies.put(address, peer.copies));
        peers.clear();
        return Collections.unmodifiableMap(copies);
    }
}
