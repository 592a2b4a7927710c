package io.keepwatch.vrrp.codec;

import java.net.Inet4Address;
import java.nio.ByteBuffer;

/** An ARP request for Ethernet and IPv4 in its Ethernet frame (RFC 826). 42 octets, unpadded: the kernel pads. */
final class ArpFrame {
    static final int LENGTH = 42;
    static final int ETHERTYPE_ARP = 0x0806;
    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int HARDWARE_ETHERNET = 1;
    static final int OPERATION_REQUEST = 1;
    static final int OPERATION_REPLY = 2;

    private ArpFrame() {
    }

    /** Writes the request at the buffer's position and advances it. */
    static int write(MacAddress destination, MacAddress sender, Inet4Address senderIp, MacAddress targetMac,
                     Inet4Address targetIp, ByteBuffer out) {
        if (out.remaining() < LENGTH) {
            throw new IllegalArgumentException("output buffer has " + out.remaining() + " octets left, an ARP frame needs "
                    + LENGTH);
        }
        int f = out.position();
        destination.writeTo(out, f);
        sender.writeTo(out, f + 6);
        VrrpEncoder.putShort(out, f + 12, ETHERTYPE_ARP);
        int a = f + 14;
        VrrpEncoder.putShort(out, a, HARDWARE_ETHERNET);
        VrrpEncoder.putShort(out, a + 2, ETHERTYPE_IPV4);
        out.put(a + 4, (byte) MacAddress.LENGTH);
        out.put(a + 5, (byte) 4);
        VrrpEncoder.putShort(out, a + 6, OPERATION_REQUEST);
        sender.writeTo(out, a + 8);
        out.put(a + 14, senderIp.getAddress());
        targetMac.writeTo(out, a + 18);
        out.put(a + 24, targetIp.getAddress());
        out.position(f + LENGTH);
        return LENGTH;
    }
}
