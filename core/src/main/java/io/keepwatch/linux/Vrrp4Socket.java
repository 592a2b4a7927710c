package io.keepwatch.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * IPv4 raw VRRP socket. The caller supplies the whole IP header (IP_HDRINCL), because RFC 5798
 * section 5.1.1.3 fixes TTL 255 and keepalived sends TOS 0xC0 (network control); the kernel still
 * fills in the total length, the checksum and, when zero, the identification.
 *
 * <p>Set-up, in order: IP_HDRINCL; IP_MULTICAST_TTL 255; IP_MULTICAST_LOOP off (our own adverts
 * must not come back); IP_MULTICAST_IF and SO_BINDTODEVICE to the interface; IP_MULTICAST_ALL off
 * (receive only the groups this socket joined); IP_PKTINFO on (destination and ifindex of each
 * packet); optionally join 224.0.0.18 on the interface index. Unicast peers use the same socket:
 * send to the peer's address with {@code unicast_src_ip} as the header's source.
 */
public final class Vrrp4Socket extends VrrpSocket {
    /** The VRRP IPv4 multicast group (RFC 5798 section 5.1.1.2). */
    public static final Inet4Address VRRP_GROUP = (Inet4Address) SocketAddresses.fromBytes(
            new byte[] {(byte) 224, 0, 0, 18});

    private static final int PKTINFO_IFINDEX = Layouts.offset(Layouts.IN_PKTINFO, "ipi_ifindex");
    private static final int PKTINFO_ADDR = Layouts.offset(Layouts.IN_PKTINFO, "ipi_addr");

    /** A destination's sockaddr_in in the send arena, and the words of a failure to send there. */
    private record Destination(MemorySegment sockaddr, String failure) {}

    /** Under sendLock; a handful of entries: 224.0.0.18 and the unicast peers. */
    private final Map<InetAddress, Destination> destinations = new HashMap<>();

    private Vrrp4Socket(FdGuard guard, String interfaceName, int ifIndex) {
        super(guard, interfaceName, ifIndex);
    }

    /**
     * Opens the socket on {@code interfaceName}.
     *
     * @param joinVrrpGroup join 224.0.0.18 (multicast adverts); false for unicast-only peers
     */
    public static Vrrp4Socket open(String interfaceName, boolean joinVrrpGroup) throws IOException {
        return open(interfaceName, joinVrrpGroup, Constants.IPPROTO_VRRP);
    }

    /**
     * Opens the socket on {@code interfaceName} for IP protocol {@code protocol}: VRRP (112), or
     * IPsec AH (51), which carries keepalived's {@code auth_type AH} adverts.
     */
    public static Vrrp4Socket open(String interfaceName, boolean joinVrrpGroup, int protocol) throws IOException {
        int ifIndex = Libc.ifNameToIndex(interfaceName);
        int fd = Libc.socket(Constants.AF_INET, Constants.SOCK_RAW, protocol);
        FdGuard guard = new FdGuard(fd, "IPv4 VRRP socket on " + interfaceName);
        try {
            Libc.setsockopt(fd, Constants.IPPROTO_IP, Constants.IP_HDRINCL, 1, "IP_HDRINCL");
            Libc.setsockopt(fd, Constants.IPPROTO_IP, Constants.IP_MULTICAST_TTL, 255, "IP_MULTICAST_TTL");
            Libc.setsockopt(fd, Constants.IPPROTO_IP, Constants.IP_MULTICAST_LOOP, 0, "IP_MULTICAST_LOOP");
            Libc.setsockopt(fd, Constants.IPPROTO_IP, Constants.IP_MULTICAST_ALL, 0, "IP_MULTICAST_ALL");
            Libc.setsockopt(fd, Constants.IPPROTO_IP, Constants.IP_PKTINFO, 1, "IP_PKTINFO");
            stampArrivals(fd);
            try (Arena arena = Arena.ofConfined()) {
                Libc.setsockopt(fd, Constants.IPPROTO_IP, Constants.IP_MULTICAST_IF,
                        mreqn(arena, null, ifIndex), "IP_MULTICAST_IF");
            }
            bindToDevice(fd, interfaceName);
            Vrrp4Socket socket = new Vrrp4Socket(guard, interfaceName, ifIndex);
            if (joinVrrpGroup) {
                socket.joinGroup(VRRP_GROUP);
            }
            return socket;
        } catch (NativeException e) {
            guard.close();
            throw e.withContext("cannot set up IPv4 VRRP socket on " + interfaceName);
        }
    }

