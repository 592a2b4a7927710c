package io.keepwatch.linux;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pure encoding and decoding of rtnetlink messages (RFC 3549 framing; layouts in {@link Layouts}).
 * Netlink is in host byte order; every field and attribute is aligned to 4 bytes (NLMSG_ALIGN,
 * RTA_ALIGN). Decoding never reads past a message: truncated parts are skipped, not trusted.
 */
final class NetlinkCodec {
    static final int HEADER = Layouts.size(Layouts.NLMSGHDR);
    static final int IFADDRMSG = Layouts.size(Layouts.IFADDRMSG);
    static final int IFINFOMSG = Layouts.size(Layouts.IFINFOMSG);
    static final int RTATTR = Layouts.size(Layouts.RTATTR);
    /** NLM_F_DUMP_INTR: the dump changed while it was read and must be repeated. */
    static final int NLM_F_DUMP_INTR = 0x10;
    private static final int IFA_CACHEINFO = 6;

    private static final int NLMSGERR_ERROR = Layouts.offset(Layouts.NLMSGERR, "error");
    private static final int IFA_FAMILY = Layouts.offset(Layouts.IFADDRMSG, "ifa_family");
    private static final int IFA_PREFIXLEN = Layouts.offset(Layouts.IFADDRMSG, "ifa_prefixlen");
    private static final int IFA_FLAGS_FIELD = Layouts.offset(Layouts.IFADDRMSG, "ifa_flags");
    private static final int IFA_SCOPE = Layouts.offset(Layouts.IFADDRMSG, "ifa_scope");
    private static final int IFA_INDEX = Layouts.offset(Layouts.IFADDRMSG, "ifa_index");
    private static final int IFI_INDEX = Layouts.offset(Layouts.IFINFOMSG, "ifi_index");
    private static final int IFI_FLAGS = Layouts.offset(Layouts.IFINFOMSG, "ifi_flags");
    private static final int IFI_CHANGE = Layouts.offset(Layouts.IFINFOMSG, "ifi_change");

    /** One netlink message: header fields and its payload (after the nlmsghdr), native order. */
    record Message(int type, int flags, int seq, int pid, ByteBuffer payload) {}

    private NetlinkCodec() {}

    static int align(int length) {
        return (length + 3) & ~3;
    }

    private static ByteBuffer allocate(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
    }

    /** A dump request: RTM_GETLINK (ifinfomsg) or RTM_GETADDR (ifaddrmsg) for {@code family}. */
    static byte[] dumpRequest(int type, int family, int seq) {
        int body = type == Constants.RTM_GETLINK ? IFINFOMSG : IFADDRMSG;
        ByteBuffer b = allocate(HEADER + body);
        header(b, HEADER + body, type, Constants.NLM_F_REQUEST | Constants.NLM_F_DUMP, seq);
        b.put(HEADER, (byte) family);
        return b.array();
    }

    /** RTM_NEWADDR or RTM_DELADDR for {@code spec} on {@code ifIndex}, always asking for an ACK. */
    static byte[] addressRequest(int type, int flags, int seq, int ifIndex, AddressSpec spec) {
        return addressRequest(type, flags, seq, ifIndex, spec, AddressSpec.FOREVER);
    }

