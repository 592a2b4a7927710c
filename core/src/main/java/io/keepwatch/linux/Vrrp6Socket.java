package io.keepwatch.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * IPv6 raw VRRP socket. IPv6 raw sockets never carry the IP header, so the caller sends and
 * receives the VRRP packet alone: the kernel computes its checksum (IPV6_CHECKSUM at offset 6, where
 * RFC 5798 section 5.2.8 puts it, over the pseudo-header) and drops received packets whose checksum
 * is wrong. Hop limit 255 (RFC 5798 section 5.1.2.3) is set for multicast and unicast; each
 * received packet brings its hop limit (IPV6_RECVHOPLIMIT) and destination and interface
 * (IPV6_RECVPKTINFO).
 *
 * <p>The source address is chosen per send with an IPV6_PKTINFO control message, so one socket
 * serves link-local and global sources; binding is avoided because a bound raw IPv6 socket only
 * receives packets addressed to the bound address.
 */
public final class Vrrp6Socket extends VrrpSocket {
    /** The VRRP IPv6 multicast group (RFC 5798 section 5.1.2.2). */
    public static final Inet6Address VRRP_GROUP = (Inet6Address) SocketAddresses.fromBytes(
            new byte[] {(byte) 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12});

    /** Byte offset of the checksum in a VRRP packet (RFC 5798 section 5.1). */
    private static final int VRRP_CHECKSUM_OFFSET = 6;
    private static final int PKTINFO_ADDR = Layouts.offset(Layouts.IN6_PKTINFO, "ipi6_addr");
    private static final int PKTINFO_IFINDEX = Layouts.offset(Layouts.IN6_PKTINFO, "ipi6_ifindex");

    /** A msghdr (name, pktinfo, the send buffer) for one destination and source, and its failure words. */
    private record Route(Msg msg, String failure) {}

    /** The IPV6_UNICAST_HOPS set last. Under sendLock. */
    private int unicastHops = 255;
    /** Under sendLock: by destination, then by source (null: the kernel's choice). */
    private final Map<InetAddress, Map<InetAddress, Route>> routes = new HashMap<>();

    private Vrrp6Socket(FdGuard guard, String interfaceName, int ifIndex) {
        super(guard, interfaceName, ifIndex);
    }

    /**
     * Opens the socket on {@code interfaceName}.
     *
     * @param joinVrrpGroup join ff02::12 (multicast adverts); false for unicast-only peers
     */
    public static Vrrp6Socket open(String interfaceName, boolean joinVrrpGroup) throws IOException {
        int ifIndex = Libc.ifNameToIndex(interfaceName);
        int fd = Libc.socket(Constants.AF_INET6, Constants.SOCK_RAW, Constants.IPPROTO_VRRP);
        FdGuard guard = new FdGuard(fd, "IPv6 VRRP socket on " + interfaceName);
        try {
            int v6 = Constants.IPPROTO_IPV6;
            Libc.setsockopt(fd, v6, Constants.IPV6_CHECKSUM, VRRP_CHECKSUM_OFFSET, "IPV6_CHECKSUM");
            Libc.setsockopt(fd, v6, Constants.IPV6_MULTICAST_HOPS, 255, "IPV6_MULTICAST_HOPS");
            Libc.setsockopt(fd, v6, Constants.IPV6_UNICAST_HOPS, 255, "IPV6_UNICAST_HOPS");
            // Traffic class 0xC0 (network control), as IPv4 adverts carry TOS 0xC0 and keepalived sets it.
            Libc.setsockopt(fd, v6, Constants.IPV6_TCLASS, 0xC0, "IPV6_TCLASS");
            Libc.setsockopt(fd, v6, Constants.IPV6_MULTICAST_LOOP, 0, "IPV6_MULTICAST_LOOP");
            Libc.setsockopt(fd, v6, Constants.IPV6_MULTICAST_IF, ifIndex, "IPV6_MULTICAST_IF");
            try {
                Libc.setsockopt(fd, v6, Constants.IPV6_MULTICAST_ALL, 0, "IPV6_MULTICAST_ALL");
            } catch (NativeException e) {
                // Kernels before 4.20 lack the option; there the socket may also see groups other
                // sockets joined, which the receiver filters by destination anyway.
                if (e.errno() != Errno.ENOPROTOOPT) {
                    throw e;
                }
            }
            Libc.setsockopt(fd, v6, Constants.IPV6_RECVHOPLIMIT, 1, "IPV6_RECVHOPLIMIT");
            Libc.setsockopt(fd, v6, Constants.IPV6_RECVPKTINFO, 1, "IPV6_RECVPKTINFO");
            stampArrivals(fd);
            bindToDevice(fd, interfaceName);
            Vrrp6Socket socket = new Vrrp6Socket(guard, interfaceName, ifIndex);
            if (joinVrrpGroup) {
                socket.joinGroup(VRRP_GROUP);
            }
            return socket;
        } catch (NativeException e) {
            guard.close();
            throw e.withContext("cannot set up IPv6 VRRP socket on " + interfaceName);
        }
    }

    /** Joins a multicast group on this socket's interface (ipv6_mreq by index). */
    public void joinGroup(Inet6Address group) throws IOException {
        membership(group, Constants.IPV6_JOIN_GROUP, "IPV6_JOIN_GROUP");
    }

    /** Leaves a group joined with {@link #joinGroup}. */
    public void leaveGroup(Inet6Address group) throws IOException {
        membership(group, Constants.IPV6_LEAVE_GROUP, "IPV6_LEAVE_GROUP");
    }

