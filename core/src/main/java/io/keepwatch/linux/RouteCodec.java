package io.keepwatch.linux;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Pure encoding and decoding of rtnetlink route and rule messages: struct rtmsg and struct
 * fib_rule_hdr (12 bytes each: family, dst_len, src_len, tos, table, then protocol/scope/type or
 * two reserved bytes and the action, then 32 bits of flags), followed by their attributes.
 */
final class RouteCodec {
    static final int RTM_NEWROUTE = 24;
    static final int RTM_DELROUTE = 25;
    static final int RTM_GETROUTE = 26;
    static final int RTM_NEWRULE = 32;
    static final int RTM_DELRULE = 33;
    static final int RTM_GETRULE = 34;
    /** struct rtmsg and struct fib_rule_hdr are both 12 bytes. */
    static final int BODY = 12;

    private static final int NLM_F_APPEND = 0x800;
    private static final int RT_TABLE_UNSPEC = 0;
    private static final int FIB_RULE_INVERT = 0x2;

    private static final int RTA_DST = 1;
    private static final int RTA_SRC = 2;
    private static final int RTA_OIF = 4;
    private static final int RTA_GATEWAY = 5;
    private static final int RTA_PRIORITY = 6;
    private static final int RTA_PREFSRC = 7;
    private static final int RTA_METRICS = 8;
    private static final int RTA_TABLE = 15;

    private static final int FRA_DST = 1;
    private static final int FRA_SRC = 2;
    private static final int FRA_IIFNAME = 3;
    private static final int FRA_GOTO = 4;
    private static final int FRA_PRIORITY = 6;
    private static final int FRA_FWMARK = 10;
    private static final int FRA_SUPPRESS_PREFIXLEN = 14;
    private static final int FRA_TABLE = 15;
    private static final int FRA_FWMASK = 16;
    private static final int FRA_OIFNAME = 17;
    private static final int FRA_L3MDEV = 19;
    private static final int FRA_UID_RANGE = 20;
    private static final int FRA_PROTOCOL = 21;
    private static final int FRA_IP_PROTO = 22;
    private static final int FRA_SPORT_RANGE = 23;
    private static final int FRA_DPORT_RANGE = 24;

    private RouteCodec() {}

    /**
     * RTM_NEWROUTE or RTM_DELROUTE for {@code route}, asking for an ACK. An addition prepends (as
     * ip-route and keepalived do by default) or, with {@code append}, appends; a deletion gives
     * scope RT_SCOPE_NOWHERE, which the kernel reads as "any scope".
     */
    static byte[] routeRequest(int type, boolean append, int seq, RouteSpec route) {
        Attributes a = new Attributes();
        if (route.table() > 255) {
            a.u32(RTA_TABLE, route.table());
        }
        if (route.destination() != null) {
            a.put(RTA_DST, route.destination().getAddress());
        }
        if (route.source() != null) {
            a.put(RTA_SRC, route.source().getAddress());
        }
        if (route.preferredSource() != null) {
            a.put(RTA_PREFSRC, route.preferredSource().getAddress());
        }
        if (route.gateway() != null) {
            a.put(RTA_GATEWAY, route.gateway().getAddress());
        }
        if (route.oif() != 0) {
            a.u32(RTA_OIF, route.oif());
        }
        if (route.metric() >= 0) {
            a.u32(RTA_PRIORITY, (int) route.metric());
        }
        if (!route.metrics().isEmpty() && type == RTM_NEWROUTE) {
            Attributes nested = new Attributes();
            route.metrics().forEach(nested::u32);
            a.put(RTA_METRICS, nested.bytes());
        }
        int flags = Constants.NLM_F_REQUEST | Constants.NLM_F_ACK;
        if (type == RTM_NEWROUTE) {
            flags |= Constants.NLM_F_CREATE | (append ? NLM_F_APPEND : 0);
        }
        ByteBuffer b = message(type, flags, seq, a);
        int at = NetlinkCodec.HEADER;
        b.put(at, (byte) route.family());
        b.put(at + 1, (byte) route.destinationLength());
        b.put(at + 2, (byte) route.sourceLength());
        b.put(at + 3, (byte) route.tos());
        b.put(at + 4, (byte) (route.table() > 255 ? RT_TABLE_UNSPEC : route.table()));
        b.put(at + 5, (byte) route.protocol());
        b.put(at + 6, (byte) (type == RTM_DELROUTE ? RouteSpec.RT_SCOPE_NOWHERE : route.scope()));
        b.put(at + 7, (byte) route.type());
        b.putInt(at + 8, route.flags());
        return b.array();
    }

