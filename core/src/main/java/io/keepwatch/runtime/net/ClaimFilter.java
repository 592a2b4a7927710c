package io.keepwatch.runtime.net;

import io.keepwatch.linux.SocketFilter;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The classic BPF program of a {@link NeighbourWatch}: of the frames arriving on an interface, only
 * ARP whose sender or target address is one of the given addresses, and IPv6 neighbour
 * solicitations and advertisements whose target is one of them, reach user space; frames the
 * host sends itself never do. With more addresses than the program's 8-bit jumps can span, every
 * ARP message and every solicitation and advertisement pass, and the reader sorts them.
 */
final class ClaimFilter {

    // struct sock_filter opcodes (linux/bpf_common.h)
    private static final int LD_W_ABS = 0x20;
    private static final int LD_H_ABS = 0x28;
    private static final int LD_B_ABS = 0x30;
    private static final int JEQ_K = 0x15;
    private static final int RET_K = 0x06;
    /** SKF_AD_OFF + SKF_AD_PKTTYPE: the ancillary load of the packet type. */
    private static final int PKTTYPE = 0xFFFF_F000 + 4;
    private static final int PACKET_OUTGOING = 4;
    private static final int ACCEPT_BYTES = 0xFFFF;

    private static final int ETHERTYPE = 12;
    private static final int ARP_SENDER_IP = 14 + 14;
    private static final int ARP_TARGET_IP = 14 + 24;
    private static final int IPV6_NEXT_HEADER = 14 + 6;
    private static final int ICMPV6_TYPE = 14 + 40;
    private static final int ND_TARGET = 14 + 40 + 8;

    private ClaimFilter() {
    }

    /** The program for {@code addresses}. */
    static SocketFilter of(Collection<InetAddress> addresses) {
        SocketFilter precise = build(addresses, true);
        return precise != null ? precise : build(addresses, false);
    }

    /** null when a jump does not fit in 8 bits. */
    private static SocketFilter build(Collection<InetAddress> addresses, boolean byAddress) {
        List<Integer> v4 = new ArrayList<>();
        List<byte[]> v6 = new ArrayList<>();
        for (InetAddress a : addresses) {
            switch (a) {
                case Inet4Address four -> v4.add(ByteBuffer.wrap(four.getAddress()).getInt());
                case Inet6Address six -> v6.add(six.getAddress());
                default -> { }
            }
        }
        Program p = new Program();
        p.load(LD_W_ABS, PKTTYPE);
        p.jump(PACKET_OUTGOING, "drop", null);
        p.load(LD_H_ABS, ETHERTYPE);
        p.jump(EtherType.ARP, null, "ipv6");
        if (!v4.isEmpty()) {
            if (byAddress) {
                for (int at : new int[] {ARP_SENDER_IP, ARP_TARGET_IP}) {
                    p.load(LD_W_ABS, at);
                    v4.forEach(address -> p.jump(address, "accept", null));
                }
                p.ret(0);
            } else {
                p.ret(ACCEPT_BYTES);
            }
        } else {
            p.ret(0);
        }
        p.label("ipv6");
        if (v6.isEmpty()) {
            p.ret(0);
        } else {
            p.jump(EtherType.IPV6, null, "drop");
            p.load(LD_B_ABS, IPV6_NEXT_HEADER);
            p.jump(58, null, "drop");
            p.load(LD_B_ABS, ICMPV6_TYPE);
            p.jump(136, "nd", null);
            p.jump(135, null, "drop");
            p.label("nd");
            if (byAddress) {
                for (int i = 0; i < v6.size(); i++) {
                    ByteBuffer target = ByteBuffer.wrap(v6.get(i));
                    String next = "v6-" + (i + 1);
                    for (int w = 0; w < 4; w++) {
                        p.load(LD_W_ABS, ND_TARGET + 4 * w);
                        p.jump(target.getInt(4 * w), w == 3 ? "accept" : null, next);
                    }
                    p.label(next);
                }
                p.ret(0);
            } else {
                p.ret(ACCEPT_BYTES);
            }
        }
        p.label("accept");
        p.ret(ACCEPT_BYTES);
        p.label("drop");
        p.ret(0);
        return p.assemble();
    }

    private static final class EtherType {
        static final int ARP = 0x0806;
        static final int IPV6 = 0x86DD;
    }

    /** Instructions with symbolic jump targets (null: the next instruction). */
    private static final class Program {
        private record Line(int code, int k, String jt, String jf) {}

        private final List<Line> lines = new ArrayList<>();
        private final Map<String, Integer> labels = new HashMap<>();

        void load(int code, int offset) {
            lines.add(new Line(code, offset, null, null));
        }

        void jump(int value, String whenEqual, String otherwise) {
            lines.add(new Line(JEQ_K, value, whenEqual, otherwise));
        }

        void ret(int bytes) {
            lines.add(new Line(RET_K, bytes, null, null));
        }

        void label(String name) {
            labels.put(name, lines.size());
        }

        SocketFilter assemble() {
            List<SocketFilter.Instruction> out = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                Line l = lines.get(i);
                int jt = offset(i, l.jt());
                int jf = offset(i, l.jf());
                if (jt > 0xFF || jf > 0xFF || lines.size() > SocketFilter.MAX_INSTRUCTIONS) {
                    return null;
                }
                out.add(new SocketFilter.Instruction(l.code(), jt, jf, l.k()));
            }
            return new SocketFilter(out);
        }

        private int offset(int from, String label) {
            return label == null ? 0 : labels.get(label) - from - 1;
        }
    }
}