    /**
     * As {@link #addressRequest(int, int, int, int, AddressSpec)}, with a valid lifetime in seconds
     * ({@link AddressSpec#FOREVER} for none): the kernel deletes the address when it runs out. The
     * preferred lifetime is the spec's, at most the valid one (the kernel refuses more).
     */
    static byte[] addressRequest(int type, int flags, int seq, int ifIndex, AddressSpec spec, long validLifetime) {
        byte[] address = spec.address().getAddress();
        int ifaFlags = (spec.noDad() ? Constants.IFA_F_NODAD : 0) | spec.flags();
        List<byte[]> attributes = new ArrayList<>();
        attributes.add(attribute(Constants.IFA_LOCAL, address));
        // a point-to-point address: IFA_ADDRESS is the peer, in a deletion too, which the kernel
        // matches against the address's own peer and prefix (ip-address sends the same)
        attributes.add(attribute(Constants.IFA_ADDRESS, spec.peer() != null ? spec.peer().getAddress() : address));
        if (spec.broadcast() != null) {
            attributes.add(attribute(Constants.IFA_BROADCAST, spec.broadcast().getAddress()));
        }
        if (spec.label() != null) {
            byte[] label = spec.label().getBytes(StandardCharsets.US_ASCII);
            byte[] terminated = new byte[label.length + 1];
            System.arraycopy(label, 0, terminated, 0, label.length);
            attributes.add(attribute(Constants.IFA_LABEL, terminated));
        }
        if (type == Constants.RTM_NEWADDR && (spec.preferredLifetime() != AddressSpec.FOREVER
                || validLifetime != AddressSpec.FOREVER)) {
            // struct ifa_cacheinfo: preferred and valid lifetimes (then two stamps the kernel fills)
            attributes.add(attribute(IFA_CACHEINFO, allocate(16)
                    .putInt(0, (int) Math.min(spec.preferredLifetime(), validLifetime))
                    .putInt(4, (int) validLifetime).array()));
        }
        if (type == Constants.RTM_NEWADDR) {
            // The 8-bit ifa_flags cannot hold every flag; IFA_FLAGS carries all 32 bits.
            attributes.add(attribute(Constants.IFA_FLAGS, allocate(4).putInt(0, ifaFlags).array()));
        }
        int length = HEADER + IFADDRMSG;
        for (byte[] a : attributes) {
            length += align(a.length);
        }
        ByteBuffer b = allocate(length);
        header(b, length, type, Constants.NLM_F_REQUEST | Constants.NLM_F_ACK | flags, seq);
        b.put(HEADER + IFA_FAMILY, (byte) spec.family());
        b.put(HEADER + IFA_PREFIXLEN, (byte) spec.prefixLength());
        b.put(HEADER + IFA_FLAGS_FIELD, (byte) ifaFlags);
        b.put(HEADER + IFA_SCOPE, (byte) spec.scope());
        b.putInt(HEADER + IFA_INDEX, ifIndex);
        int at = HEADER + IFADDRMSG;
        for (byte[] a : attributes) {
            b.put(at, a);
            at += align(a.length);
        }
        return b.array();
    }

    private static void header(ByteBuffer b, int length, int type, int flags, int seq) {
        b.putInt(0, length);
        b.putShort(4, (short) type);
        b.putShort(6, (short) flags);
        b.putInt(8, seq);
        b.putInt(12, 0);
    }

    private static byte[] attribute(int type, byte[] value) {
        ByteBuffer b = allocate(RTATTR + value.length);
        b.putShort(0, (short) (RTATTR + value.length));
        b.putShort(2, (short) type);
        b.put(RTATTR, value);
        return b.array();
    }

    /**
     * An RTM_NEWLINK or RTM_DELLINK request for link {@code ifIndex} (0: a new link), with ifinfomsg's
     * flags and change mask and the given attributes, always asking for an ACK.
     */
    static byte[] linkRequest(int type, int flags, int seq, int ifIndex, int ifiFlags, int ifiChange,
                              List<byte[]> attributes) {
        int length = HEADER + IFINFOMSG;
        for (byte[] a : attributes) {
            length += align(a.length);
        }
        ByteBuffer b = allocate(length);
        header(b, length, type, Constants.NLM_F_REQUEST | Constants.NLM_F_ACK | flags, seq);
        b.put(HEADER, (byte) Constants.AF_UNSPEC);
        b.putInt(HEADER + IFI_INDEX, ifIndex);
        b.putInt(HEADER + IFI_FLAGS, ifiFlags);
        b.putInt(HEADER + IFI_CHANGE, ifiChange);
        int at = HEADER + IFINFOMSG;
        for (byte[] a : attributes) {
            b.put(at, a);
            at += align(a.length);
        }
        return b.array();
    }

    /**
     * A new macvlan named {@code name} on link {@code parentIndex}, with MAC {@code mac} and mode
     * {@code mode} (NLM_F_CREATE | NLM_F_EXCL: an existing link of that name is an error), as
     * {@code ip link add link PARENT name NAME address MAC type macvlan mode MODE}.
     */
    static byte[] newMacvlan(int seq, String name, int parentIndex, byte[] mac, int mode) {
        return linkRequest(Constants.RTM_NEWLINK, Constants.NLM_F_CREATE | Constants.NLM_F_EXCL, seq, 0, 0, 0,
                List.of(macvlanInfo(mode), u32(Constants.IFLA_LINK, parentIndex),
                        string(Constants.IFLA_IFNAME, name), attribute(Constants.IFLA_ADDRESS, mac)));
    }

    /** Sets the MAC and macvlan mode of the existing macvlan {@code ifIndex}. */
    static byte[] updateMacvlan(int seq, int ifIndex, byte[] mac, int mode) {
        return linkRequest(Constants.RTM_NEWLINK, 0, seq, ifIndex, 0, 0,
                List.of(macvlanInfo(mode), attribute(Constants.IFLA_ADDRESS, mac)));
    }