    /** RTM_NEWRULE (NLM_F_EXCL, as keepalived adds them) or RTM_DELRULE for {@code rule}, asking for an ACK. */
    static byte[] ruleRequest(int type, int seq, RuleSpec rule) {
        Attributes a = new Attributes();
        if (rule.action() == RuleSpec.FR_ACT_TO_TBL && !rule.l3mdev() && rule.table() > 255) {
            a.u32(FRA_TABLE, rule.table());
        }
        if (rule.source() != null) {
            a.put(FRA_SRC, rule.source().getAddress());
        }
        if (rule.destination() != null) {
            a.put(FRA_DST, rule.destination().getAddress());
        }
        if (rule.priority() >= 0) {
            a.u32(FRA_PRIORITY, (int) rule.priority());
        }
        if (rule.fwmark() >= 0) {
            a.u32(FRA_FWMARK, (int) rule.fwmark());
        }
        if (rule.fwmask() >= 0) {
            a.u32(FRA_FWMASK, (int) rule.fwmask());
        }
        if (rule.suppressPrefixLength() >= 0) {
            a.u32(FRA_SUPPRESS_PREFIXLEN, rule.suppressPrefixLength());
        }
        if (rule.iifName() != null) {
            a.put(FRA_IIFNAME, cString(rule.iifName()));
        }
        if (rule.oifName() != null) {
            a.put(FRA_OIFNAME, cString(rule.oifName()));
        }
        if (rule.uidLow() >= 0) {
            a.put(FRA_UID_RANGE, allocate(8).putInt(0, (int) rule.uidLow()).putInt(4, (int) rule.uidHigh()).array());
        }
        if (rule.l3mdev()) {
            a.put(FRA_L3MDEV, new byte[] {1});
        }
        if (rule.protocol() >= 0) {
            a.put(FRA_PROTOCOL, new byte[] {(byte) rule.protocol()});
        }
        if (rule.ipProto() >= 0) {
            a.put(FRA_IP_PROTO, new byte[] {(byte) rule.ipProto()});
        }
        if (rule.sportLow() >= 0) {
            a.put(FRA_SPORT_RANGE, portRange(rule.sportLow(), rule.sportHigh()));
        }
        if (rule.dportLow() >= 0) {
            a.put(FRA_DPORT_RANGE, portRange(rule.dportLow(), rule.dportHigh()));
        }
        if (rule.action() == RuleSpec.FR_ACT_GOTO) {
            a.u32(FRA_GOTO, (int) rule.gotoTarget());
        }
        int flags = Constants.NLM_F_REQUEST | Constants.NLM_F_ACK
                | (type == RTM_NEWRULE ? Constants.NLM_F_CREATE | Constants.NLM_F_EXCL : 0);
        ByteBuffer b = message(type, flags, seq, a);
        int at = NetlinkCodec.HEADER;
        b.put(at, (byte) rule.family());
        b.put(at + 1, (byte) rule.destinationLength());
        b.put(at + 2, (byte) rule.sourceLength());
        b.put(at + 3, (byte) rule.tos());
        int table = 0;
        if (rule.action() == RuleSpec.FR_ACT_TO_TBL && !rule.l3mdev()) {
            table = rule.table() > 255 ? RT_TABLE_UNSPEC : rule.table();
        }
        b.put(at + 4, (byte) table);
        b.put(at + 7, (byte) rule.action());
        b.putInt(at + 8, rule.invert() ? FIB_RULE_INVERT : 0);
        return b.array();
    }

    /** A dump request for every route or rule (RTM_GETROUTE / RTM_GETRULE), all families. */
    static byte[] dumpRequest(int type, int seq) {
        ByteBuffer b = allocate(NetlinkCodec.HEADER + BODY);
        b.putInt(0, NetlinkCodec.HEADER + BODY);
        b.putShort(4, (short) type);
        b.putShort(6, (short) (Constants.NLM_F_REQUEST | Constants.NLM_F_DUMP));
        b.putInt(8, seq);
        return b.array();
    }

