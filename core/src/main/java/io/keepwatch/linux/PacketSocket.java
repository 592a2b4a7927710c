package io.keepwatch.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * An AF_PACKET/SOCK_RAW socket bound to one interface, for complete Ethernet frames: gratuitous
 * ARP (RFC 5798 section 6.4.2) and unsolicited neighbour advertisements, which need a link-layer
 * source we choose. It also reads the interface's MAC address (SIOCGIFHWADDR).
 *
 * <p>Threads and closing as for {@link VrrpSocket}: receive on platform threads; close from anywhere.
 */
public final class PacketSocket implements AutoCloseable {
    private static final int SLL_PROTOCOL = Layouts.offset(Layouts.SOCKADDR_LL, "sll_protocol");
    private static final int SLL_IFINDEX = Layouts.offset(Layouts.SOCKADDR_LL, "sll_ifindex");
    private static final int SLL_HALEN = Layouts.offset(Layouts.SOCKADDR_LL, "sll_halen");
    private static final int SLL_ADDR = Layouts.offset(Layouts.SOCKADDR_LL, "sll_addr");
    private static final int IFR_HWADDR_DATA = Layouts.offset(Layouts.IFREQ, "sa_data");

    private final FdGuard guard;
    private final String interfaceName;
    private final int ifIndex;

    private PacketSocket(FdGuard guard, String interfaceName, int ifIndex) {
        this.guard = guard;
        this.interfaceName = interfaceName;
        this.ifIndex = ifIndex;
    }

    /** A socket that only sends (it subscribes to no ethertype, so nothing queues up to be read). */
    public static PacketSocket openForSending(String interfaceName) throws IOException {
        return open(interfaceName, 0);
    }

    /**
     * A socket that sends, and receives frames of {@code etherType} arriving on the interface
     * ({@link Constants#ETH_P_ALL} for every frame).
     */
    public static PacketSocket open(String interfaceName, int etherType) throws IOException {
        int ifIndex = Libc.ifNameToIndex(interfaceName);
        short protocol = Short.reverseBytes((short) etherType); // htons
        int fd = Libc.socket(Constants.AF_PACKET, Constants.SOCK_RAW, protocol & 0xFFFF);
        FdGuard guard = new FdGuard(fd, "packet socket on " + interfaceName);
        try (Arena arena = Arena.ofConfined()) {
            Libc.bind(fd, linkAddress(arena, ifIndex, etherType, null), "cannot bind packet socket to " + interfaceName);
            return new PacketSocket(guard, interfaceName, ifIndex);
        } catch (NativeException e) {
            guard.close();
            throw e;
        }
    }

    /**
     * A socket that receives only the frames of {@code etherType} that {@code filter} accepts (and
     * sends). The filter is attached before the socket is bound to the ethertype, so that no frame
     * the filter would reject is queued in between.
     */
    public static PacketSocket openFiltered(String interfaceName, int etherType, SocketFilter filter) throws IOException {
        int ifIndex = Libc.ifNameToIndex(interfaceName);
        int fd = Libc.socket(Constants.AF_PACKET, Constants.SOCK_RAW, 0);
        FdGuard guard = new FdGuard(fd, "packet socket on " + interfaceName);
        try (Arena arena = Arena.ofConfined()) {
            attach(fd, filter, interfaceName);
            Libc.bind(fd, linkAddress(arena, ifIndex, etherType, null), "cannot bind packet socket to " + interfaceName);
            return new PacketSocket(guard, interfaceName, ifIndex);
        } catch (NativeException e) {
            guard.close();
            throw e;
        }
    }

    /** Replaces the socket's filter; frames queued already stay. */
    public void filter(SocketFilter filter) throws IOException {
        int fd = guard.acquire();
        try {
            attach(fd, filter, interfaceName);
        } finally {
            guard.release();
        }
    }

