package io.keepwatch.linux;

import java.io.IOException;
import java.util.List;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches link and address changes (RTMGRP_LINK, RTMGRP_IPV4_IFADDR, RTMGRP_IPV6_IFADDR) and hands
 * each one to a listener on the monitor's own platform daemon thread, in kernel order. Of the route
 * and rule groups it passes on only the removals of keepalived's (protocol 18), as keepalived
 * itself watches them: the kernel's own routes come and go with every address.
 *
 * <p>Lost events: when the socket's receive buffer overruns the kernel drops messages and reports
 * ENOBUFS. The monitor then dumps links and addresses again and delivers a
 * {@link NetlinkEvent.Snapshot} with {@code afterOverrun}, so the listener can rebuild its state.
 *
 * <p>The listener must be quick (enqueue and return): while it runs, events queue in the socket.
 * An exception from the listener is logged and the monitor carries on. {@link #close()} may be
 * called from any thread, including the listener; a blocked monitor thread returns promptly.
 */
public final class NetlinkMonitor implements AutoCloseable {
    /** At most this many queued datagrams are discarded after an overrun before the state is read. */
    private static final int MAX_DRAINED = 100_000;

    private static final Logger LOG = LoggerFactory.getLogger(NetlinkMonitor.class);
    /** RTNLGRP_IPV4_ROUTE (7), RTNLGRP_IPV4_RULE (8), RTNLGRP_IPV6_ROUTE (11), RTNLGRP_IPV6_RULE (19) as bits. */
    private static final int ROUTE_GROUPS = 1 << 6 | 1 << 7 | 1 << 10 | 1 << 18;
    private static final int GROUPS =
            Constants.RTMGRP_LINK | Constants.RTMGRP_IPV4_IFADDR | Constants.RTMGRP_IPV6_IFADDR | ROUTE_GROUPS;

    private final NetlinkSocket events;
    private final RtNetlink requests;
    private final Consumer<NetlinkEvent> listener;
    private final Thread thread;

    private NetlinkMonitor(NetlinkSocket events, RtNetlink requests, Consumer<NetlinkEvent> listener,
                           boolean initialSnapshot, String threadName) {
        this.events = events;
        this.requests = requests;
        this.listener = listener;
        this.thread = Threads.startPlatformDaemon(threadName, () -> run(initialSnapshot));
    }

    /**
     * Starts watching the calling thread's network namespace.
     *
     * @param initialSnapshot deliver a {@link NetlinkEvent.Snapshot} of the current state first
     *                        (subscribed before the dump, so no change falls in between)
     */
    public static NetlinkMonitor start(String threadName, Consumer<NetlinkEvent> listener, boolean initialSnapshot)
            throws IOException {
        return start(threadName, listener, initialSnapshot, ReceiveBuffer.DEFAULT, ReceiveBuffer.DEFAULT);
    }

    /**
     * As {@link #start(String, Consumer, boolean)}, with the receive buffers of the event socket
     * ({@code vrrp_netlink_monitor_rcv_bufs}) and of the socket that reads the snapshots
     * ({@code vrrp_netlink_cmd_rcv_bufs}).
     */
    public static NetlinkMonitor start(String threadName, Consumer<NetlinkEvent> listener, boolean initialSnapshot,
                                       ReceiveBuffer monitorBuffer, ReceiveBuffer cmdBuffer) throws IOException {
        NetlinkSocket events = NetlinkSocket.open(GROUPS, monitorBuffer);
        RtNetlink requests;
        try {
            requests = RtNetlink.open(cmdBuffer);
        } catch (IOException e) {
            events.close();
            throw e;
        }
        return new NetlinkMonitor(events, requests, listener, initialSnapshot, threadName);
    }

    private void run(boolean initialSnapshot) {
        try {
            if (initialSnapshot) {
                deliver(snapshot(false));
            }
            while (events.isOpen()) {
                ByteBuffer datagram;
                try {
                    datagram = events.receive(-1);
                } catch (NativeException e) {
                    if (e.errno() != Errno.ENOBUFS) {
                        throw e;
                    }
                    LOG.warn("rtnetlink receive buffer overrun: events lost, reading the full state again");
                    drainQueued();
                    deliver(snapshot(true));
                    continue;
                }
                for (NetlinkCodec.Message m : NetlinkCodec.split(datagram)) {
                    NetlinkEvent event = toEvent(m);
                    if (event != null) {
                        deliver(event);
                    }
                }
            }
        } catch (ClosedChannelException closed) {
            // close() was called: the normal way out.
        } catch (IOException | RuntimeException e) {
            if (events.isOpen()) {
                LOG.error("rtnetlink monitor stopped", e);
                deliver(new NetlinkEvent.Stopped(e));
            }
        } finally {
            events.close();
            requests.close();
        }
    }

    /**
     * Discards what is queued before the snapshot is read. The snapshot covers those events, and
     * the kernel reports ENOBUFS only once per congestion: until this socket's queue has been
     * emptied it drops further events without a word, so a snapshot taken over a full queue could
     * miss changes that are never reported. Bounded, in case the events never stop coming.
     */
    private void drainQueued() throws IOException {
        for (int i = 0; i < MAX_DRAINED; i++) {
            try {
                if (events.receive(0) == null) {
                    return;
                }
            } catch (NativeException e) {
                if (e.errno() != Errno.ENOBUFS) {
                    throw e;
                }
            }
        }
    }

    private NetlinkEvent.Snapshot snapshot(boolean afterOverrun) throws IOException {
        return new NetlinkEvent.Snapshot(requests.links(), requests.addresses(), afterOverrun);
    }


    static NetlinkEvent toEvent(NetlinkCodec.Message m) {
        return switch (m.type()) {
            case Constants.RTM_NEWLINK -> {
                Link l = NetlinkCodec.parseLink(m.payload());
                yield l == null ? null : new NetlinkEvent.LinkChanged(l);
            }
            case Constants.RTM_DELLINK -> {
                Link l = NetlinkCodec.parseLink(m.payload());
                yield l == null ? null : new NetlinkEvent.LinkRemoved(l);
            }
            case Constants.RTM_NEWADDR -> {
                IfAddress a = NetlinkCodec.parseAddress(m.payload());
                yield a == null ? null : new NetlinkEvent.AddressAdded(a);
            }
            case Constants.RTM_DELADDR -> {
                IfAddress a = NetlinkCodec.parseAddress(m.payload());
                yield a == null ? null : new NetlinkEvent.AddressRemoved(a);
            }
            case RouteCodec.RTM_DELROUTE -> {
                RouteSpec r = RouteCodec.parseRoute(m.payload());
                yield r == null || r.protocol() != RouteSpec.RTPROT_KEEPALIVED ? null : new NetlinkEvent.RouteRemoved(r);
            }
            case RouteCodec.RTM_DELRULE -> {
                RuleSpec r = RouteCodec.parseRule(m.payload());
                yield r == null || (r.protocol() >= 0 && r.protocol() != RouteSpec.RTPROT_KEEPALIVED) ? null
                        : new NetlinkEvent.RuleRemoved(r);
            }
            default -> null;
        };
    }

    private void deliver(NetlinkEvent event) {
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            LOG.error("netlink listener failed on {}", event, e);
        }
    }

    /** Whether the monitor thread is still running. */
    public boolean isRunning() {
        return thread.isAlive();
    }

    /** Waits for the monitor thread to end after {@link #close()}; true if it did in time. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return thread.join(timeout);
    }

    /** Stops the monitor; idempotent, callable from any thread including the listener. */
    @Override
    public void close() {
        events.close();
    }
}