    private static byte[] macvlanInfo(int mode) {
        return nested(Constants.IFLA_LINKINFO, List.of(string(Constants.IFLA_INFO_KIND, "macvlan"),
                nested(Constants.IFLA_INFO_DATA, List.of(u32(Constants.IFLA_MACVLAN_MODE, mode)))));
    }

    /**
     * A new ipvlan named {@code name} on link {@code parentIndex}, mode L2 with {@code flags}
     * (IPVLAN_F_*; 0 is bridge), up at once, as keepalived makes it
     * ({@code ip link add link PARENT name NAME up type ipvlan mode l2 FLAGS}).
     */
    static byte[] newIpvlan(int seq, String name, int parentIndex, int flags) {
        return linkRequest(Constants.RTM_NEWLINK, Constants.NLM_F_CREATE | Constants.NLM_F_EXCL, seq, 0,
                Constants.IFF_UP, Constants.IFF_UP, List.of(u32(Constants.IFLA_LINK, parentIndex),
                        string(Constants.IFLA_IFNAME, name),
                        nested(Constants.IFLA_LINKINFO, List.of(string(Constants.IFLA_INFO_KIND, "ipvlan"),
                                nested(Constants.IFLA_INFO_DATA, List.of(u16(Constants.IFLA_IPVLAN_MODE,
                                        Constants.IPVLAN_MODE_L2), u16(Constants.IFLA_IPVLAN_FLAGS, flags)))))));
    }

    /** Deletes link {@code ifIndex}. */
    static byte[] deleteLink(int seq, int ifIndex) {
        return linkRequest(Constants.RTM_DELLINK, 0, seq, ifIndex, 0, 0, List.of());
    }

    /** Sets link {@code ifIndex} administratively up (IFF_UP in flags and change mask). */
    static byte[] linkUp(int seq, int ifIndex) {
        return linkRequest(Constants.RTM_NEWLINK, 0, seq, ifIndex, Constants.IFF_UP, Constants.IFF_UP, List.of());
    }

    /** Sets IPv4 settings of link {@code ifIndex}: IPV4_DEVCONF_* number to value (net.ipv4.conf.IF.*). */
    static byte[] inetConf(int seq, int ifIndex, Map<Integer, Integer> settings) {
        List<byte[]> values = new ArrayList<>();
        settings.forEach((devconf, value) -> values.add(u32(devconf, value)));
        return linkRequest(Constants.RTM_NEWLINK, 0, seq, ifIndex, 0, 0, List.of(nested(Constants.IFLA_AF_SPEC,
                List.of(nested(Constants.AF_INET, List.of(nested(Constants.IFLA_INET_CONF, values)))))));
    }

    /** Sets link {@code ifIndex}'s IPv6 address generation mode (IN6_ADDR_GEN_MODE_*). */
    static byte[] addrGenMode(int seq, int ifIndex, int mode) {
        return linkRequest(Constants.RTM_NEWLINK, 0, seq, ifIndex, 0, 0, List.of(nested(Constants.IFLA_AF_SPEC,
                List.of(nested(Constants.AF_INET6, List.of(attribute(Constants.IFLA_INET6_ADDR_GEN_MODE,
                        new byte[] {(byte) mode})))))));
    }

    private static byte[] u16(int type, int value) {
        return attribute(type, allocate(2).putShort(0, (short) value).array());
    }

    private static byte[] u32(int type, int value) {
        return attribute(type, allocate(4).putInt(0, value).array());
    }

    /** A NUL-terminated string attribute, as iproute2 sends names. */
    private static byte[] string(int type, String value) {
        byte[] raw = value.getBytes(StandardCharsets.US_ASCII);
        byte[] terminated = new byte[raw.length + 1];
        System.arraycopy(raw, 0, terminated, 0, raw.length);
        return attribute(type, terminated);
    }

    /** An attribute holding other attributes, each aligned (NLA_F_NESTED is left out, as iproute2 does). */
    private static byte[] nested(int type, List<byte[]> inner) {
        int length = 0;
        for (byte[] a : inner) {
            length += align(a.length);
        }
        byte[] value = new byte[length];
        int at = 0;
        for (byte[] a : inner) {
            System.arraycopy(a, 0, value, at, a.length);
            at += align(a.length);
        }
        return attribute(type, value);
    }

