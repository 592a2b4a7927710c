package io.keepwatch.runtime;

import io.keepwatch.config.model.VirtualIpAddress;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.linux.Link;
import io.keepwatch.linux.Neighbour;
import io.keepwatch.runtime.net.NeighbourWatch;
import io.keepwatch.vrrp.AddressFamily;
import io.keepwatch.vrrp.VrrpState;
import io.keepwatch.vrrp.codec.AddressProbe;
import io.keepwatch.vrrp.codec.GratuitousArp;
import io.keepwatch.vrrp.codec.MacAddress;
import io.keepwatch.vrrp.codec.NeighbourSighting;
import io.keepwatch.vrrp.codec.UnsolicitedNeighbourAdvert;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Split brain on a segment: another station claiming a virtual address that an instance holds
 * (MASTER), or, seen from a BACKUP, a second station claiming the address of the master it hears.
 * Owns a {@link NeighbourWatch} per interface that carries virtual addresses, the conflicts open
 * now and their probes; VRRP thread only (the watches' readers hand their sightings over as tasks).
 *
 * <p>A claim is a gratuitous ARP, an ARP reply, or a neighbour advertisement with the Override
 * flag, for the address. It is judged a short moment after it is seen, so that a preempting
 * master's advert, sent before its gratuitous ARPs, has made this instance a BACKUP by then. A
 * claim the rules retain is only a suspicion: the station is asked whether it holds the address
 * now (an ARP request or neighbour solicitation to its MAC alone), and the conflict starts when its
 * kernel answers (an ARP reply, a solicited advertisement), or when it claims the address again half
 * a second later. An old master that a new one has just preempted has let the address go by then,
 * so its last announcements in flight never count.
 * Since a master announces only when it becomes master, an open conflict is kept open by asking
 * again once a second. Three unanswered probes in a row end the conflict; so does the instance
 * leaving the state it was in, or losing the address.
 */
final class AddressConflicts implements VrrpLoop.Timed, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AddressConflicts.class);

    /** Whether {@link #warmUp} has run. */
    private boolean warmed;

    static final long PROBE_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();
    static final int UNANSWERED_PROBES = 3;
    /** How long after it is seen a claim is judged; see the class comment. */
    static final long GRACE_NANOS = Duration.ofMillis(250).toNanos();
    /** How long after a suspicion began a repeated claim confirms it; see {@link #claimedAgain}. */
    static final long REPEAT_NANOS = Duration.ofMillis(500).toNanos();
    /** How many stations asking for a virtual address are remembered, for the other holder's own address. */
    private static final int ASKERS = 64;
    /** Claims waiting for their grace at most: forged frames from ever new MACs must not grow it without end. */
    private static final int PENDING = 64;

    /** What this class needs of the data plane; the Linux one in the daemon. */
    interface Plane {
        NeighbourWatch watch(String interfaceName, Collection<InetAddress> addresses,
                             Consumer<NeighbourSighting> sink) throws IOException;

        List<Link> links() throws IOException;

        List<Neighbour> neighbours() throws IOException;
    }

    /** The daemon's plane: watches opened on the interface, links and neighbours through rtnetlink. */
    static Plane linux(io.keepwatch.runtime.net.LinuxDataPlane dataPlane) {
        return new Plane() {
            @Override
            public NeighbourWatch watch(String interfaceName, Collection<InetAddress> addresses,
                                        Consumer<NeighbourSighting> sink) throws IOException {
                return NeighbourWatch.open(interfaceName, addresses, sink);
            }

            @Override
            public List<Link> links() throws IOException {
                return dataPlane.links();
            }

            @Override
            public List<Neighbour> neighbours() throws IOException {
                return dataPlane.neighbours();
            }
        };
    }

    private record Claim(String interfaceName, InetAddress address, MacAddress mac, long dueNanos) {}

    /** Its equals and hashCode are written out, as {@link MacAddress}'s are, for the same reason. */
    private record Key(String instance, InetAddress address) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key that && instance.equals(that.instance) && address.equals(that.address);
        }

        @Override
        public int hashCode() {
            return instance.hashCode() * 31 + address.hashCode();
        }
    }

    /** One open conflict. */
    private static final class Open {
        AddressConflict conflict;
        final MacAddress foreign;
        final VrrpState role;
        final long suspectedNanos;
        /** Whether the station answered a probe, so that the conflict is reported. */
        boolean confirmed;
        boolean answered;
        int unanswered;

        Open(AddressConflict conflict, MacAddress foreign, VrrpState role, long suspectedNanos) {
            this.conflict = conflict;
            this.foreign = foreign;
            this.role = role;
            this.suspectedNanos = suspectedNanos;
        }
    }

    private final VrrpLoop loop;
    private final Plane plane;
    private final RuntimeObserver observer;
    private final Clock wallClock;
    private final Supplier<Collection<InstanceRuntime>> instances;
    private final Map<String, NeighbourWatch> watches = new HashMap<>();
    private final Set<String> unwatchable = new HashSet<>();
    private final Set<MacAddress> ownMacs = new HashSet<>();
    private final List<Claim> pending = new ArrayList<>();
    private final Map<Key, Open> open = new LinkedHashMap<>();
    /** A backup's knowledge of which MAC holds the addresses for each master it has heard. */
    private final Map<String, Map<InetAddress, MacAddress>> holders = new HashMap<>();
    /** The latest own address each station asked for a virtual address from. */
    private final Map<MacAddress, InetAddress> askers = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<MacAddress, InetAddress> eldest) {
            return size() > ASKERS;
        }
    };
    private final ByteBuffer frame = ByteBuffer.allocate(Math.max(AddressProbe.MAX_FRAME_LENGTH,
            UnsolicitedNeighbourAdvert.FRAME_LENGTH));
    private long nextProbe;
    /** When a claim last made this host's MACs be read again (at most once a probe interval). */
    private long ownMacsRead;

    AddressConflicts(VrrpLoop loop, Plane plane, RuntimeObserver observer, Clock wallClock,
                     Supplier<Collection<InstanceRuntime>> instances) {
        this.loop = loop;
        this.plane = plane;
        this.observer = observer;
        this.wallClock = wallClock;
        this.instances = instances;
    }

    /**
     * The running instances changed (start, reload, stop): watches follow the interfaces and
     * addresses they have now, and conflicts of instances or addresses that are gone end.
     */
    void refresh() {
        Map<String, Set<InetAddress>> wanted = new HashMap<>();
        for (InstanceRuntime runtime : instances.get()) {
            vipsByDevice(runtime.config()).forEach((device, vips) ->
                    wanted.computeIfAbsent(device, d -> new HashSet<>()).addAll(vips));
        }
        for (Iterator<Map.Entry<String, NeighbourWatch>> it = watches.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, NeighbourWatch> e = it.next();
            if (!wanted.containsKey(e.getKey())) {
                e.getValue().close();
                it.remove();
            }
        }
        unwatchable.retainAll(wanted.keySet());
        Set<String> names = new HashSet<>();
        instances.get().forEach(r -> names.add(r.name()));
        holders.keySet().retainAll(names);
        wanted.forEach(this::watch);
        readOwnMacs();
        if (!warmed && !watches.isEmpty()) {
            warmed = true;
            warmUp();
        }
        for (Map.Entry<Key, Open> e : List.copyOf(open.entrySet())) {
            Optional<InstanceRuntime> runtime = runtime(e.getKey().instance());
            if (runtime.isEmpty() || !holdsOrWatches(runtime.get(), e.getValue())) {
                end(e.getKey(), runtime.isEmpty() ? "the instance stopped" : "the instance no longer has the address");
            }
        }
        schedule();
    }

    private void watch(String device, Set<InetAddress> vips) {
        NeighbourWatch watch = watches.get(device);
        try {
            if (watch == null) {
                watches.put(device, plane.watch(device, vips, s -> loop.offer(() -> sighted(device, s))));
                unwatchable.remove(device);
            } else {
                watch.watch(vips);
            }
        } catch (IOException | RuntimeException e) {
            if (unwatchable.add(device)) {
                LOG.warn("cannot watch {} for other holders of its virtual addresses: {}", device, e.getMessage());
            }
        }
    }

    private void readOwnMacs() {
        try {
            ownMacs.clear();
            for (Link link : plane.links()) {
                if (link.mac() != null && link.mac().bytes().length == MacAddress.LENGTH) {
                    ownMacs.add(MacAddress.of(link.mac().bytes()));
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot read this host's MAC addresses: {}", e.getMessage());
        }
    }

    /** Every virtual address of {@code config}, by the device it goes on. */
    static Map<String, Set<InetAddress>> vipsByDevice(VrrpInstanceConfig config) {
        Map<String, Set<InetAddress>> byDevice = new HashMap<>();
        for (List<VirtualIpAddress> list : List.of(config.virtualIpAddresses(), config.virtualIpAddressesExcluded())) {
            for (VirtualIpAddress vip : list) {
                byDevice.computeIfAbsent(vip.device().orElse(config.interfaceName()), d -> new HashSet<>())
                        .add(vip.address());
            }
        }
        return byDevice;
    }

    /** A watch saw {@code sighting} on {@code device}. VRRP thread. */
    void sighted(String device, NeighbourSighting sighting) {
        MacAddress mac = sighting.hardware();
        if (sighting.asksFromOwnAddress()) {
            InetAddress sender = scoped(sighting.sender(), watches.get(device));
            askers.put(mac, sender);
            for (Open o : open.values()) {
                if (o.foreign.equals(mac) && o.conflict.interfaceName().equals(device)) {
                    learnOtherHost(o, sender);
                }
            }
        }
        Optional<InetAddress> answered = sighting.answered();
        if (answered.isPresent()) {
            for (Map.Entry<Key, Open> e : List.copyOf(open.entrySet())) {
                Open o = e.getValue();
                if (o.foreign.equals(mac) && o.conflict.address().equals(answered.get())
                        && o.conflict.interfaceName().equals(device)) {
                    o.answered = true;
                    if (!o.confirmed) {
                        confirm(o);
                    }
                }
            }
        }
        Optional<InetAddress> claimed = sighting.claimed();
        if (claimed.isEmpty() || ownMacs.contains(mac)) {
            return;
        }
        InetAddress address = claimed.get();
        boolean known = false;
        for (Open o : List.copyOf(open.values())) {
            if (o.foreign.equals(mac) && o.conflict.address().equals(address) && o.conflict.interfaceName().equals(device)) {
                known = true;
                claimedAgain(o);
            }
        }
        if (!known && pending.size() < PENDING && pending.stream().noneMatch(c -> c.mac().equals(mac) && c.address().equals(address)
                && c.interfaceName().equals(device))) {
            pending.add(new Claim(device, address, mac, loop.now() + GRACE_NANOS));
            schedule();
        }
    }

    /** An IPv6 link-local address means something only with its interface: the one it was seen on. */
    private static InetAddress scoped(InetAddress address, NeighbourWatch watch) {
        if (address instanceof Inet6Address v6 && v6.isLinkLocalAddress() && v6.getScopeId() == 0 && watch != null) {
            try {
                return Inet6Address.getByAddress(null, v6.getAddress(), watch.ifIndex());
            } catch (UnknownHostException e) {
                return address;
            }
        }
        return address;
    }

    @Override
    public void accept(long nowNanos) {
        for (Iterator<Claim> it = pending.iterator(); it.hasNext(); ) {
            Claim claim = it.next();
            if (claim.dueNanos() - nowNanos <= 0) {
                it.remove();
                judge(claim);
            }
        }
        if (!open.isEmpty() && nowNanos - nextProbe >= 0) {
            probeAll();
            nextProbe = nowNanos + PROBE_INTERVAL_NANOS;
        }
        schedule();
    }

    private void schedule() {
        long earliest = Long.MAX_VALUE;
        boolean any = false;
        for (Claim claim : pending) {
            earliest = any ? Math.min(earliest, claim.dueNanos()) : claim.dueNanos();
            any = true;
        }
        if (!open.isEmpty()) {
            earliest = any && earliest - nextProbe < 0 ? earliest : nextProbe;
            any = true;
        }
        if (any) {
            loop.schedule(this, earliest);
        } else {
            loop.cancel(this);
        }
    }

    /** Applies the rules to a claim whose grace has passed, for each instance with that address there. */
    private void judge(Claim claim) {
        if (ownMacs.contains(claim.mac())) {
            return;
        }
        long now = loop.now();
        if (now - ownMacsRead >= PROBE_INTERVAL_NANOS) {
            ownMacsRead = now;
            readOwnMacs(); // a link made since (a VMAC) is ours too
            if (ownMacs.contains(claim.mac())) {
                return;
            }
        }
        for (InstanceRuntime runtime : instances.get()) {
            VrrpInstanceConfig config = runtime.config();
            Set<InetAddress> here = vipsByDevice(config).getOrDefault(claim.interfaceName(), Set.of());
            Key key = new Key(runtime.name(), claim.address());
            if (!here.contains(claim.address()) || open.containsKey(key) || isVirtualMac(config, claim.mac())) {
                continue;
            }
            if (runtime.state() == VrrpState.MASTER) {
                start(key, runtime, claim, VrrpState.MASTER);
            } else if (runtime.state() == VrrpState.BACKUP && secondHolder(runtime, claim)) {
                start(key, runtime, claim, VrrpState.BACKUP);
            }
        }
    }

    private static boolean isVirtualMac(VrrpInstanceConfig config, MacAddress mac) {
        return config.vmac().enabled()
                && MacAddress.of(config.vmac().macFor(config.virtualRouterId(), config.family() == AddressFamily.IPV6))
                .equals(mac);
    }

    /**
     * Runs once, at the first watch, the code that judging a BACKUP's claim runs: a claim can come
     * in the middle of a takeover (an old master's delayed gratuitous ARPs), whose fast path must
     * not load or generate a class for the first time (see this package's package-info). The AOT
     * cache's training run cannot stand in for it: the forms behind a record's equals and hashCode
     * (the claim's {@link Key}) are generated anew in every process, cache or not, and a daemon
     * started without the cache has nothing loaded ahead.
     */
    private void warmUp() {
        Key unused = new Key("", InetAddress.getLoopbackAddress());
        neighbourMac(unused.address());
        for (InstanceRuntime runtime : instances.get()) {
            masterHeard(runtime);
        }
    }

    /**
     * A BACKUP's rule: the claim comes from another MAC than the one of the master it hears now.
     * That master's MAC is the neighbour table's for its address, or else the first MAC seen
     * claiming the address since its adverts were heard (a new master advertises before it
     * announces). A legitimate failover changes the master heard, so it never counts.
     */
    private boolean secondHolder(InstanceRuntime runtime, Claim claim) {
        Optional<InetAddress> master = masterHeard(runtime);
        if (master.isEmpty()) {
            return false;
        }
        Map<InetAddress, MacAddress> known = holders.get(runtime.name());
        if (known == null) {
            known = new HashMap<>();
            holders.put(runtime.name(), known);
        }
        MacAddress holder = known.get(master.get());
        if (holder == null) {
            holder = neighbourMac(master.get()).orElse(claim.mac());
            known.put(master.get(), holder);
        }
        return !holder.equals(claim.mac());
    }

    /** The master a BACKUP hears: the peer heard last, if within its Master_Down_Interval. */
    private Optional<InetAddress> masterHeard(InstanceRuntime runtime) {
        InstanceStatus status = runtime.snapshot();
        Instant since = wallClock.instant().minus(masterDown(status));
        return status.peers().stream().filter(p -> p.lastAdvert().isAfter(since))
                .max(Comparator.comparing(InstanceStatus.Peer::lastAdvert)).map(InstanceStatus.Peer::address);
    }

    /** Three advert intervals and a second of slack (Skew_Time, a slow host). */
    private static Duration masterDown(InstanceStatus status) {
        return Duration.ofMillis(30L * status.advertIntervalCentis() + 1000);
    }

    private Optional<MacAddress> neighbourMac(InetAddress address) {
        try {
            return plane.neighbours().stream().filter(n -> n.address().equals(address)).findFirst()
                    .map(n -> MacAddress.of(n.mac().bytes()));
        } catch (IOException e) {
            LOG.debug("cannot read the neighbour table: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** Asks the claimant whether it holds the address now; see the class comment. */
    private void start(Key key, InstanceRuntime runtime, Claim claim, VrrpState role) {
        AddressConflict conflict = new AddressConflict(runtime.name(), claim.interfaceName(),
                runtime.config().virtualRouterId(), claim.address(), claim.mac().toString(), Optional.empty(),
                wallClock.instant());
        long now = loop.now();
        Open o = new Open(conflict, claim.mac(), role, now);
        open.put(key, o);
        LOG.debug("({}) {} claimed by {} on {}; asking it", runtime.name(), claim.address().getHostAddress(),
                claim.mac(), claim.interfaceName());
        probe(runtime, o);
        if (open.size() == 1 || nextProbe - now <= 0) {
            nextProbe = now + PROBE_INTERVAL_NANOS;
        }
    }

    /**
     * The station claimed the address again while asked. A station that announces an address it
     * does not answer for (an injector, a stack that only sends gratuitous ARPs) would never confirm
     * by answering, so a claim repeated well after the suspicion began confirms it as an answer
     * would; an old master's announcements still in flight come within {@link #REPEAT_NANOS} of its
     * first. A claim keeps an open conflict open as an answer does.
     */
    private void claimedAgain(Open o) {
        o.answered = true;
        if (!o.confirmed && loop.now() - o.suspectedNanos >= REPEAT_NANOS) {
            confirm(o);
        }
    }

    /** The claimant answered: the conflict is real. */
    private void confirm(Open o) {
        o.confirmed = true;
        o.conflict = new AddressConflict(o.conflict.instance(), o.conflict.interfaceName(), o.conflict.vrid(),
                o.conflict.address(), o.conflict.foreignMac(), Optional.empty(), wallClock.instant());
        LOG.warn("({}) address conflict on {}: {} is also claimed by {}{}; other host's address not known yet",
                o.conflict.instance(), o.conflict.interfaceName(), o.conflict.address().getHostAddress(), o.foreign,
                o.role == VrrpState.BACKUP ? " besides the master" : "");
        observer.conflictNoticed(o.conflict);
        runtime(o.conflict.instance()).ifPresent(runtime -> announceTo(runtime, o));
        Optional.ofNullable(askers.get(o.foreign)).ifPresent(asker -> learnOtherHost(o, asker));
        if (o.conflict.otherHost().isEmpty()) {
            lookUpOtherHosts(List.of(o));
        }
    }

    private void probeAll() {
        List<Open> unknown = new ArrayList<>();
        for (Map.Entry<Key, Open> e : List.copyOf(open.entrySet())) {
            Open o = e.getValue();
            if (!o.confirmed) {
                if (loop.now() - o.suspectedNanos >= PROBE_INTERVAL_NANOS) {
                    open.remove(e.getKey());
                    LOG.debug("({}) {} did not answer for {}: no conflict", e.getKey().instance(), o.foreign,
                            o.conflict.address().getHostAddress());
                }
                continue;
            }
            Optional<InstanceRuntime> runtime = runtime(e.getKey().instance());
            if (runtime.isEmpty()) {
                end(e.getKey(), "the instance stopped");
                continue;
            }
            if (runtime.get().state() != o.role) {
                end(e.getKey(), "the instance left " + o.role);
                continue;
            }
            if (!holdsOrWatches(runtime.get(), o)) {
                end(e.getKey(), "the instance no longer has the address");
                continue;
            }
            if (o.role == VrrpState.BACKUP && masterHeard(runtime.get()).isEmpty()) {
                end(e.getKey(), "the master is no longer heard");
                continue;
            }
            o.unanswered = o.answered ? 0 : o.unanswered + 1;
            if (o.unanswered >= UNANSWERED_PROBES) {
                end(e.getKey(), UNANSWERED_PROBES + " probes unanswered");
                continue;
            }
            probe(runtime.get(), o);
            if (o.conflict.otherHost().isEmpty()) {
                unknown.add(o);
            }
        }
        if (!unknown.isEmpty()) {
            lookUpOtherHosts(unknown);
        }
    }

    private boolean holdsOrWatches(InstanceRuntime runtime, Open o) {
        return vipsByDevice(runtime.config()).getOrDefault(o.conflict.interfaceName(), Set.of())
                .contains(o.conflict.address());
    }

    /**
     * Asks the other station whether it still holds the address; a MASTER also tells it, and it
     * alone, that the address is held here (a unicast gratuitous ARP or advertisement), so that a
     * keepwatch there notices the conflict as well.
     */
    private void probe(InstanceRuntime runtime, Open o) {
        NeighbourWatch watch = watches.get(o.conflict.interfaceName());
        if (watch == null) {
            return;
        }
        InetAddress address = o.conflict.address();
        InetAddress own = runtime.spec().primaryAddress();
        try {
            if (address instanceof Inet4Address v4 && own instanceof Inet4Address primary) {
                send(watch, AddressProbe.arp(watch.mac(), primary, o.foreign, v4, cleared()));
            } else if (address instanceof Inet6Address v6 && own instanceof Inet6Address primary) {
                send(watch, AddressProbe.neighbourSolicitation(watch.mac(), primary, o.foreign, v6, cleared()));
            }
            if (o.confirmed) {
                announceTo(runtime, o);
            }
        } catch (IOException e) {
            LOG.debug("({}) probe of {} on {} failed: {}", runtime.name(), o.foreign, watch.interfaceName(),
                    e.getMessage());
        }
        o.answered = false;
    }

    /**
     * A MASTER in a conflict tells the other station, and it alone, that the address is held here
     * too (a unicast gratuitous ARP or advertisement), so that a keepwatch there notices as well.
     */
    private void announceTo(InstanceRuntime runtime, Open o) {
        NeighbourWatch watch = watches.get(o.conflict.interfaceName());
        if (watch == null || o.role != VrrpState.MASTER) {
            return;
        }
        try {
            switch (o.conflict.address()) {
                case Inet4Address v4 -> send(watch, GratuitousArp.encode(watch.mac(), v4, o.foreign, cleared()));
                case Inet6Address v6 -> send(watch,
                        UnsolicitedNeighbourAdvert.encode(watch.mac(), v6, false, o.foreign, cleared()));
                default -> { }
            }
        } catch (IOException e) {
            LOG.debug("({}) announcement to {} on {} failed: {}", runtime.name(), o.foreign, watch.interfaceName(),
                    e.getMessage());
        }
    }

    private ByteBuffer cleared() {
        return frame.clear();
    }

    private void send(NeighbourWatch watch, int length) throws IOException {
        byte[] bytes = new byte[length];
        frame.flip().get(bytes);
        watch.send(bytes);
    }

    /**
     * The other holder's own address from the neighbour table: an entry with its MAC and the
     * conflict's family that is no virtual address, preferring one that sent adverts.
     */
    private void lookUpOtherHosts(List<Open> conflicts) {
        List<Neighbour> table;
        try {
            table = plane.neighbours();
        } catch (IOException e) {
            LOG.debug("cannot read the neighbour table: {}", e.getMessage());
            return;
        }
        Set<InetAddress> virtual = new HashSet<>();
        Map<String, Set<InetAddress>> advertisers = new HashMap<>();
        for (InstanceRuntime runtime : instances.get()) {
            vipsByDevice(runtime.config()).values().forEach(virtual::addAll);
            Set<InetAddress> heard = new HashSet<>();
            runtime.snapshot().peers().forEach(p -> heard.add(p.address()));
            advertisers.put(runtime.name(), heard);
        }
        for (Open o : conflicts) {
            byte[] foreign = o.foreign.octets();
            Set<InetAddress> heard = advertisers.getOrDefault(o.conflict.instance(), Set.of());
            table.stream()
                    .filter(n -> Arrays.equals(n.mac().bytes(), foreign))
                    .map(Neighbour::address)
                    .filter(a -> a.getClass() == o.conflict.address().getClass() && !virtual.contains(a))
                    .min(Comparator.comparing(a -> heard.contains(a) ? 0 : 1))
                    .ifPresent(a -> learnOtherHost(o, a));
        }
    }

    private void learnOtherHost(Open o, InetAddress host) {
        if (!o.confirmed || o.conflict.otherHost().isPresent() || host.getClass() != o.conflict.address().getClass()
                || host.equals(o.conflict.address())) {
            return;
        }
        o.conflict = o.conflict.withOtherHost(host);
        LOG.warn("({}) address conflict on {}: {} is also claimed by {} at {}", o.conflict.instance(),
                o.conflict.interfaceName(), o.conflict.address().getHostAddress(), o.foreign, host.getHostAddress());
        observer.conflictNoticed(o.conflict);
    }

    private void end(Key key, String why) {
        Open o = open.remove(key);
        if (o == null || !o.confirmed) {
            return;
        }
        LOG.info("({}) address conflict on {} over: {} no longer claimed by {} ({})", o.conflict.instance(),
                o.conflict.interfaceName(), o.conflict.address().getHostAddress(), o.foreign, why);
        observer.conflictEnded(o.conflict);
    }

    private Optional<InstanceRuntime> runtime(String name) {
        return instances.get().stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** Ends every conflict and closes the watches (the daemon stops). */
    @Override
    public void close() {
        for (Key key : List.copyOf(open.keySet())) {
            end(key, "keepwatch stops");
        }
        pending.clear();
        watches.values().forEach(NeighbourWatch::close);
        watches.clear();
    }
}
