package io.keepwatch.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A raw IP socket for protocol 112 (VRRP) bound to one interface. {@link Vrrp4Socket} and
 * {@link Vrrp6Socket} differ in what they send and how the destination, TTL and hop limit are
 * learnt; receiving and closing are shared here.
 *
 * <p>Threads: {@link #receive()} blocks and must run on a platform thread (see {@link Threads}).
 * {@link #close()} may be called from any thread at any time; a thread blocked in receive then
 * throws {@link java.nio.channels.AsynchronousCloseException} promptly (see {@link FdGuard}).
 * Sending is safe from several threads; receiving is meant for one (a second waits for the first).
 * Every datagram carries the time the kernel received it ({@link ArrivalTime}).
 */
public abstract sealed class VrrpSocket implements AutoCloseable permits Vrrp4Socket, Vrrp6Socket {
    /** Largest datagram read: an IPv4 datagram can be 65535 bytes. */
    private static final int RECEIVE_BUFFER = 65536;
    private static final int CONTROL_BUFFER = 256;
    /**
     * The largest packet a send takes: an IPv6 VRRP packet with 255 addresses (8 + 255 * 16 bytes,
     * RFC 5798 section 5.2); an IPv4 datagram with 255 addresses and authentication is smaller.
     */
    static final int MAX_SEND = 8 + 255 * 16;

    final FdGuard guard;
    final String interfaceName;
    final int ifIndex;

    /** Held while a send uses the native memory below: several threads may send on one socket. */
    final Object sendLock = new Object();
    /**
     * The native memory of sending, made once and reused: the packet buffer here, and what each
     * subclass prepares per destination. It is freed with the socket object (an automatic arena),
     * so never under a send. Reused so that an advert allocates no native memory, and none is
     * allocated for the first time on the failover fast path (see package io.keepwatch.runtime).
     */
    final Arena sendArena = Arena.ofAuto();
    private final MemorySegment sendBuffer = sendArena.allocate(MAX_SEND, 8);
    /** The errno of sends, under {@link #sendLock}: see {@link Libc#callState}. */
    final MemorySegment sendCallState = Libc.callState(sendArena);

    /**
     * Held by the thread in {@link #receive} (in the daemon, the channel's one reader): the receive
     * buffers below are made once and reused, so a datagram allocates no buffer of its own.
     */
    private final ReentrantLock receiveLock = new ReentrantLock();
    private final Arena receiveArena = Arena.ofAuto();
    private Msg receiveMsg;
    /**
     * The buffers of {@link #receiveQueued}, apart from the reader's: the reader holds its lock
     * while it waits, and the kernel lets two threads receive on one socket (each datagram goes to
     * one of them).
     */
    private final ReentrantLock queuedLock = new ReentrantLock();
    private Msg queuedMsg;

    VrrpSocket(FdGuard guard, String interfaceName, int ifIndex) {
        this.guard = guard;
        this.interfaceName = interfaceName;
        this.ifIndex = ifIndex;
    }

    /** The send buffer, whole (its address never changes). Under {@link #sendLock}. */
    MemorySegment sendBuffer() {
        return sendBuffer;
    }

    /** {@code packet} copied to the start of the send buffer. Under {@link #sendLock}. */
    MemorySegment sendData(byte[] packet) {
        if (packet.length > MAX_SEND) {
            throw new IllegalArgumentException(
                    "a packet of " + packet.length + " bytes is larger than any VRRP advert (" + MAX_SEND + ")");
        }
        MemorySegment.copy(packet, 0, sendBuffer, JAVA_BYTE, 0, packet.length);
        return sendBuffer.asSlice(0, packet.length);
    }

    /** The interface this socket is bound to. */
    public String interfaceName() {
        return interfaceName;
    }

    /** Its index. */
    public int ifIndex() {
        return ifIndex;
    }

    /** Whether {@link #close()} has not been called yet. */
    public boolean isOpen() {
        return guard.isOpen();
    }

    /**
     * Sends one advert of this socket's family: a whole IPv4 datagram to {@code destination}, or an
     * IPv6 VRRP packet from {@code source} (null lets the kernel choose). A virtual call rather than
     * a type switch at the caller: a backup sends its first packet when it takes over, on the
     * failover fast path (see package io.keepwatch.runtime).
     */
    public abstract void send(byte[] packet, InetAddress destination, InetAddress source) throws IOException;

    /** Blocks until a datagram arrives; throws AsynchronousCloseException when closed meanwhile. */
    public ReceivedDatagram receive() throws IOException {
        return receive(-1).orElseThrow();
    }

    /** Waits at most {@code timeout} for a datagram. */
    public Optional<ReceivedDatagram> receive(Duration timeout) throws IOException {
        return receive((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    private Optional<ReceivedDatagram> receive(int timeoutMillis) throws IOException {
        int fd = guard.acquire();
        receiveLock.lock();
        try {
            if (receiveMsg == null) {
                receiveMsg = Msg.forReceive(receiveArena, Layouts.size(Layouts.SOCKADDR_IN6), RECEIVE_BUFFER,
                        CONTROL_BUFFER);
            }
            Msg msg = receiveMsg;
            long deadline = System.nanoTime() + Math.max(0, timeoutMillis) * 1_000_000L;
            while (true) {
                int wait = timeoutMillis < 0 ? -1
                        : (int) Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
                if (!guard.awaitReadable(wait)) {
                    return Optional.empty();
                }
                Optional<ReceivedDatagram> datagram = receiveNow(fd, msg);
                if (datagram.isPresent()) {
                    return datagram;
                }
            }
        } finally {
            receiveLock.unlock();
            guard.release();
        }
    }

    /**
     * The datagram the kernel holds for this socket now, without waiting: empty when none is
     * queued or the socket is closed. For a thread other than the reader, which looks at the
     * socket before acting on a timer (an advert queued there arrived before the timer was handled).
     */
    public Optional<ReceivedDatagram> receiveQueued() throws IOException {
        int fd;
        try {
            fd = guard.acquire();
        } catch (ClosedChannelException closed) {
            return Optional.empty();
        }
        queuedLock.lock();
        try {
            if (queuedMsg == null) {
                queuedMsg = Msg.forReceive(receiveArena, Layouts.size(Layouts.SOCKADDR_IN6), RECEIVE_BUFFER,
                        CONTROL_BUFFER);
            }
            return receiveNow(fd, queuedMsg);
        } finally {
            queuedLock.unlock();
            guard.release();
        }
    }

    /** One non-blocking recvmsg into {@code msg}; empty for EAGAIN. */
    private Optional<ReceivedDatagram> receiveNow(int fd, Msg msg) throws IOException {
        msg.resetLengths();
        long n = Libc.recvmsg(fd, msg.header, Constants.MSG_DONTWAIT, "cannot receive on " + guard);
        if (n < 0) {
            return Optional.empty();
        }
        // the clocks next to the kernel's stamp, before the datagram is copied (see ArrivalTime)
        List<Msg.Cmsg> control = msg.controlMessages();
        long received = ArrivalTime.received(kernelStamp(control), ArrivalTime.Clocks.SYSTEM);
        byte[] data = msg.data.asSlice(0, n).toArray(JAVA_BYTE);
        InetAddress source = SocketAddresses.decode(msg.name, msg.nameLength());
        return Optional.of(toDatagram(data, source, control, received));
    }

    /** The SO_TIMESTAMPNS stamp among {@code control}, in nanoseconds since the epoch; -1 without one. */
    private static long kernelStamp(List<Msg.Cmsg> control) {
        for (Msg.Cmsg c : control) {
            if (c.level() == Constants.SOL_SOCKET && c.type() == Constants.SO_TIMESTAMPNS && c.data().byteSize() >= 16) {
                return c.data().get(JAVA_LONG, 0) * 1_000_000_000L + c.data().get(JAVA_LONG, 8);
            }
        }
        return -1;
    }

    /** @param receivedNanos when the kernel received it, on System.nanoTime's scale (see ArrivalTime) */
    abstract ReceivedDatagram toDatagram(byte[] data, InetAddress source, List<Msg.Cmsg> control, long receivedNanos);

    /** Asks the kernel to stamp every datagram on arrival (read back by {@link #receive}). */
    static void stampArrivals(int fd) throws NativeException {
        Libc.setsockopt(fd, Constants.SOL_SOCKET, Constants.SO_TIMESTAMPNS, 1, "SO_TIMESTAMPNS");
    }

    /**
     * Asks for {@code buffer} as the socket's receive buffer (SO_RCVBUF, which the kernel caps at
     * net.core.rmem_max, or SO_RCVBUFFORCE); a refusal is logged and the socket keeps its size.
     */
    public void receiveBuffer(ReceiveBuffer buffer) throws IOException {
        int fd = guard.acquire();
        try {
            buffer.applyTo(fd, "VRRP " + interfaceName);
        } finally {
            guard.release();
        }
    }

    /** The receive buffer the kernel gives the socket (SO_RCVBUF: twice what was asked, for its bookkeeping). */
    public int receiveBufferSize() throws IOException {
        int fd = guard.acquire();
        try {
            return Libc.getsockoptInt(fd, Constants.SOL_SOCKET, Constants.SO_RCVBUF, "SO_RCVBUF");
        } finally {
            guard.release();
        }
    }

    /** The MTU of the socket's interface now. */
    public int mtu() throws IOException {
        int fd = guard.acquire();
        try {
            return InterfaceRequests.mtu(fd, interfaceName);
        } finally {
            guard.release();
        }
    }

    /** Wakes any receiver and releases the socket once no thread uses it. Idempotent. */
    @Override
    public void close() {
        guard.close();
    }

    static void bindToDevice(int fd, String interfaceName) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            byte[] name = interfaceName.getBytes(StandardCharsets.US_ASCII);
            MemorySegment value = arena.allocate(name.length + 1L);
            MemorySegment.copy(name, 0, value, JAVA_BYTE, 0, name.length);
            Libc.setsockopt(fd, Constants.SOL_SOCKET, Constants.SO_BINDTODEVICE, value, "SO_BINDTODEVICE");
        }
    }

    @Override
    public String toString() {
        return guard.toString();
    }
}
