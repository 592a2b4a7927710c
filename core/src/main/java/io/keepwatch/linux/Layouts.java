package io.keepwatch.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.StructLayout;

/**
 * C struct layouts of the Linux LP64 ABI (x86_64 and aarch64 agree on all of them). Each size is
 * checked when the class initialises, so a wrong layout fails at start-up instead of corrupting
 * memory. Network-byte-order fields (ports, addresses) are declared as raw bytes or shorts and
 * converted by the code that fills them.
 */
public final class Layouts {
    private Layouts() {}

    /** struct sockaddr_in: family, port (big-endian), 4-byte address, 8 bytes of zero. */
    public static final StructLayout SOCKADDR_IN = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin_family"),
            JAVA_SHORT.withName("sin_port"),
            MemoryLayout.sequenceLayout(4, JAVA_BYTE).withName("sin_addr"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sin_zero"));

    /** struct sockaddr_in6. */
    public static final StructLayout SOCKADDR_IN6 = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin6_family"),
            JAVA_SHORT.withName("sin6_port"),
            JAVA_INT.withName("sin6_flowinfo"),
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("sin6_addr"),
            JAVA_INT.withName("sin6_scope_id"));

    /** struct sockaddr_ll (AF_PACKET). */
    public static final StructLayout SOCKADDR_LL = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sll_family"),
            JAVA_SHORT.withName("sll_protocol"),
            JAVA_INT.withName("sll_ifindex"),
            JAVA_SHORT.withName("sll_hatype"),
            JAVA_BYTE.withName("sll_pkttype"),
            JAVA_BYTE.withName("sll_halen"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sll_addr"));

    /** struct sockaddr_nl (AF_NETLINK). */
    public static final StructLayout SOCKADDR_NL = MemoryLayout.structLayout(
            JAVA_SHORT.withName("nl_family"),
            JAVA_SHORT.withName("nl_pad"),
            JAVA_INT.withName("nl_pid"),
            JAVA_INT.withName("nl_groups"));

    /** struct ip_mreqn: group, local address, interface index. */
    public static final StructLayout IP_MREQN = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(4, JAVA_BYTE).withName("imr_multiaddr"),
            MemoryLayout.sequenceLayout(4, JAVA_BYTE).withName("imr_address"),
            JAVA_INT.withName("imr_ifindex"));

