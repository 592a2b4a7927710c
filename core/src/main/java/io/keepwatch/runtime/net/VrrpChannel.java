package io.keepwatch.runtime.net;

import io.keepwatch.linux.ReceivedDatagram;
import io.keepwatch.linux.Threads;
import io.keepwatch.linux.Constants;
import io.keepwatch.linux.Vrrp4Socket;
import io.keepwatch.linux.Vrrp6Socket;
import io.keepwatch.linux.VrrpSocket;
import io.keepwatch.vrrp.AddressFamily;
import io.keepwatch.vrrp.codec.VrrpDecoder;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A raw VRRP socket on one interface for one family, and the platform thread that reads it. The
 * reader only finds the instance by VRID and hands the datagram over; decoding against the
 * instance's expectations happens in the handler, still on this thread, so the VRRP thread only
 * ever sees valid adverts.
 */
final class VrrpChannel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VrrpChannel.class);

    private final ChannelKey key;
    private final VrrpSocket socket;
    private final Map<Integer, Consumer<ReceivedDatagram>> byVrid = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile boolean closing;

    private VrrpChannel(ChannelKey key, VrrpSocket socket) {
        this.key = key;
        this.socket = socket;
        this.reader = Threads.startPlatformDaemon("keepwatch-rx-" + key, this::readLoop);
    }

    static VrrpChannel open(ChannelKey key) throws IOException {
        VrrpSocket socket = key.family() == AddressFamily.IPV4
                ? Vrrp4Socket.open(key.interfaceName(), true,
                        key.ipsecAh() ? Constants.IPPROTO_AH : Constants.IPPROTO_VRRP)
                : Vrrp6Socket.open(key.interfaceName(), true);
        return new VrrpChannel(key, socket);
    }

    ChannelKey key() {
        return key;
    }

    /** The index of the interface the socket is bound to. */
    int ifIndex() {
        return socket.ifIndex();
    }

    void register(int vrid, Consumer<ReceivedDatagram> handler) {
        if (byVrid.putIfAbsent(vrid, handler) != null) {
            throw new IllegalStateException("VRID " + vrid + " is already in use on " + key);
        }
    }

    void replace(int vrid, Consumer<ReceivedDatagram> handler) {
        byVrid.put(vrid, handler);
    }

    void unregister(int vrid) {
        byVrid.remove(vrid);
    }

    boolean unused() {
        return byVrid.isEmpty();
    }

    void send(byte[] packet, InetAddress destination, InetAddress source) throws IOException {
        socket.send(packet, destination, source);
    }

    private void readLoop() {
        while (!closing) {
            ReceivedDatagram datagram;
            try {
                datagram = socket.receive();
            } catch (AsynchronousCloseException e) {
                return;
            } catch (IOException e) {
                if (closing) {
                    return;
                }
                LOG.warn("{}: receive failed: {}", key, e.getMessage());
                continue;
            }
            ByteBuffer data = ByteBuffer.wrap(datagram.data());
            int vrid = key.family() == AddressFamily.IPV4
                    ? VrrpDecoder.peekVridIpv4Datagram(data)
                    : VrrpDecoder.peekVrid(data);
            Consumer<ReceivedDatagram> handler = byVrid.get(vrid);
            if (handler != null) {
                try {
                    handler.accept(datagram);
                } catch (RuntimeException e) {
                    LOG.error("{}: handler for VRID {} failed", key, vrid, e);
                }
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        socket.close();
        try {
            reader.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
