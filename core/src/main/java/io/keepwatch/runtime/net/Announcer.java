package io.keepwatch.runtime.net;

import io.keepwatch.linux.PacketSocket;
import io.keepwatch.vrrp.AddressFamily;
import io.keepwatch.vrrp.VirtualAddress;
import io.keepwatch.vrrp.codec.GratuitousArp;
import io.keepwatch.vrrp.codec.MacAddress;
import io.keepwatch.vrrp.codec.UnsolicitedNeighbourAdvert;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends gratuitous ARPs (IPv4) and unsolicited neighbour advertisements (IPv6) for a new master's
 * addresses (RFC 5798 section 6.4.1), so that hosts and switches learn the new MAC at once. Bursts
 * run on a thread of their own because vrrp_garp_interval / vrrp_gna_interval and garp_group
 * may space the messages out ({@link GarpPacing}), and the VRRP thread must never wait.
 */
final class Announcer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Announcer.class);

    private final ExecutorService sender = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("keepwatch-garp").daemon(true).factory());
    private final Map<String, PacketSocket> sockets = new HashMap<>();
    /** Touched on the sender thread only. */
    private GarpPacing pacing;

    Announcer(GarpPacing pacing) {
        this.pacing = pacing;
    }

    /** Takes {@code next} for the announcements queued from now on (a reload). */
    void pacing(GarpPacing next) {
        sender.execute(() -> pacing = next);
    }

    /**
     * Opens the packet socket of {@code interfaceName} and reads its MAC once, ahead of the first
     * burst: a new master's announcements then go out without the set-up (socket, first ioctl) in
     * front of them. A failure here is only logged; the burst tries again.
     */
    void prepare(String interfaceName) {
        sender.execute(() -> {
            try {
                socket(interfaceName).macAddress();
            } catch (IOException e) {
                LOG.debug("packet socket on {} not ready yet: {}", interfaceName, e.getMessage());
                closeSocket(interfaceName);
            }
        });
    }

    /** Drops the packet socket of {@code interfaceName}, which was deleted (a VMAC); a later burst opens a new one. */
    void forget(String interfaceName) {
        sender.execute(() -> closeSocket(interfaceName));
    }

    /** Queues {@code repeat} rounds over {@code vips} on {@code interfaceName}. */
    void announce(String interfaceName, List<VirtualAddress> vips, int repeat) {
        sender.execute(() -> burst(interfaceName, List.copyOf(vips), repeat));
    }

    private void burst(String interfaceName, List<VirtualAddress> vips, int repeat) {
        try {
            PacketSocket socket = socket(interfaceName);
            MacAddress mac = MacAddress.of(socket.macAddress().bytes());
            boolean router = forwardsIpv6(interfaceName);
            ByteBuffer frame = ByteBuffer.allocate(UnsolicitedNeighbourAdvert.FRAME_LENGTH);
            for (int round = 0; round < repeat; round++) {
                for (VirtualAddress vip : vips) {
                    frame.clear();
                    boolean v4 = vip.family() == AddressFamily.IPV4;
                    int length = v4
                            ? GratuitousArp.encode(mac, (Inet4Address) vip.address(), frame)
                            : UnsolicitedNeighbourAdvert.encode(mac, (Inet6Address) vip.address(), router, frame);
                    byte[] bytes = new byte[length];
                    frame.flip().get(bytes);
                    pacing.awaitTurn(interfaceName, v4);
                    socket.send(bytes);
                }
            }
        } catch (IOException e) {
            LOG.warn("gratuitous announcements on {} failed: {}", interfaceName, e.getMessage());
            closeSocket(interfaceName);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The NA Router flag follows the interface's IPv6 forwarding setting (RFC 4861 section 4.4). */
    private static boolean forwardsIpv6(String interfaceName) {
        try {
            return Files.readString(Path.of("/proc/sys/net/ipv6/conf", interfaceName, "forwarding")).trim().equals("1");
        } catch (IOException e) {
            return false;
        }
    }

    private PacketSocket socket(String interfaceName) throws IOException {
        PacketSocket socket = sockets.get(interfaceName);
        if (socket == null) {
            socket = PacketSocket.openForSending(interfaceName);
            sockets.put(interfaceName, socket);
        }
        return socket;
    }

    private void closeSocket(String interfaceName) {
        PacketSocket socket = sockets.remove(interfaceName);
        if (socket != null) {
            socket.close();
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
        try {
            sender.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sockets.values().forEach(PacketSocket::close);
        sockets.clear();
    }
}
