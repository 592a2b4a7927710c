package io.keepwatch.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A NETLINK_ROUTE socket, optionally subscribed to multicast groups. Closing is safe while a
 * thread waits in {@link #receive} (see {@link FdGuard}). A receive buffer overrun surfaces as a
 * {@link NativeException} with errno ENOBUFS: messages were lost and state must be dumped again.
 */
final class NetlinkSocket implements AutoCloseable {
    /** Large enough for any rtnetlink datagram (the kernel caps dump skbs at 32 KiB). */
    private static final int BUFFER = 65536;

    /** Requests are a few hundred bytes; a larger one gets a larger buffer once. */
    private static final int SEND_BUFFER = 1024;

    private final FdGuard guard;

    /**
     * The native memory of sending, as in {@link VrrpSocket}: made once, reused under its lock and
     * freed with the socket object. Adding a new master's VIP is a send on the failover path.
     */
    private final Object sendLock = new Object();
    private final Arena sendArena = Arena.ofAuto();
    private final MemorySegment kernel = sendArena.allocate(Layouts.SOCKADDR_NL); // port id 0: the kernel
    private MemorySegment sendBuffer = sendArena.allocate(SEND_BUFFER, 8);

    private NetlinkSocket(FdGuard guard) {
        this.guard = guard;
        kernel.set(JAVA_SHORT, 0, (short) Constants.AF_NETLINK);
    }

    /**
     * Opens a socket in the calling thread's network namespace.
     *
     * @param groups             RTMGRP_* bits to subscribe to, 0 for a request socket
     * @param receiveBuffer receive buffer to ask for
     */
    static NetlinkSocket open(int groups, ReceiveBuffer receiveBuffer) throws NativeException {
        return open(Constants.NETLINK_ROUTE, "rtnetlink", groups, receiveBuffer);
    }

    /** Opens a socket of netlink {@code protocol} ({@code what} names it in errors), as {@link #open(int, ReceiveBuffer)}. */
    static NetlinkSocket open(int protocol, String what, int groups, ReceiveBuffer receiveBuffer) throws NativeException {
        int fd = Libc.socket(Constants.AF_NETLINK, Constants.SOCK_RAW, protocol);
        FdGuard guard = new FdGuard(fd, what + " socket");
        try (Arena local = Arena.ofConfined()) {
            receiveBuffer.applyTo(fd, what);
            MemorySegment self = local.allocate(Layouts.SOCKADDR_NL);
            self.set(JAVA_SHORT, 0, (short) Constants.AF_NETLINK);
            self.set(JAVA_INT, Layouts.offset(Layouts.SOCKADDR_NL, "nl_groups"), groups);
            Libc.bind(fd, self, "cannot bind " + what + " socket to groups 0x" + Integer.toHexString(groups));
            return new NetlinkSocket(guard);
        } catch (NativeException e) {
            guard.close();
            throw e;
        }
    }

    /** The socket's SO_RCVBUF as the kernel reports it (twice what was asked, for its bookkeeping). */
    int receiveBufferSize() throws IOException {
        int fd = guard.acquire();
        try {
            return Libc.getsockoptInt(fd, Constants.SOL_SOCKET, Constants.SO_RCVBUF, "SO_RCVBUF");
        } finally {
            guard.release();
        }
    }

    void send(byte[] message, String what) throws IOException {
        int fd = guard.acquire();
        try {
            synchronized (sendLock) {
                if (message.length > sendBuffer.byteSize()) {
                    sendBuffer = sendArena.allocate(message.length, 8);
                }
                MemorySegment.copy(message, 0, sendBuffer, JAVA_BYTE, 0, message.length);
                Libc.sendto(fd, sendBuffer, message.length, 0, kernel, what);
            }
        } finally {
            guard.release();
        }
    }

    /**
     * Waits up to {@code timeoutMillis} (-1: no limit) for one datagram; null on timeout. Throws
     * AsynchronousCloseException when closed meanwhile, NativeException(ENOBUFS) after an overrun.
     */
    ByteBuffer receive(int timeoutMillis) throws IOException {
        int fd = guard.acquire();
        try (Arena local = Arena.ofConfined()) {
            Msg msg = Msg.forReceive(local, Layouts.size(Layouts.SOCKADDR_NL), BUFFER, 0);
            long deadline = System.nanoTime() + Math.max(0, timeoutMillis) * 1_000_000L;
            while (true) {
                int wait = timeoutMillis < 0 ? -1 : (int) Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
                if (!guard.awaitReadable(wait)) {
                    return null;
                }
                msg.resetLengths();
                long n = Libc.recvmsg(fd, msg.header, Constants.MSG_DONTWAIT, "cannot receive from rtnetlink");
                if (n >= 0) {
                    if ((msg.flags() & Constants.MSG_TRUNC) != 0) {
                        throw new IOException("rtnetlink datagram larger than " + BUFFER + " bytes was truncated");
                    }
                    byte[] copy = msg.data.asSlice(0, n).toArray(JAVA_BYTE);
                    return ByteBuffer.wrap(copy).order(ByteOrder.nativeOrder());
                }
            }
        } finally {
            guard.release();
        }
    }

    boolean isOpen() {
        return guard.isOpen();
    }

    @Override
    public void close() {
        guard.close();
    }
}