    private void membership(Inet6Address group, int option, String name) throws IOException {
        int fd = guard.acquire();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(Layouts.IPV6_MREQ);
            MemorySegment.copy(group.getAddress(), 0, m, JAVA_BYTE, 0, 16);
            m.set(JAVA_INT, Layouts.offset(Layouts.IPV6_MREQ, "ipv6mr_interface"), ifIndex);
            Libc.setsockopt(fd, Constants.IPPROTO_IPV6, option, m, name);
        } catch (NativeException e) {
            throw e.withContext("cannot " + (option == Constants.IPV6_JOIN_GROUP ? "join " : "leave ")
                    + group.getHostAddress() + " on " + interfaceName);
        } finally {
            guard.release();
        }
    }

    @Override
    public void send(byte[] vrrpPacket, InetAddress destination, InetAddress source) throws IOException {
        send(vrrpPacket, (Inet6Address) destination, (Inet6Address) source);
    }

    /**
     * As {@link #send(byte[], Inet6Address, Inet6Address)}, with the hop limit of a unicast packet
     * (keepalived's {@code unicast_ttl}); multicast packets keep 255 (RFC 9568 5.1.2.3). The
     * option is set only when it changes, so a steady sender makes no extra system call.
     */
    public void send(byte[] vrrpPacket, Inet6Address destination, Inet6Address source, int hopLimit)
            throws IOException {
        if (!destination.isMulticastAddress()) {
            synchronized (sendLock) {
                if (hopLimit != unicastHops) {
                    int fd = guard.acquire();
                    try {
                        Libc.setsockopt(fd, Constants.IPPROTO_IPV6, Constants.IPV6_UNICAST_HOPS, hopLimit,
                                "IPV6_UNICAST_HOPS");
                        unicastHops = hopLimit;
                    } finally {
                        guard.release();
                    }
                }
                send(vrrpPacket, destination, source);
            }
            return;
        }
        send(vrrpPacket, destination, source);
    }

    /**
     * Sends one VRRP packet (checksum field left for the kernel) to {@code destination}.
     *
     * @param source the source address (link-local for adverts per RFC 5798 section 5.1.2.1, or
     *               {@code unicast_src_ip}); null lets the kernel choose
     */
    public void send(byte[] vrrpPacket, Inet6Address destination, Inet6Address source) throws IOException {
        if (vrrpPacket.length < VRRP_CHECKSUM_OFFSET + 2) {
            throw new IllegalArgumentException("VRRP packet too short for its checksum: " + vrrpPacket.length + " bytes");
        }
        int fd = guard.acquire();
        try {
            synchronized (sendLock) {
                Route route = route(destination, source);
                sendData(vrrpPacket);
                route.msg().dataLength(vrrpPacket.length);
                long sent = Libc.sendmsg(sendCallState, fd, route.msg().header, 0, route.failure());
                if (sent != vrrpPacket.length) {
                    throw new IOException(route.failure() + ": short send, " + sent + " of " + vrrpPacket.length + " bytes");
                }
            }
        } finally {
            guard.release();
        }
    }

    /** The msghdr for this destination and source, made on the first send there. Under sendLock. */
    private Route route(Inet6Address destination, Inet6Address source) {
        Map<InetAddress, Route> bySource = routes.get(destination);
        if (bySource == null) {
            bySource = new HashMap<>();
            routes.put(destination, bySource);
        }
        Route route = bySource.get(source);
        if (route == null) {
            MemorySegment name = SocketAddresses.inet6(sendArena, destination,
                    SocketAddresses.scopeFor(destination, ifIndex));
            MemorySegment control = MemorySegment.NULL;
            if (source != null) {
                MemorySegment pktinfo = sendArena.allocate(Layouts.IN6_PKTINFO);
                MemorySegment.copy(source.getAddress(), 0, pktinfo, JAVA_BYTE, PKTINFO_ADDR, 16);
                pktinfo.set(JAVA_INT, PKTINFO_IFINDEX, ifIndex);
                control = Msg.controlMessage(sendArena, Constants.IPPROTO_IPV6, Constants.IPV6_PKTINFO, pktinfo);
            }
            route = new Route(Msg.forSend(sendArena, name, sendBuffer(), control),
                    "cannot send VRRP to " + destination.getHostAddress()
                            + (source == null ? "" : " from " + source.getHostAddress()) + " on " + interfaceName);
            bySource.put(source, route);
        }
        return route;
    }

    @Override
    ReceivedDatagram toDatagram(byte[] data, InetAddress source, List<Msg.Cmsg> control, long receivedNanos) {
        InetAddress destination = null;
        int hopLimit = -1;
        int arrivedOn = ifIndex;
        for (Msg.Cmsg c : control) {
            if (c.level() != Constants.IPPROTO_IPV6) {
                continue;
            }
            if (c.type() == Constants.IPV6_HOPLIMIT && c.data().byteSize() >= 4) {
                hopLimit = c.data().get(JAVA_INT, 0);
            } else if (c.type() == Constants.IPV6_PKTINFO
                    && c.data().byteSize() >= Layouts.size(Layouts.IN6_PKTINFO)) {
                arrivedOn = c.data().get(JAVA_INT, PKTINFO_IFINDEX);
                destination = SocketAddresses.fromBytes(c.data().asSlice(PKTINFO_ADDR, 16).toArray(JAVA_BYTE));
            }
        }
        return new ReceivedDatagram(data, source, destination, hopLimit, arrivedOn, receivedNanos);
    }
}
