package io.keepwatch.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's process events (the netlink connector, cn_proc): forks, execs, name changes and
 * exits of every process, as keepalived's track_process reads them. Needs CAP_NET_ADMIN.
 *
 * <p>The kernel sends these events in the initial network namespace only. A daemon running in
 * another one (ip netns exec) opens its socket there (PID 1's or its parent's namespace), from a thread that enters the initial
 * namespace for that alone (CAP_SYS_ADMIN), since a socket keeps the namespace it was made in.
 */
public final class ProcConnector implements AutoCloseable {

    /** nlmsghdr (16 bytes), then cn_msg (20), then proc_event: what, cpu, timestamp (16), the union. */
    private static final int CN_MSG = 16;
    private static final int EVENT = CN_MSG + 20;
    private static final int DATA = EVENT + 16;

    /** One process event; null from {@link #receive} for the kinds not listed. */
    public sealed interface Event {
        /** {@code child} (a process when childPid == childTgid, else a thread) was forked from {@code parentTgid}. */
        record Fork(int parentTgid, int childPid, int childTgid) implements Event {}
        /** Process {@code pid} ran a new program. */
        record Exec(int pid, int tgid) implements Event {}
        /** Process {@code pid} changed its name (prctl PR_SET_NAME) to {@code comm}. */
        record Comm(int pid, int tgid, String comm) implements Event {}
        /** Task {@code pid} of process {@code tgid} ended. */
        record Exit(int pid, int tgid) implements Event {}
    }

    private final NetlinkSocket socket;

    private ProcConnector(NetlinkSocket socket) {
        this.socket = socket;
    }

    private static String namespaceOf(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException | SecurityException e) {
            return "";
        }
    }

    /** Subscribes to process events; throws when the kernel has none (no CONFIG_PROC_EVENTS) or refuses. */
    public static ProcConnector open() throws IOException {
        return open(ReceiveBuffer.DEFAULT);
    }

    /** As {@link #open()}, asking for {@code receiveBuffer} ({@code process_monitor_rcv_bufs}). */
    public static ProcConnector open(ReceiveBuffer receiveBuffer) throws IOException {
        NetlinkSocket socket = inInitialNetworkNamespace(receiveBuffer);
        try {
            ByteBuffer listen = ByteBuffer.allocate(CN_MSG + 20 + 4).order(ByteOrder.nativeOrder());
            listen.putInt(0, listen.capacity()).putShort(4, (short) Constants.NLMSG_DONE);
            listen.putInt(CN_MSG, Constants.CN_IDX_PROC).putInt(CN_MSG + 4, Constants.CN_VAL_PROC);
            listen.putShort(CN_MSG + 16, (short) 4);
            listen.putInt(CN_MSG + 20, Constants.PROC_CN_MCAST_LISTEN);
            socket.send(listen.array(), "cannot subscribe to process events");
            return new ProcConnector(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** The kernel's inode number of the initial network namespace (PROC_NET_INIT_INO), as /proc/PID/ns/net shows it. */
    private static final String INITIAL_NETWORK_NAMESPACE = "net:[4026531833]";

    private static NetlinkSocket inInitialNetworkNamespace(ReceiveBuffer receiveBuffer) throws IOException {
        if (namespaceOf(Path.of("/proc/self/ns/net")).equals(INITIAL_NETWORK_NAMESPACE)) {
            return NetlinkSocket.open(Constants.NETLINK_CONNECTOR, "process events", Constants.CN_IDX_PROC, receiveBuffer);
        }
        // PID 1's namespace, else the parent's (ip netns exec runs us from the initial one)
        List<Path> candidates = new ArrayList<>(List.of(Path.of("/proc/1/ns/net")));
        ProcessHandle.current().parent().ifPresent(p -> candidates.add(Path.of("/proc/" + p.pid() + "/ns/net")));
        Path initial = candidates.stream().filter(c -> namespaceOf(c).equals(INITIAL_NETWORK_NAMESPACE)).findFirst()
                .orElseThrow(() -> new IOException("no way into the initial network namespace, where the kernel"
                        + " sends process events"));
        NetlinkSocket[] opened = new NetlinkSocket[1];
        IOException[] failed = new IOException[1];
        Thread opener = Thread.ofPlatform().name("keepwatch-proc-events-open").start(() -> {
            try {
                int fd = Libc.open(initial.toString(), Constants.O_RDONLY);
                try {
                    Libc.setns(fd, Constants.CLONE_NEWNET, "cannot enter the initial network namespace");
                } finally {
                    Libc.close(fd);
                }
                opened[0] = NetlinkSocket.open(Constants.NETLINK_CONNECTOR, "process events", Constants.CN_IDX_PROC, receiveBuffer);
            } catch (IOException e) {
                failed[0] = e;
            }
        });
        try {
            opener.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while opening the process events socket");
        }
        if (failed[0] != null) {
            throw failed[0];
        }
        return opened[0];
    }

    /**
     * Waits for the next datagram; its event, or empty for a kind not tracked. Throws
     * AsynchronousCloseException once closed, NativeException(ENOBUFS) when events were lost.
     */
    public Optional<Event> receive() throws IOException {
        ByteBuffer b = socket.receive(-1);
        if (b == null || b.limit() < DATA + 8) {
            return Optional.empty();
        }
        int what = b.getInt(EVENT);
        return Optional.ofNullable(switch (what) {
            case Constants.PROC_EVENT_FORK -> new Event.Fork(b.getInt(DATA + 4), b.getInt(DATA + 8), b.getInt(DATA + 12));
            case Constants.PROC_EVENT_EXEC -> new Event.Exec(b.getInt(DATA), b.getInt(DATA + 4));
            case Constants.PROC_EVENT_COMM -> new Event.Comm(b.getInt(DATA), b.getInt(DATA + 4), comm(b, DATA + 8));
            case Constants.PROC_EVENT_EXIT -> new Event.Exit(b.getInt(DATA), b.getInt(DATA + 4));
            default -> null;
        });
    }

    private static String comm(ByteBuffer b, int at) {
        byte[] name = new byte[16];
        b.get(at, name, 0, Math.min(16, b.limit() - at));
        int end = 0;
        while (end < name.length && name[end] != 0) {
            end++;
        }
        return new String(name, 0, end, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        socket.close();
    }
}
