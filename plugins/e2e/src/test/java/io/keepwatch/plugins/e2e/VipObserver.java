package io.keepwatch.plugins.e2e;

import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.NetNs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Records who holds the VIP, on every keepwatch host at once, from the kernel's own address
 * notifications, and judges a trial by them.
 *
 * <p>One {@code ip -ts -o monitor address all-nsid} runs in an observer namespace of its own, in
 * which each host's namespace has an nsid: its single netlink socket (NETLINK_LISTEN_ALL_NSID)
 * receives the address notifications of every host in the order the kernel queued them, and the
 * kernel queues a notification after the change is made, under the lock that serialises address
 * changes. So the order of the lines is the order of the changes, on one queue, with no clock
 * between hosts to trust: if the VIP is added on one host before the kernel has queued its removal
 * from another, the record shows two holders. The time stamps (the monitor's reading of the real-time
 * clock as each line arrives, microseconds) serve the timeline and the durations; the test's own
 * marks (a fault injected, a daemon started) are on the same clock.
 */
final class VipObserver implements AutoCloseable {

    /** One line of the timeline: a host gained or lost the VIP, or the test marked a moment. */
    record Event(Instant at, String host, Kind kind, String detail) {
        enum Kind { GAINED, LOST, MARK }

        @Override
        public String toString() {
            return at + "  " + switch (kind) {
                case GAINED -> host + " + VIP";
                case LOST -> host + " - VIP";
                case MARK -> "-- " + detail;
            };
        }
    }

    private static final Pattern LINE = Pattern.compile(
            "^\\[([0-9T:.-]+)\\] (?:\\[nsid (\\d+|current)\\])?(Deleted )?\\d+: \\S+\\s+inet6? ([0-9a-fA-F.:]+)/\\d+");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ISO_LOCAL_DATE_TIME;
    /** An address that only the observer's own loopback ever has: its arrival proves the monitor listens. */
    private static final String READY_MARK = "192.0.2.254";

    private final InetAddress vip;
    private final String vipText;
    private final Map<Integer, String> hostsByNsid = new LinkedHashMap<>();
    private final List<Event> events = new ArrayList<>();
    private final List<Event> marks = new ArrayList<>();
    private final Process monitor;
    private final Thread reader;
    private boolean ready;

    private VipObserver(NetNs net, Map<String, NetNs.Namespace> hosts, InetAddress vip) throws Exception {
        this.vip = vip;
        this.vipText = vip.getHostAddress();
        NetNs.Namespace observer = net.namespace("obs");
        int nsid = 1;
        for (var h : hosts.entrySet()) {
            observer.exec("ip", "netns", "set", h.getValue().name(), Integer.toString(nsid));
            hostsByNsid.put(nsid++, h.getKey());
        }
        this.monitor = net.start(observer, "ip", "-ts", "-o", "monitor", "address", "all-nsid");
        this.reader = Thread.ofPlatform().name("vip-observer").daemon(true).start(this::read);
        Deadline deadline = Deadline.after(Duration.ofSeconds(20));
        while (!isReady()) {
            observer.exec("ip", "addr", "replace", READY_MARK + "/32", "dev", "lo");
            if (deadline.passed()) {
                throw new AssertionError("the address monitor in " + observer + " reported nothing within 20 s");
            }
            observer.exec("ip", "addr", "del", READY_MARK + "/32", "dev", "lo");
            deadline.pause();
        }
        // What the hosts hold already (nothing, when the observer starts before the daemons).
        for (var h : hosts.entrySet()) {
            if (h.getValue().exec("ip", "-o", "addr", "show").contains(" " + vipText + "/")) {
                record(new Event(Instant.now(), h.getKey(), Event.Kind.GAINED, "held when the observer started"));
            }
        }
    }

    /** Starts observing {@code vip} on {@code hosts} (by the names the timeline shows) and waits until it listens. */
    static VipObserver start(NetNs net, Map<String, NetNs.Namespace> hosts, InetAddress vip) throws Exception {
        return new VipObserver(net, hosts, vip);
    }