    /** Joins a multicast group on this socket's interface (by index, ip_mreqn). */
    public void joinGroup(Inet4Address group) throws IOException {
        membership(group, Constants.IP_ADD_MEMBERSHIP, "IP_ADD_MEMBERSHIP");
    }

    /** Leaves a multicast group joined with {@link #joinGroup}. */
    public void leaveGroup(Inet4Address group) throws IOException {
        membership(group, Constants.IP_DROP_MEMBERSHIP, "IP_DROP_MEMBERSHIP");
    }

    private void membership(Inet4Address group, int option, String name) throws IOException {
        int fd = guard.acquire();
        try (Arena arena = Arena.ofConfined()) {
            Libc.setsockopt(fd, Constants.IPPROTO_IP, option, mreqn(arena, group, ifIndex), name);
        } catch (NativeException e) {
            throw e.withContext("cannot " + (option == Constants.IP_ADD_MEMBERSHIP ? "join " : "leave ")
                    + group.getHostAddress() + " on " + interfaceName);
        } finally {
            guard.release();
        }
    }

    private static MemorySegment mreqn(Arena arena, Inet4Address group, int ifIndex) {
        MemorySegment m = arena.allocate(Layouts.IP_MREQN);
        if (group != null) {
            MemorySegment.copy(group.getAddress(), 0, m, JAVA_BYTE, 0, 4);
        }
        m.set(JAVA_INT, Layouts.offset(Layouts.IP_MREQN, "imr_ifindex"), ifIndex);
        return m;
    }

    /** {@inheritDoc} The source is in the datagram's header. */
    @Override
    public void send(byte[] ipDatagram, InetAddress destination, InetAddress source) throws IOException {
        send(ipDatagram, (Inet4Address) destination);
    }

    /**
     * Sends one complete IPv4 datagram (header included) to {@code destination}, which should be the
     * header's destination address (224.0.0.18 or a unicast peer).
     */
    public void send(byte[] ipDatagram, Inet4Address destination) throws IOException {
        if (ipDatagram.length < 20 || (ipDatagram[0] & 0xF0) != 0x40) {
            throw new IllegalArgumentException("not an IPv4 datagram: " + ipDatagram.length + " bytes, first byte "
                    + (ipDatagram.length == 0 ? "none" : String.format("0x%02x", ipDatagram[0])));
        }
        int fd = guard.acquire();
        try {
            synchronized (sendLock) {
                Destination to = destinations.get(destination);
                if (to == null) {
                    to = new Destination(SocketAddresses.inet4(sendArena, destination),
                            "cannot send VRRP to " + destination.getHostAddress() + " on " + interfaceName);
                    destinations.put(destination, to);
                }
                long sent = Libc.sendto(sendCallState, fd, sendData(ipDatagram), ipDatagram.length, 0, to.sockaddr(), to.failure());
                if (sent != ipDatagram.length) {
                    throw new IOException(to.failure() + ": short send, " + sent + " of " + ipDatagram.length + " bytes");
                }
            }
        } finally {
            guard.release();
        }
    }

    @Override
    ReceivedDatagram toDatagram(byte[] data, InetAddress source, List<Msg.Cmsg> control, long receivedNanos) {
        InetAddress destination = null;
        int arrivedOn = ifIndex;
        for (Msg.Cmsg c : control) {
            if (c.level() == Constants.IPPROTO_IP && c.type() == Constants.IP_PKTINFO
                    && c.data().byteSize() >= Layouts.size(Layouts.IN_PKTINFO)) {
                arrivedOn = c.data().get(JAVA_INT, PKTINFO_IFINDEX);
                destination = SocketAddresses.fromBytes(c.data().asSlice(PKTINFO_ADDR, 4).toArray(JAVA_BYTE));
            }
        }
        // The TTL is byte 8 of the IPv4 header, which raw IPv4 sockets always deliver.
        int ttl = data.length >= 20 ? data[8] & 0xFF : -1;
        return new ReceivedDatagram(data, source, destination, ttl, arrivedOn, receivedNanos);
    }
}
