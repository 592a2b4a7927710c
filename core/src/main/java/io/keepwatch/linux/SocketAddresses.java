package io.keepwatch.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Encodes and decodes sockaddr_in / sockaddr_in6 in native memory. */
final class SocketAddresses {
    private static final int SIN_ADDR = Layouts.offset(Layouts.SOCKADDR_IN, "sin_addr");
    private static final int SIN6_ADDR = Layouts.offset(Layouts.SOCKADDR_IN6, "sin6_addr");
    private static final int SIN6_SCOPE = Layouts.offset(Layouts.SOCKADDR_IN6, "sin6_scope_id");

    private SocketAddresses() {}

    /** sockaddr_in with port 0 (raw sockets carry the protocol, not a port). */
    static MemorySegment inet4(Arena arena, Inet4Address address) {
        MemorySegment sa = arena.allocate(Layouts.SOCKADDR_IN);
        sa.set(JAVA_SHORT, 0, (short) Constants.AF_INET);
        MemorySegment.copy(address.getAddress(), 0, sa, JAVA_BYTE, SIN_ADDR, 4);
        return sa;
    }

    /** sockaddr_in6 with port 0 and the given scope (interface index for link-local scope, else 0). */
    static MemorySegment inet6(Arena arena, Inet6Address address, int scopeId) {
        MemorySegment sa = arena.allocate(Layouts.SOCKADDR_IN6);
        sa.set(JAVA_SHORT, 0, (short) Constants.AF_INET6);
        MemorySegment.copy(address.getAddress(), 0, sa, JAVA_BYTE, SIN6_ADDR, 16);
        sa.set(JAVA_INT, SIN6_SCOPE, scopeId);
        return sa;
    }

    /** Scope id to use for {@code address} on interface {@code ifIndex}: link-local needs one. */
    static int scopeFor(Inet6Address address, int ifIndex) {
        return address.isLinkLocalAddress() || address.isMCLinkLocal() ? ifIndex : 0;
    }

    /** Decodes a sockaddr_in or sockaddr_in6 written by the kernel; null when empty or unknown. */
    static InetAddress decode(MemorySegment sa, int length) {
        if (length < 2) {
            return null;
        }
        int family = sa.get(JAVA_SHORT, 0);
        try {
            if (family == Constants.AF_INET && length >= 8) {
                return InetAddress.getByAddress(sa.asSlice(SIN_ADDR, 4).toArray(JAVA_BYTE));
            }
            if (family == Constants.AF_INET6 && length >= 28) {
                return inet6(sa.asSlice(SIN6_ADDR, 16).toArray(JAVA_BYTE), sa.get(JAVA_INT, SIN6_SCOPE));
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException("kernel returned a malformed address", e);
        }
        return null;
    }

    /** An IPv6 address, carrying the scope id when it is non-zero (link-local addresses). */
    static Inet6Address inet6(byte[] bytes, int scopeId) {
        try {
            return scopeId != 0 ? Inet6Address.getByAddress(null, bytes, scopeId)
                    : (Inet6Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address: " + bytes.length + " bytes", e);
        }
    }

    /** An address from 4 or 16 bytes. */
    static InetAddress fromBytes(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + bytes.length + " bytes", e);
        }
    }
}