    /** Splits one received datagram into its messages; stops at the first malformed length. */
    static List<Message> split(ByteBuffer datagram) {
        ByteBuffer d = datagram.duplicate().order(ByteOrder.nativeOrder());
        List<Message> messages = new ArrayList<>();
        int at = 0;
        int end = d.limit();
        while (at + HEADER <= end) {
            int length = d.getInt(at);
            if (length < HEADER || length > end - at) { // not at + length: a huge length would wrap
                break;
            }
            ByteBuffer payload = d.slice(at + HEADER, length - HEADER).order(ByteOrder.nativeOrder());
            messages.add(new Message(d.getShort(at + 4) & 0xFFFF, d.getShort(at + 6) & 0xFFFF, d.getInt(at + 8),
                    d.getInt(at + 12), payload));
            at += align(length);
        }
        return messages;
    }

    /** The (negative) error of an NLMSG_ERROR or NLMSG_DONE payload; 0 for an ACK or a short payload. */
    static int error(Message message) {
        return message.payload().remaining() >= 4 ? message.payload().getInt(NLMSGERR_ERROR) : 0;
    }

    /** The attributes after a fixed header of {@code offset} bytes: type -> value (last one wins). */
    static Map<Integer, ByteBuffer> attributes(ByteBuffer payload, int offset) {
        Map<Integer, ByteBuffer> result = new HashMap<>();
        int at = align(offset);
        int end = payload.limit();
        while (at + RTATTR <= end) {
            int length = payload.getShort(at) & 0xFFFF;
            if (length < RTATTR || at + length > end) {
                break;
            }
            int type = payload.getShort(at + 2) & 0x3FFF; // without NLA_F_NESTED / NLA_F_NET_BYTEORDER
            result.put(type, payload.slice(at + RTATTR, length - RTATTR).order(ByteOrder.nativeOrder()));
            at += align(length);
        }
        return result;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static String string(ByteBuffer b) {
        byte[] raw = bytes(b);
        int n = 0;
        while (n < raw.length && raw[n] != 0) {
            n++;
        }
        return new String(raw, 0, n, StandardCharsets.US_ASCII);
    }

    /** Decodes an RTM_NEWADDR/RTM_DELADDR payload; null when it is not an IPv4/IPv6 address. */
    static IfAddress parseAddress(ByteBuffer payload) {
        if (payload.limit() < IFADDRMSG) {
            return null;
        }
        int family = payload.get(IFA_FAMILY) & 0xFF;
        if (family != Constants.AF_INET && family != Constants.AF_INET6) {
            return null;
        }
        int prefix = payload.get(IFA_PREFIXLEN) & 0xFF;
        int flags = payload.get(IFA_FLAGS_FIELD) & 0xFF;
        int scope = payload.get(IFA_SCOPE) & 0xFF;
        int index = payload.getInt(IFA_INDEX);
        Map<Integer, ByteBuffer> attrs = attributes(payload, IFADDRMSG);
        ByteBuffer raw = attrs.containsKey(Constants.IFA_LOCAL) ? attrs.get(Constants.IFA_LOCAL)
                : attrs.get(Constants.IFA_ADDRESS);
        int expected = family == Constants.AF_INET ? 4 : 16;
        if (raw == null || raw.remaining() != expected) {
            return null;
        }
        InetAddress address = toAddress(bytes(raw), index);
        if (address == null) {
            return null;
        }
        if (attrs.containsKey(Constants.IFA_FLAGS) && attrs.get(Constants.IFA_FLAGS).remaining() >= 4) {
            flags = attrs.get(Constants.IFA_FLAGS).getInt(0);
        }
        String label = attrs.containsKey(Constants.IFA_LABEL) ? string(attrs.get(Constants.IFA_LABEL)) : null;
        InetAddress broadcast = null;
        ByteBuffer brd = attrs.get(Constants.IFA_BROADCAST);
        if (brd != null && brd.remaining() == 4) {
            broadcast = SocketAddresses.fromBytes(bytes(brd));
        }
        return new IfAddress(index, address, prefix, scope, flags, label, broadcast);
    }

    /**
     * The address of {@code raw}, or null for an IPv4-mapped IPv6 address (::ffff:a.b.c.d), which
     * the kernel lets be configured but which Java reads as IPv4: no instance of either family can
     * mean it.
     */
    private static InetAddress toAddress(byte[] raw, int ifIndex) {
        if (raw.length == 16 && !(SocketAddresses.fromBytes(raw) instanceof Inet6Address)) {
            return null;
        }
        if (raw.length == 16) {
            Inet6Address plain = SocketAddresses.inet6(raw, 0);
            return plain.isLinkLocalAddress() ? SocketAddresses.inet6(raw, ifIndex) : plain;
        }
        return SocketAddresses.fromBytes(raw);
    }

    /** struct ndmsg: family, padding, ifindex, state, flags, type. */
    static final int NDMSG = 12;

    /** An RTM_GETNEIGH dump request for {@code family} (AF_UNSPEC: both). */
    static byte[] neighbourDumpRequest(int family, int seq) {
        ByteBuffer b = allocate(HEADER + NDMSG);
        header(b, HEADER + NDMSG, Constants.RTM_GETNEIGH, Constants.NLM_F_REQUEST | Constants.NLM_F_DUMP, seq);
        b.put(HEADER, (byte) family);
        return b.array();
    }

    /**
     * Decodes an RTM_NEWNEIGH payload; null when it has no IPv4/IPv6 destination or no 6-byte
     * hardware address (an entry still being resolved, a tunnel's).
     */
    static Neighbour parseNeighbour(ByteBuffer payload) {
        if (payload.limit() < NDMSG) {
            return null;
        }
        int family = payload.get(0) & 0xFF;
        if (family != Constants.AF_INET && family != Constants.AF_INET6) {
            return null;
        }
        int index = payload.getInt(4);
        int state = payload.getShort(8) & 0xFFFF;
        Map<Integer, ByteBuffer> attrs = attributes(payload, NDMSG);
        ByteBuffer dst = attrs.get(Constants.NDA_DST);
        ByteBuffer lladdr = attrs.get(Constants.NDA_LLADDR);
        int expected = family == Constants.AF_INET ? 4 : 16;
        if (dst == null || dst.remaining() != expected || lladdr == null || lladdr.remaining() != 6) {
            return null;
        }
        InetAddress address = toAddress(bytes(dst), index);
        return address == null ? null : new Neighbour(index, address, new HardwareAddress(bytes(lladdr)), state);
    }

    /** Decodes an RTM_NEWLINK/RTM_DELLINK payload; null when too short. */
    static Link parseLink(ByteBuffer payload) {
        if (payload.limit() < IFINFOMSG) {
            return null;
        }
        int index = payload.getInt(IFI_INDEX);
        int flags = payload.getInt(IFI_FLAGS);
        Map<Integer, ByteBuffer> attrs = attributes(payload, IFINFOMSG);
        String name = attrs.containsKey(Constants.IFLA_IFNAME) ? string(attrs.get(Constants.IFLA_IFNAME)) : "";
        ByteBuffer mac = attrs.get(Constants.IFLA_ADDRESS);
        return new Link(index, name, flags, mac == null || mac.remaining() == 0 ? null : new HardwareAddress(bytes(mac)));
    }

    /** Decodes an RTM_NEWLINK payload with its kind, lower link and IPv4 settings; null when too short. */
    static LinkDetails parseLinkDetails(ByteBuffer payload) {
        Link link = parseLink(payload);
        if (link == null) {
            return null;
        }
        Map<Integer, ByteBuffer> attrs = attributes(payload, IFINFOMSG);
        ByteBuffer parent = attrs.get(Constants.IFLA_LINK);
        int parentIndex = parent != null && parent.remaining() >= 4 ? parent.getInt(0) : 0;
        String kind = null;
        int mode = 0;
        ByteBuffer info = attrs.get(Constants.IFLA_LINKINFO);
        if (info != null) {
            Map<Integer, ByteBuffer> infos = attributes(info, 0);
            if (infos.containsKey(Constants.IFLA_INFO_KIND)) {
                kind = string(infos.get(Constants.IFLA_INFO_KIND));
            }
            ByteBuffer data = infos.get(Constants.IFLA_INFO_DATA);
            if (data != null && "macvlan".equals(kind)) {
                ByteBuffer m = attributes(data, 0).get(Constants.IFLA_MACVLAN_MODE);
                mode = m != null && m.remaining() >= 4 ? m.getInt(0) : 0;
            }
        }
        Map<Integer, Integer> conf = new HashMap<>();
        ByteBuffer spec = attrs.get(Constants.IFLA_AF_SPEC);
        if (spec != null) {
            ByteBuffer inet = attributes(spec, 0).get(Constants.AF_INET);
            ByteBuffer values = inet == null ? null : attributes(inet, 0).get(Constants.IFLA_INET_CONF);
            // an array of u32, IPV4_DEVCONF_* n at index n - 1
            for (int i = 0; values != null && (i + 1) * 4 <= values.remaining(); i++) {
                conf.put(i + 1, values.getInt(i * 4));
            }
        }
        return new LinkDetails(link, parentIndex, Optional.ofNullable(kind), mode, conf);
    }
}