    /**
     * What route and rule messages share: a 12-byte header whose first byte is the family, IPv4 or
     * IPv6 (anything else is no route or rule of ours), and whose next two are the destination's and
     * source's prefix lengths, at most the family's; then attributes whose addresses have the
     * family's size.
     */
    private record Header(ByteBuffer payload, int family, int addressLength, Map<Integer, ByteBuffer> attrs) {
        int u8(int offset) {
            return payload.get(offset) & 0xFF;
        }

        InetAddress address(int attribute) {
            return RouteCodec.address(attrs.get(attribute), addressLength);
        }
    }

    /** Checks the header and decodes the rest; null when too short, of another family or malformed. */
    private static <T> T parse(ByteBuffer payload, Function<Header, T> decode) {
        if (payload.limit() < BODY) {
            return null;
        }
        int family = payload.get(0) & 0xFF;
        if (family != Constants.AF_INET && family != Constants.AF_INET6) {
            return null;
        }
        int addressLength = family == Constants.AF_INET ? 4 : 16;
        if ((payload.get(1) & 0xFF) > addressLength * 8 || (payload.get(2) & 0xFF) > addressLength * 8) {
            return null;
        }
        Header h = new Header(payload, family, addressLength, NetlinkCodec.attributes(payload, BODY));
        try {
            return decode.apply(h);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    /** Decodes an RTM_NEWROUTE/RTM_DELROUTE payload; null when it is not an IPv4/IPv6 route or is too short. */
    static RouteSpec parseRoute(ByteBuffer payload) {
        return parse(payload, RouteCodec::route);
    }

    private static RouteSpec route(Header h) {
        Map<Integer, ByteBuffer> attrs = h.attrs();
        int table = h.u8(4);
        if (attrs.containsKey(RTA_TABLE) && attrs.get(RTA_TABLE).remaining() >= 4) {
            table = attrs.get(RTA_TABLE).getInt(0);
        }
        Map<Integer, Integer> metrics = new TreeMap<>();
        ByteBuffer nested = attrs.get(RTA_METRICS);
        if (nested != null) {
            NetlinkCodec.attributes(nested, 0).forEach((k, v) -> {
                if (v.remaining() >= 4) {
                    metrics.put(k, v.getInt(0));
                }
            });
        }
        return new RouteSpec(h.family(), h.u8(7), table, h.u8(5), h.u8(6), h.u8(3), h.payload().getInt(8),
                h.address(RTA_DST), h.u8(1), h.address(RTA_SRC), h.u8(2), h.address(RTA_PREFSRC),
                h.address(RTA_GATEWAY), u32(attrs.get(RTA_OIF), 0), u32(attrs.get(RTA_PRIORITY), -1L), metrics);
    }

    /** Decodes an RTM_NEWRULE/RTM_DELRULE payload; null when it is not an IPv4/IPv6 rule or is too short. */
    static RuleSpec parseRule(ByteBuffer payload) {
        return parse(payload, RouteCodec::rule);
    }

    private static RuleSpec rule(Header h) {
        Map<Integer, ByteBuffer> attrs = h.attrs();
        int action = h.u8(7);
        boolean l3mdev = attrs.containsKey(FRA_L3MDEV) && attrs.get(FRA_L3MDEV).remaining() >= 1
                && attrs.get(FRA_L3MDEV).get(0) != 0;
        int table = h.u8(4);
        if (attrs.containsKey(FRA_TABLE) && attrs.get(FRA_TABLE).remaining() >= 4) {
            table = attrs.get(FRA_TABLE).getInt(0);
        }
        if (action != RuleSpec.FR_ACT_TO_TBL || l3mdev) {
            table = 0;
        }
        ByteBuffer uid = attrs.get(FRA_UID_RANGE);
        ByteBuffer sport = attrs.get(FRA_SPORT_RANGE);
        ByteBuffer dport = attrs.get(FRA_DPORT_RANGE);
        // The kernel reports its default UID range (0..UINT32_MAX) on every rule: that is no range.
        boolean uidSet = uid != null && uid.remaining() >= 8 && !(uid.getInt(0) == 0 && uid.getInt(4) == -1);
        return new RuleSpec(h.family(), action, table, u32(attrs.get(FRA_PRIORITY), -1L), h.u8(3),
                (h.payload().getInt(8) & FIB_RULE_INVERT) != 0, h.address(FRA_SRC), h.u8(2), h.address(FRA_DST),
                h.u8(1), u32(attrs.get(FRA_FWMARK), -1L), u32(attrs.get(FRA_FWMASK), -1L),
                string(attrs.get(FRA_IIFNAME)), string(attrs.get(FRA_OIFNAME)), u32(attrs.get(FRA_GOTO), -1L),
                l3mdev, u8(attrs.get(FRA_PROTOCOL)), u32(attrs.get(FRA_SUPPRESS_PREFIXLEN), -1),
                u8(attrs.get(FRA_IP_PROTO)),
                sport == null || sport.remaining() < 4 ? -1 : sport.getShort(0) & 0xFFFF,
                sport == null || sport.remaining() < 4 ? -1 : sport.getShort(2) & 0xFFFF,
                dport == null || dport.remaining() < 4 ? -1 : dport.getShort(0) & 0xFFFF,
                dport == null || dport.remaining() < 4 ? -1 : dport.getShort(2) & 0xFFFF,
                uidSet ? uid.getInt(0) & 0xFFFFFFFFL : -1, uidSet ? uid.getInt(4) & 0xFFFFFFFFL : -1);
    }

    private static ByteBuffer message(int type, int flags, int seq, Attributes attributes) {
        byte[] attrs = attributes.bytes();
        int length = NetlinkCodec.HEADER + BODY + attrs.length;
        ByteBuffer b = allocate(length);
        b.putInt(0, length);
        b.putShort(4, (short) type);
        b.putShort(6, (short) flags);
        b.putInt(8, seq);
        b.put(NetlinkCodec.HEADER + BODY, attrs);
        return b;
    }

    private static ByteBuffer allocate(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
    }

    private static byte[] cString(String s) {
        byte[] raw = s.getBytes(StandardCharsets.US_ASCII);
        byte[] terminated = new byte[raw.length + 1];
        System.arraycopy(raw, 0, terminated, 0, raw.length);
        return terminated;
    }

    /** struct fib_rule_port_range: two u16 in host order. */
    private static byte[] portRange(int low, int high) {
        return allocate(4).putShort(0, (short) low).putShort(2, (short) high).array();
    }

    private static InetAddress address(ByteBuffer b, int length) {
        if (b == null || b.remaining() != length) {
            return null;
        }
        byte[] raw = new byte[length];
        b.duplicate().get(raw);
        return SocketAddresses.fromBytes(raw);
    }

    private static long u32(ByteBuffer b, long absent) {
        return b == null || b.remaining() < 4 ? absent : b.getInt(0) & 0xFFFFFFFFL;
    }

    private static int u32(ByteBuffer b, int absent) {
        return b == null || b.remaining() < 4 ? absent : b.getInt(0);
    }

    private static int u8(ByteBuffer b) {
        return b == null || b.remaining() < 1 ? -1 : b.get(0) & 0xFF;
    }

    private static String string(ByteBuffer b) {
        if (b == null) {
            return null;
        }
        byte[] raw = new byte[b.remaining()];
        b.duplicate().get(raw);
        int n = 0;
        while (n < raw.length && raw[n] != 0) {
            n++;
        }
        return new String(raw, 0, n, StandardCharsets.US_ASCII);
    }

    /** Attributes in netlink's form: length, type, value, each padded to 4 bytes. */
    private static final class Attributes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void put(int type, byte[] value) {
            int length = Layouts.size(Layouts.RTATTR) + value.length;
            ByteBuffer b = allocate(NetlinkCodec.align(length));
            b.putShort(0, (short) length);
            b.putShort(2, (short) type);
            b.put(Layouts.size(Layouts.RTATTR), value);
            out.writeBytes(b.array());
        }

        void u32(int type, int value) {
            put(type, allocate(4).putInt(0, value).array());
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
