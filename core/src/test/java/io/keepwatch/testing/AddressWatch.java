package io.keepwatch.testing;

import io.keepwatch.linux.IfAddress;
import io.keepwatch.linux.Link;
import io.keepwatch.linux.NetlinkEvent;
import io.keepwatch.linux.NetlinkMonitor;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Test helper: follows the links and addresses of one namespace through netlink events (a
 * {@link NetlinkMonitor} started inside the namespace, with an initial snapshot) and lets tests
 * wait, with a deadline, until an address appears or disappears or a link reaches a state. No
 * polling: every wait is woken by an event.
 */
public final class AddressWatch implements AutoCloseable {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<Integer, Link> links = new HashMap<>();
    private final Map<String, IfAddress> addresses = new HashMap<>();
    private final List<NetlinkEvent> history = new ArrayList<>();
    private final List<Long> receivedNanos = new ArrayList<>();
    private boolean synced;
    private final NetlinkMonitor monitor;

    private AddressWatch(NetNs.Namespace ns) throws Exception {
        this.monitor = ns.call(() -> NetlinkMonitor.start("address-watch-" + ns.name(), this::onEvent, true));
    }

    /** Starts watching {@code ns}; returns once the initial state is known. */
    public static AddressWatch open(NetNs.Namespace ns) throws Exception {
        AddressWatch watch = new AddressWatch(ns);
        watch.await("the initial netlink snapshot", Duration.ofSeconds(10), () -> watch.synced);
        return watch;
    }

    private static String key(int ifIndex, InetAddress address) {
        return ifIndex + "/" + address.getHostAddress().replaceFirst("%.*$", "");
    }

    private void onEvent(NetlinkEvent event) {
        lock.lock();
        try {
            history.add(event);
            receivedNanos.add(System.nanoTime());
            switch (event) {
                case NetlinkEvent.Snapshot s -> {
                    links.clear();
                    addresses.clear();
                    s.links().forEach(l -> links.put(l.index(), l));
                    s.addresses().forEach(a -> addresses.put(key(a.ifIndex(), a.address()), a));
                    synced = true;
                }
                case NetlinkEvent.LinkChanged c -> links.put(c.link().index(), c.link());
                case NetlinkEvent.LinkRemoved r -> links.remove(r.link().index());
                case NetlinkEvent.AddressAdded a -> addresses.put(key(a.address().ifIndex(), a.address().address()), a.address());
                case NetlinkEvent.AddressRemoved r -> addresses.remove(key(r.address().ifIndex(), r.address().address()));
                case NetlinkEvent.Stopped s -> { }
                case NetlinkEvent.RouteRemoved r -> { }
                case NetlinkEvent.RuleRemoved r -> { }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private Optional<Link> linkNamed(String ifName) {
        return links.values().stream().filter(l -> l.name().equals(ifName)).findFirst();
    }

    /** Waits until {@code address} is on {@code ifName}; returns it as the kernel reports it. */
    public IfAddress awaitPresent(String ifName, InetAddress address, Duration timeout) throws InterruptedException {
        IfAddress[] found = new IfAddress[1];
        await(address.getHostAddress() + " on " + ifName, timeout, () -> {
            Optional<Link> l = linkNamed(ifName);
            found[0] = l.map(link -> addresses.get(key(link.index(), address))).orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    /** Waits until {@code address} is no longer on {@code ifName}. */
    public void awaitAbsent(String ifName, InetAddress address, Duration timeout) throws InterruptedException {
        await("no " + address.getHostAddress() + " on " + ifName, timeout, () -> linkNamed(ifName)
                .map(link -> !addresses.containsKey(key(link.index(), address))).orElse(true));
    }

    /** Waits until link {@code ifName} satisfies {@code condition}; returns it. */
    public Link awaitLink(String ifName, Predicate<Link> condition, String description, Duration timeout)
            throws InterruptedException {
        Link[] found = new Link[1];
        await(ifName + " " + description, timeout, () -> {
            found[0] = linkNamed(ifName).filter(condition).orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    /** Every address the namespace has now, by the name of its link. */
    public Map<String, List<IfAddress>> addressesByLink() {
        lock.lock();
        try {
            Map<String, List<IfAddress>> out = new HashMap<>();
            for (IfAddress a : addresses.values()) {
                Link link = links.get(a.ifIndex());
                out.computeIfAbsent(link != null ? link.name() : "#" + a.ifIndex(), k -> new ArrayList<>()).add(a);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Every event seen so far. */
    public List<NetlinkEvent> events() {
        lock.lock();
        try {
            return List.copyOf(history);
        } finally {
            lock.unlock();
        }
    }

    /** A moment {@code address} appeared on or left some interface of the namespace. */
    public record Presence(long nanos, boolean present) {}

    /**
     * When {@code address} came and went on any interface, in order, with the {@link System#nanoTime}
     * of each netlink event's arrival; the initial snapshot counts as the first entry.
     */
    public List<Presence> presence(InetAddress address) {
        lock.lock();
        try {
            List<Presence> out = new ArrayList<>();
            Boolean last = null;
            for (int i = 0; i < history.size(); i++) {
                Boolean now = switch (history.get(i)) {
                    case NetlinkEvent.Snapshot s -> s.addresses().stream().anyMatch(a -> same(a.address(), address));
                    case NetlinkEvent.AddressAdded a -> same(a.address().address(), address) ? Boolean.TRUE : null;
                    case NetlinkEvent.AddressRemoved r -> same(r.address().address(), address) ? Boolean.FALSE : null;
                    default -> null;
                };
                if (now != null && !now.equals(last)) {
                    out.add(new Presence(receivedNanos.get(i), now));
                    last = now;
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** How many times {@code address} was removed (RTM_DELADDR) since the watch started. */
    public long removals(InetAddress address) {
        lock.lock();
        try {
            return history.stream().filter(e -> e instanceof NetlinkEvent.AddressRemoved r
                    && same(r.address().address(), address)).count();
        } finally {
            lock.unlock();
        }
    }

    private static boolean same(InetAddress a, InetAddress b) {
        return a.getHostAddress().replaceFirst("%.*$", "").equals(b.getHostAddress().replaceFirst("%.*$", ""));
    }

    private void await(String what, Duration timeout, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("timed out after " + timeout + " waiting for " + what
                            + "; links " + links.values() + ", addresses " + addresses.values());
                }
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() throws InterruptedException {
        monitor.close();
        monitor.awaitTermination(Duration.ofSeconds(5));
    }

}