    private synchronized boolean isReady() {
        return ready;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(monitor.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                parse(line);
            }
        } catch (IOException e) {
            // The monitor was ended: the record is complete.
        }
    }

    private void parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.find()) {
            return;
        }
        if (m.group(2) == null || m.group(2).equals("current")) {
            if (m.group(4).equals(READY_MARK)) {
                synchronized (this) {
                    ready = true;
                }
            }
            return;
        }
        String host = hostsByNsid.get(Integer.parseInt(m.group(2)));
        if (host == null || !m.group(4).equals(vipText)) {
            return;
        }
        Instant at = LocalDateTime.parse(m.group(1), STAMP).atZone(ZoneId.systemDefault()).toInstant();
        record(new Event(at, host, m.group(3) != null ? Event.Kind.LOST : Event.Kind.GAINED, line));
    }

    private synchronized void record(Event e) {
        events.add(e);
        notifyAll();
    }

    /** Puts a labelled moment (a fault injected, a daemon started) on the timeline, now. */
    synchronized Instant mark(String what) {
        Instant now = Instant.now();
        marks.add(new Event(now, null, Event.Kind.MARK, what));
        return now;
    }

    /**
     * Everything so far: the VIP's changes in the order the kernel reported them, each mark placed
     * before the first change stamped later than it.
     */
    synchronized List<Event> timeline() {
        List<Event> out = new ArrayList<>();
        int next = 0;
        for (Event e : events) {
            while (next < marks.size() && marks.get(next).at().isBefore(e.at())) {
                out.add(marks.get(next++));
            }
            out.add(e);
        }
        out.addAll(marks.subList(next, marks.size()));
        return out;
    }

    /** The hosts that hold the VIP now, as far as the notifications so far tell. */
    synchronized Set<String> holders() {
        return holdersAfter(events);
    }

    private static Set<String> holdersAfter(List<Event> events) {
        Set<String> holders = new LinkedHashSet<>();
        for (Event e : events) {
            switch (e.kind()) {
                case GAINED -> holders.add(e.host());
                case LOST -> holders.remove(e.host());
                case MARK -> { }
            }
        }
        return holders;
    }

    /**
     * Every moment two or more hosts held the VIP, by the order of the notifications: each entry is the
     * event that made a second holder, with the holders after it.
     */
    synchronized List<String> doubleHolders() {
        return doubleHolders(Instant.MIN);
    }

    /** {@link #doubleHolders()} from {@code from} on. */
    synchronized List<String> doubleHolders(Instant from) {
        return doubleHolders(from, Instant.MAX);
    }

    /** {@link #doubleHolders()} from {@code from} on, before {@code to}. */
    synchronized List<String> doubleHolders(Instant from, Instant to) {
        List<String> out = new ArrayList<>();
        Set<String> holders = new LinkedHashSet<>();
        for (Event e : events) {
            switch (e.kind()) {
                case GAINED -> {
                    holders.add(e.host());
                    if (holders.size() >= 2 && !e.at().isBefore(from) && e.at().isBefore(to)) {
                        out.add(e.at() + ": " + e.host() + " gained the VIP while " + holders + " held it");
                    }
                }
                case LOST -> holders.remove(e.host());
                case MARK -> { }
            }
        }
        return out;
    }

    /** Fails, with the merged timeline, if two hosts held the VIP at once at {@code from} or later. */
    void assertNeverTwoHolders(Instant from) {
        assertNeverTwoHolders(from, Instant.MAX);
    }

    /** Fails, with the merged timeline, if two hosts held the VIP at once from {@code from} on, before {@code to}. */
    void assertNeverTwoHolders(Instant from, Instant to) {
        List<String> doubles = doubleHolders(from, to);
        if (!doubles.isEmpty()) {
            throw new AssertionError("two hosts held " + vipText + " at once:\n  " + String.join("\n  ", doubles)
                    + "\n" + render(from));
        }
    }

    /** How long after {@code from} {@code host} first lost the VIP; empty if it has not. */
    synchronized Optional<Duration> lostBy(String host, Instant from) {
        return events.stream().filter(e -> e.kind() == Event.Kind.LOST && e.host().equals(host) && !e.at().isBefore(from))
                .findFirst().map(e -> Duration.between(from, e.at()));
    }

    /**
     * How long after {@code from} the VIP was first held by one of {@code eligible} alone (at once, if it
     * was so held at {@code from}); empty if not yet.
     */
    synchronized Optional<Duration> heldBy(Set<String> eligible, Instant from) {
        List<Event> before = new ArrayList<>();
        for (Event e : events) {
            if (e.at().isAfter(from)) {
                break;
            }
            before.add(e);
        }
        if (isOneOf(holdersAfter(before), eligible)) {
            return Optional.of(Duration.ZERO);
        }
        Set<String> holders = holdersAfter(before);
        for (Event e : events.subList(before.size(), events.size())) {
            switch (e.kind()) {
                case GAINED -> holders.add(e.host());
                case LOST -> holders.remove(e.host());
                case MARK -> { }
            }
            if (isOneOf(holders, eligible)) {
                return Optional.of(Duration.between(from, e.at()));
            }
        }
        return Optional.empty();
    }

    private static boolean isOneOf(Set<String> holders, Set<String> eligible) {
        return holders.size() == 1 && eligible.containsAll(holders);
    }

    /**
     * Waits until one of {@code eligible} alone holds the VIP; returns how long after {@code from} it
     * began to. Fails with the timeline after {@code timeout}.
     */
    Duration awaitHeldBy(Set<String> eligible, Instant from, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                Optional<Duration> took = heldBy(eligible, from);
                if (took.isPresent() && isOneOf(holders(), eligible)) {
                    return took.get();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("nobody of " + eligible + " alone held " + vipText + " within " + timeout
                            + " of " + from + "; holders now " + holders() + "\n" + render());
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    /** Waits until nobody holds the VIP; fails with the timeline after {@code timeout}. */
    void awaitNoHolder(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (!holders().isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("still held by " + holders() + " after " + timeout + "\n" + render());
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    /**
     * The longest stretch between {@code from} and {@code to} during which no host held the VIP (by the
     * time stamps of the notifications that began and ended it).
     */
    synchronized Duration longestGap(Instant from, Instant to) {
        return longestGap(from, to, List.of());
    }

    /**
     * {@link #longestGap(Instant, Instant)}, each stretch counted only from the end of the last etcd
     * outage within it (none while etcd still did not serve when it ended): how long the VIP stayed
     * unheld while some host could have taken the key.
     */
    synchronized Duration longestGap(Instant from, Instant to, List<EtcdServing.Outage> outages) {
        Set<String> holders = new LinkedHashSet<>();
        Instant emptySince = null;
        Duration longest = Duration.ZERO;
        for (Event e : events) {
            if (e.at().isAfter(to)) {
                break;
            }
            switch (e.kind()) {
                case GAINED -> holders.add(e.host());
                case LOST -> holders.remove(e.host());
                case MARK -> { }
            }
            if (holders.isEmpty() && emptySince == null) {
                emptySince = e.at();
            } else if (!holders.isEmpty() && emptySince != null) {
                longest = max(longest, served(later(emptySince, from), e.at(), outages));
                emptySince = null;
            }
        }
        if (emptySince != null) {
            longest = max(longest, served(later(emptySince, from), to, outages));
        }
        return longest;
    }

    /** The part of {@code [start, end]} after the last outage in it; zero when one lasts to {@code end}. */
    private static Duration served(Instant start, Instant end, List<EtcdServing.Outage> outages) {
        Instant from = start;
        for (EtcdServing.Outage o : outages) {
            if (o.from().isAfter(end) || o.to().isBefore(from)) {
                continue;
            }
            if (!o.to().isBefore(end)) {
                return Duration.ZERO;
            }
            from = later(from, o.to());
        }
        return Duration.between(from, end);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** The merged timeline, one event a line, for failure messages and the trial's record. */
    String render() {
        return render(Instant.MIN);
    }

    /** The merged timeline from {@code from} on. */
    String render(Instant from) {
        StringBuilder out = new StringBuilder("timeline of " + vipText + " (kernel order; marks by the test):\n");
        for (Event e : timeline()) {
            if (!e.at().isBefore(from)) {
                out.append("  ").append(e).append('\n');
            }
        }
        return out.toString();
    }

    InetAddress vip() {
        return vip;
    }

    /** Ends the monitor (by its pid) and its reader. */
    @Override
    public void close() throws InterruptedException {
        monitor.destroy();
        if (!monitor.waitFor(5, TimeUnit.SECONDS)) {
            monitor.destroyForcibly();
        }
        reader.join(5000);
    }
}