    /** SO_ATTACH_FILTER with struct sock_fprog { unsigned short len; struct sock_filter *filter; }. */
    private static void attach(int fd, SocketFilter filter, String interfaceName) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            var code = filter.instructions();
            MemorySegment program = arena.allocate(8L * code.size(), 8);
            for (int i = 0; i < code.size(); i++) {
                SocketFilter.Instruction insn = code.get(i);
                program.set(JAVA_SHORT, 8L * i, (short) insn.code());
                program.set(JAVA_BYTE, 8L * i + 2, (byte) insn.jt());
                program.set(JAVA_BYTE, 8L * i + 3, (byte) insn.jf());
                program.set(JAVA_INT, 8L * i + 4, insn.k());
            }
            MemorySegment fprog = arena.allocate(16, 8);
            fprog.set(JAVA_SHORT, 0, (short) code.size());
            fprog.set(ValueLayout.ADDRESS, 8, program);
            Libc.setsockopt(fd, Constants.SOL_SOCKET, Constants.SO_ATTACH_FILTER, fprog,
                    "SO_ATTACH_FILTER on " + interfaceName);
        }
    }

    private static MemorySegment linkAddress(Arena arena, int ifIndex, int etherType, byte[] destination) {
        MemorySegment sll = arena.allocate(Layouts.SOCKADDR_LL);
        sll.set(JAVA_SHORT, 0, (short) Constants.AF_PACKET);
        sll.set(JAVA_SHORT, SLL_PROTOCOL, Short.reverseBytes((short) etherType));
        sll.set(JAVA_INT, SLL_IFINDEX, ifIndex);
        if (destination != null) {
            sll.set(JAVA_BYTE, SLL_HALEN, (byte) destination.length);
            MemorySegment.copy(destination, 0, sll, JAVA_BYTE, SLL_ADDR, destination.length);
        }
        return sll;
    }

    /** The interface this socket is bound to. */
    public String interfaceName() {
        return interfaceName;
    }

    /** Its index. */
    public int ifIndex() {
        return ifIndex;
    }

    /** Sends one complete Ethernet frame (destination, source, ethertype, payload) as given. */
    public void send(byte[] frame) throws IOException {
        if (frame.length < 14) {
            throw new IllegalArgumentException("Ethernet frame too short: " + frame.length + " bytes");
        }
        int etherType = ((frame[12] & 0xFF) << 8) | (frame[13] & 0xFF);
        byte[] destination = Arrays.copyOfRange(frame, 0, 6);
        int fd = guard.acquire();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocateFrom(JAVA_BYTE, frame);
            long sent = Libc.sendto(fd, data, data.byteSize(), 0, linkAddress(arena, ifIndex, etherType, destination),
                    "cannot send frame on " + interfaceName);
            if (sent != frame.length) {
                throw new IOException("short send on " + interfaceName + ": " + sent + " of " + frame.length + " bytes");
            }
        } finally {
            guard.release();
        }
    }

    /** Blocks until a frame arrives; AsynchronousCloseException when closed meanwhile. */
    public byte[] receive() throws IOException {
        return receive(-1).orElseThrow();
    }

    /** Waits at most {@code timeout} for a frame. */
    public Optional<byte[]> receive(Duration timeout) throws IOException {
        return receive((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    private Optional<byte[]> receive(int timeoutMillis) throws IOException {
        int fd = guard.acquire();
        try (Arena arena = Arena.ofConfined()) {
            Msg msg = Msg.forReceive(arena, Layouts.size(Layouts.SOCKADDR_LL), 65536, 0);
            long deadline = System.nanoTime() + Math.max(0, timeoutMillis) * 1_000_000L;
            while (true) {
                int wait = timeoutMillis < 0 ? -1 : (int) Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
                if (!guard.awaitReadable(wait)) {
                    return Optional.empty();
                }
                msg.resetLengths();
                long n = Libc.recvmsg(fd, msg.header, Constants.MSG_DONTWAIT, "cannot receive on " + guard);
                if (n >= 0) {
                    return Optional.of(msg.data.asSlice(0, n).toArray(JAVA_BYTE));
                }
            }
        } finally {
            guard.release();
        }
    }

    /** The interface's hardware address, read with SIOCGIFHWADDR. */
    public HardwareAddress macAddress() throws IOException {
        int fd = guard.acquire();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ifreq = arena.allocate(Layouts.IFREQ);
            byte[] name = interfaceName.getBytes(StandardCharsets.US_ASCII);
            MemorySegment.copy(name, 0, ifreq, JAVA_BYTE, 0, Math.min(name.length, 15));
            Libc.ioctl(fd, Constants.SIOCGIFHWADDR, ifreq, "cannot read the MAC address of " + interfaceName);
            return new HardwareAddress(ifreq.asSlice(IFR_HWADDR_DATA, 6).toArray(JAVA_BYTE));
        } finally {
            guard.release();
        }
    }

    /** Wakes any receiver and releases the socket once no thread uses it. Idempotent. */
    @Override
    public void close() {
        guard.close();
    }
}
