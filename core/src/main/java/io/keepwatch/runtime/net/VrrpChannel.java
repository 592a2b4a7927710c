package io.keepwatch.runtime.net;

import io.keepwatch.linux.ReceivedDatagram;
import io.keepwatch.linux.ReceiveBuffer;
import io.keepwatch.linux.Constants;
import io.keepwatch.linux.Vrrp4Socket;
import io.keepwatch.linux.Vrrp6Socket;
import io.keepwatch.linux.VrrpSocket;
import io.keepwatch.vrrp.AddressFamily;
import io.keepwatch.vrrp.codec.AhSequence;
import io.keepwatch.vrrp.codec.DecodeResult;
import io.keepwatch.vrrp.codec.ReceivedFrom;
import io.keepwatch.vrrp.codec.RejectReason;
import io.keepwatch.vrrp.codec.VrrpDecoder;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A raw VRRP socket on one interface for one family, and the platform thread that reads it. The
 * reader finds the instance by VRID and decodes the advert against the instance's expectations
 * (which, with {@code check_unicast_src}, name the unicast peers it may come from), all on this
 * thread, so the VRRP thread only ever sees valid adverts (and counts the rejected ones).
 */
final class VrrpChannel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VrrpChannel.class);

    private final ChannelKey key;
    private final VrrpSocket socket;
    private final Map<Integer, Receiver> byVrid = new ConcurrentHashMap<>();
    /** Multicast groups joined besides VRRP's own (mcast_dst_ip, vrrp_mcast_group4/6); VRRP thread only. */
    private final Set<InetAddress> groups = new HashSet<>();
    private final SocketReader<ReceivedDatagram> reader;
    /** {@code log_unknown_vrids}, read for each advert so that a reload changes it at once. */
    private final BooleanSupplier logUnknownVrids;
    /**
     * True from the moment the reader has a datagram until it has handed it over: a look at the
     * socket then finds it empty although an advert is on its way to the VRRP thread.
     */
    private volatile boolean handling;
    /** The most datagrams one {@link #catchUp} takes: a flood must not hold the VRRP thread. */
    static final int CATCH_UP_LIMIT = 64;
    /** The receive buffer last asked for; 0 while the socket has the kernel's default. VRRP thread only. */
    private int receiveBufferAsked;

    private VrrpChannel(ChannelKey key, VrrpSocket socket, BooleanSupplier logUnknownVrids) {
        this.key = key;
        this.socket = socket;
        this.logUnknownVrids = logUnknownVrids;
        this.reader = SocketReader.start("keepwatch-rx-" + key, key.toString(), socket::receive,
                socket::close, this::handle, true);
    }

    static VrrpChannel open(ChannelKey key, BooleanSupplier logUnknownVrids) throws IOException {
        VrrpSocket socket = key.family() == AddressFamily.IPV4
                ? Vrrp4Socket.open(key.interfaceName(), true,
                        key.ipsecAh() ? Constants.IPPROTO_AH : Constants.IPPROTO_VRRP)
                : Vrrp6Socket.open(key.interfaceName(), true);
        return new VrrpChannel(key, socket, logUnknownVrids);
    }

    ChannelKey key() {
        return key;
    }

    /** The index of the interface the socket is bound to. */
    int ifIndex() {
        return socket.ifIndex();
    }

    /** What one instance on this channel takes its adverts with, and where they go. */
    private record Receiver(InstanceWiring wiring, AhSequence sequence, ChecksumSwitch checksum, AdvertSink sink,
                            HmacAdmission hmacGuard) {
        Receiver(InstanceWiring wiring, AhSequence sequence, ChecksumSwitch checksum, AdvertSink sink) {
            this(wiring, sequence, checksum, sink, HmacAdmission.of(wiring));
        }
    }

    /**
     * Routes adverts with {@code wiring}'s VRID to {@code sink}, checked against its unicast peers
     * and expectations; an IPsec AH sequence number already seen by {@code sequence} is rejected, and
     * the checksum is checked as {@code checksum} says.
     */
    void register(InstanceWiring wiring, AhSequence sequence, ChecksumSwitch checksum, AdvertSink sink)
            throws IOException {
        if (byVrid.putIfAbsent(wiring.vrid(), new Receiver(wiring, sequence, checksum, sink)) != null) {
            throw new IllegalStateException("VRID " + wiring.vrid() + " is already in use on " + key);
        }
        joinGroups(wiring);
        sizeReceiveBuffer();
        // A backup looks at the socket first when it takes over: its buffers are made and its
        // calls linked now, not then (the failover fast path, see package io.keepwatch.runtime).
        catchUp(System.nanoTime());
    }

    /** As {@link #register}, in place of the instance already registered with that VRID. */
    void replace(InstanceWiring wiring, AhSequence sequence, ChecksumSwitch checksum, AdvertSink sink)
            throws IOException {
        byVrid.put(wiring.vrid(), new Receiver(wiring, sequence, checksum, sink));
        joinGroups(wiring);
        sizeReceiveBuffer();
    }

    /**
     * Sizes the socket's receive buffer as keepalived does: the sum of its instances' shares
     * ({@code kernel_rx_buf_size}, or what {@code vrrp_rx_bufs_policy} gives, with the interface's
     * MTU now), set with SO_RCVBUF (which the kernel caps at net.core.rmem_max) when it is not 0 and
     * has changed. Also called when the interface's MTU may have changed.
     */
    void sizeReceiveBuffer() {
        long total = 0;
        try {
            Integer mtu = null;
            for (Receiver r : byVrid.values()) {
                ReceiveBufferShare share = r.wiring().receiveBuffer();
                if (share.needsMtu() && mtu == null) mtu = socket.mtu();
                total += share.bytesWith(mtu == null ? 0 : mtu);
            }
            int bytes = (int) Math.min(Integer.MAX_VALUE, total);
            if (bytes != 0 && bytes != receiveBufferAsked) {
                socket.receiveBuffer(new ReceiveBuffer(bytes, false));
                receiveBufferAsked = bytes;
                LOG.debug("{}: receive buffer {} bytes", key, bytes);
            }
        } catch (IOException e) {
            LOG.warn("{}: cannot size the receive buffer: {}", key, e.getMessage());
        }
    }

    /** Sizes the receive buffer again if an instance's share depends on the interface's MTU. */
    void mtuMayHaveChanged() {
        for (Receiver r : byVrid.values()) {
            if (r.wiring().receiveBuffer().needsMtu()) {
                sizeReceiveBuffer();
                return;
            }
        }
    }

    /**
     * Joins the multicast group the instance's adverts go to, when it is not VRRP's own: its peers
     * send to the same group (keepalived joins it on the instance's socket). A group stays joined
     * while the socket is open.
     */
    private void joinGroups(InstanceWiring wiring) throws IOException {
        for (InetAddress destination : wiring.destinations()) {
            if (!destination.isMulticastAddress() || destination.equals(Vrrp4Socket.VRRP_GROUP)
                    || destination.equals(Vrrp6Socket.VRRP_GROUP) || groups.contains(destination)) {
                continue;
            }
            switch (socket) {
                case Vrrp4Socket v4 -> v4.joinGroup((Inet4Address) destination);
                case Vrrp6Socket v6 -> v6.joinGroup((Inet6Address) destination);
            }
            groups.add(destination);
        }
    }

    void unregister(int vrid) {
        byVrid.remove(vrid);
        if (!byVrid.isEmpty()) sizeReceiveBuffer();
    }

    boolean unused() {
        return byVrid.isEmpty();
    }

    /**
     * Sends one advert; {@code ttl} is the hop limit of an IPv6 unicast advert (an IPv4 datagram
     * carries its own TTL).
     */
    void send(byte[] packet, InetAddress destination, InetAddress source, int ttl) throws IOException {
        if (socket instanceof Vrrp6Socket v6) {
            v6.send(packet, (Inet6Address) destination, (Inet6Address) source, ttl);
        } else {
            socket.send(packet, destination, source);
        }
    }

    /** On the reader thread: one datagram received. */
    private void handle(ReceivedDatagram datagram) {
        handling = true;
        try {
            dispatch(datagram);
        } finally {
            handling = false;
        }
    }

    /**
     * On the VRRP thread, before it acts on a timer: hands over what the kernel already holds for
     * this socket, as the reader would, and waits (at most until {@code untilNanos}, on
     * System.nanoTime's scale) for the reader to hand over a datagram it has in hand. An advert
     * the kernel received before the timer was handled means the sender was alive; only this
     * process was late to see it (a busy host, a pause).
     */
    void catchUp(long untilNanos) {
        while (handling && System.nanoTime() - untilNanos < 0) {
            LockSupport.parkNanos(20_000);
        }
        for (int n = 0; n < CATCH_UP_LIMIT && !reader.closing(); n++) {
            Optional<ReceivedDatagram> datagram;
            try {
                datagram = socket.receiveQueued();
            } catch (IOException e) {
                LOG.debug("{}: cannot look at the socket: {}", key, e.getMessage());
                return;
            }
            if (datagram.isEmpty()) {
                return;
            }
            dispatch(datagram.get());
        }
    }

    /** Finds the instance of one datagram by VRID and hands it the decoded advert. */
    private void dispatch(ReceivedDatagram datagram) {
        ByteBuffer data = ByteBuffer.wrap(datagram.data());
        int vrid = key.family() == AddressFamily.IPV4
                ? VrrpDecoder.peekVridIpv4Datagram(data)
                : VrrpDecoder.peekVrid(data);
        Receiver receiver = byVrid.get(vrid);
        if (receiver != null) {
            try {
                receive(receiver, datagram);
            } catch (RuntimeException e) {
                LOG.error("{}: handler for VRID {} failed", key, vrid, e);
            }
        } else if (vrid >= 0 && logUnknownVrids.getAsBoolean()) {
            // keepalived's words, so that log watchers written for it match
            LOG.info("Unknown VRID({}) received on interface({}). ignoring...", vrid, key.interfaceName());
        }
    }

    private static void receive(Receiver receiver, ReceivedDatagram datagram) {
        InstanceWiring wiring = receiver.wiring();
        ByteBuffer data = ByteBuffer.wrap(datagram.data());
        DecodeResult result = wiring.family() == AddressFamily.IPV4
                ? VrrpDecoder.decodeIpv4Datagram(data, receiver.checksum().expectation())
                : VrrpDecoder.decode(data, new ReceivedFrom(datagram.source(), datagram.destination(),
                        datagram.ttlOrHopLimit()), wiring.expectation());
        if (result instanceof DecodeResult.Accepted accepted && accepted.groupChecksum()) {
            receiver.checksum().heardGroupChecksum();
        }
        result = receiver.hmacGuard().admit(result);
        AhSequence sequence = receiver.sequence();
        if (result instanceof DecodeResult.Accepted accepted && accepted.ahSequence() != DecodeResult.Accepted.NO_AH_SEQUENCE
                && !sequence.accept(accepted.ahSequence())) {
            // keepalived: "IPSEC-AH : sequence number already processed. Packet dropped", an auth failure
            result = new DecodeResult.Rejected(RejectReason.AUTH_FAILURE, wiring.vrid(), "IPsec AH: sequence number "
                    + accepted.ahSequence() + " already processed (last " + sequence.last() + ")");
        }
        switch (result) {
            case DecodeResult.Accepted accepted -> receiver.sink().accepted(accepted, datagram.receivedNanos());
            case DecodeResult.Rejected rejected -> receiver.sink().rejected(rejected);
        }
    }

    @Override
    public void close() {
        reader.close();
    }
}
