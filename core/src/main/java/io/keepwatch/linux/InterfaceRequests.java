package io.keepwatch.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * The interface ioctls keepalived makes on any socket (struct ifreq by name): the MTU
 * (SIOCGIFMTU) and the flags (SIOCGIFFLAGS, whose IFF_RUNNING is the carrier keepalived's linkbeat
 * polls).
 */
final class InterfaceRequests {
    static final long SIOCGIFFLAGS = 0x8913;
    static final long SIOCGIFMTU = 0x8921;
    /** ifr_flags and ifr_mtu: the union after the 16-byte name. */
    private static final long IFR_DATA = 16;

    private InterfaceRequests() {
    }

    /** The MTU of {@code interfaceName}, asked on {@code fd}. */
    static int mtu(int fd, String interfaceName) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ifreq = ifreq(arena, interfaceName);
            Libc.ioctl(fd, SIOCGIFMTU, ifreq, "cannot read the MTU of " + interfaceName);
            return ifreq.get(JAVA_INT, IFR_DATA);
        }
    }

    /** The IFF_* flags of {@code interfaceName} (the low 16 bits, as ifr_flags holds them), asked on {@code fd}. */
    static int flags(int fd, String interfaceName) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ifreq = ifreq(arena, interfaceName);
            Libc.ioctl(fd, SIOCGIFFLAGS, ifreq, "cannot read the flags of " + interfaceName);
            return Short.toUnsignedInt(ifreq.get(JAVA_SHORT, IFR_DATA));
        }
    }

    private static MemorySegment ifreq(Arena arena, String interfaceName) {
        MemorySegment ifreq = arena.allocate(Layouts.IFREQ);
        byte[] name = interfaceName.getBytes(StandardCharsets.US_ASCII);
        MemorySegment.copy(name, 0, ifreq, JAVA_BYTE, 0, Math.min(name.length, 15));
        return ifreq;
    }
}