    /** struct ipv6_mreq: group, interface index. */
    public static final StructLayout IPV6_MREQ = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("ipv6mr_multiaddr"),
            JAVA_INT.withName("ipv6mr_interface"));

    /** struct iovec. */
    public static final StructLayout IOVEC = MemoryLayout.structLayout(
            ADDRESS.withName("iov_base"),
            JAVA_LONG.withName("iov_len"));

    /** struct msghdr. */
    public static final StructLayout MSGHDR = MemoryLayout.structLayout(
            ADDRESS.withName("msg_name"),
            JAVA_INT.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("msg_iov"),
            JAVA_LONG.withName("msg_iovlen"),
            ADDRESS.withName("msg_control"),
            JAVA_LONG.withName("msg_controllen"),
            JAVA_INT.withName("msg_flags"),
            MemoryLayout.paddingLayout(4));

    /** struct cmsghdr (header only; data follows, aligned to 8 bytes). */
    public static final StructLayout CMSGHDR = MemoryLayout.structLayout(
            JAVA_LONG.withName("cmsg_len"),
            JAVA_INT.withName("cmsg_level"),
            JAVA_INT.withName("cmsg_type"));

    /** struct in_pktinfo (IP_PKTINFO). */
    public static final StructLayout IN_PKTINFO = MemoryLayout.structLayout(
            JAVA_INT.withName("ipi_ifindex"),
            MemoryLayout.sequenceLayout(4, JAVA_BYTE).withName("ipi_spec_dst"),
            MemoryLayout.sequenceLayout(4, JAVA_BYTE).withName("ipi_addr"));

    /** struct in6_pktinfo (IPV6_PKTINFO). */
    public static final StructLayout IN6_PKTINFO = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("ipi6_addr"),
            JAVA_INT.withName("ipi6_ifindex"));

    /** struct pollfd. */
    public static final StructLayout POLLFD = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"),
            JAVA_SHORT.withName("events"),
            JAVA_SHORT.withName("revents"));

    /** struct ifreq as used by SIOCGIFHWADDR: 16-byte name, then a struct sockaddr in a 24-byte union. */
    public static final StructLayout IFREQ = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("ifr_name"),
            JAVA_SHORT.withName("sa_family"),
            MemoryLayout.sequenceLayout(14, JAVA_BYTE).withName("sa_data"),
            MemoryLayout.paddingLayout(8));

    /** struct nlmsghdr. */
    public static final StructLayout NLMSGHDR = MemoryLayout.structLayout(
            JAVA_INT.withName("nlmsg_len"),
            JAVA_SHORT.withName("nlmsg_type"),
            JAVA_SHORT.withName("nlmsg_flags"),
            JAVA_INT.withName("nlmsg_seq"),
            JAVA_INT.withName("nlmsg_pid"));

    /** struct nlmsgerr: the error code, then the header of the request it answers. */
    public static final StructLayout NLMSGERR = MemoryLayout.structLayout(
            JAVA_INT.withName("error"),
            NLMSGHDR.withName("msg"));

    /** struct ifaddrmsg. */
    public static final StructLayout IFADDRMSG = MemoryLayout.structLayout(
            JAVA_BYTE.withName("ifa_family"),
            JAVA_BYTE.withName("ifa_prefixlen"),
            JAVA_BYTE.withName("ifa_flags"),
            JAVA_BYTE.withName("ifa_scope"),
            JAVA_INT.withName("ifa_index"));

    /** struct ifinfomsg. */
    public static final StructLayout IFINFOMSG = MemoryLayout.structLayout(
            JAVA_BYTE.withName("ifi_family"),
            JAVA_BYTE.withName("ifi_pad"),
            JAVA_SHORT.withName("ifi_type"),
            JAVA_INT.withName("ifi_index"),
            JAVA_INT.withName("ifi_flags"),
            JAVA_INT.withName("ifi_change"));

    /** struct rtattr: length (header included), type. */
    public static final StructLayout RTATTR = MemoryLayout.structLayout(
            JAVA_SHORT.withName("rta_len"),
            JAVA_SHORT.withName("rta_type"));

    static {
        check(SOCKADDR_IN, 16);
        check(SOCKADDR_IN6, 28);
        check(SOCKADDR_LL, 20);
        check(SOCKADDR_NL, 12);
        check(IP_MREQN, 12);
        check(IPV6_MREQ, 20);
        check(IOVEC, 16);
        check(MSGHDR, 56);
        check(CMSGHDR, 16);
        check(IN_PKTINFO, 12);
        check(IN6_PKTINFO, 20);
        check(POLLFD, 8);
        check(IFREQ, 40);
        check(NLMSGHDR, 16);
        check(NLMSGERR, 20);
        check(IFADDRMSG, 8);
        check(IFINFOMSG, 16);
        check(RTATTR, 4);
    }

    private static void check(StructLayout layout, long expected) {
        if (layout.byteSize() != expected) {
            throw new ExceptionInInitializerError("struct layout " + layout + " is " + layout.byteSize()
                    + " bytes, the Linux LP64 ABI says " + expected);
        }
    }

    /** Byte offset of a named field, as an int for buffer arithmetic. */
    public static int offset(StructLayout layout, String... path) {
        PathElement[] elements = new PathElement[path.length];
        for (int i = 0; i < path.length; i++) {
            elements[i] = PathElement.groupElement(path[i]);
        }
        return (int) layout.byteOffset(elements);
    }

    /** Size of a struct, as an int for buffer arithmetic. */
    public static int size(StructLayout layout) {
        return (int) layout.byteSize();
    }
}
