package io.keepwatch.runtime;

import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.SyncGroupConfig;
import io.keepwatch.config.model.TrackedInterface;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.linux.IfAddress;
import io.keepwatch.linux.Link;
import io.keepwatch.runtime.net.AdvertSink;
import io.keepwatch.runtime.net.InstanceWiring;
import io.keepwatch.runtime.net.LinuxDataPlane;
import io.keepwatch.runtime.witness.WitnessFences;
import io.keepwatch.vrrp.InstanceSpec;
import io.keepwatch.vrrp.SyncGroup;
import io.keepwatch.vrrp.TrackerSpec;
import io.keepwatch.vrrp.VrrpEvent;
import io.keepwatch.vrrp.VrrpInstance;
import io.keepwatch.vrrp.VrrpResult;
import io.keepwatch.vrrp.VrrpState;
import io.keepwatch.vrrp.codec.DecodeResult;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every running instance, on the VRRP thread: starting them from a configuration, replacing what a
 * reload changed while leaving the rest untouched, passing link changes on, and stopping them. It
 * owns the {@link LinkTable}, which the instances' start and link changes read.
 */
final class Instances {

    private static final Logger LOG = LoggerFactory.getLogger(Instances.class);

    /** One instance and its place in the data plane. */
    private static final class Entry {
        final InstanceRuntime runtime;
        final NetworkSlot slot;
        InstanceWiring wiring;
        final boolean primaryKnown;
        LinuxDataPlane.Attachment attachment;

        Entry(InstanceRuntime runtime, NetworkSlot slot, InstanceWiring wiring, boolean primaryKnown) {
            this.runtime = runtime;
            this.slot = slot;
            this.wiring = wiring;
            this.primaryKnown = primaryKnown;
        }
    }

    private final VrrpLoop loop;
    private final LinuxDataPlane dataPlane;
    private final TransitionListener listener;
    private final Clock wallClock;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final RejectionLog rejections = new RejectionLog();
    private final RuntimeObserver observer;
    private final LinkTable links = new LinkTable();
    private final TrackerLevels trackerLevels;
    private final AddressConflicts conflicts;
    private KeepalivedConfig config;
    /** witness NAME: the networks of fenced instances, and whether each witness's session is live. */
    private WitnessFences fences = new WitnessFences(null, null, null);

    /** @param trackerLevels what the core's trackers know already, given to each instance as it starts */
    Instances(VrrpLoop loop, LinuxDataPlane dataPlane, TransitionListener listener, Clock wallClock,
              RuntimeObserver observer, TrackerLevels trackerLevels) {
        this.observer = observer;
        this.trackerLevels = trackerLevels;
        this.loop = loop;
        this.dataPlane = dataPlane;
        this.listener = listener;
        this.wallClock = wallClock;
        this.conflicts = new AddressConflicts(loop, AddressConflicts.linux(dataPlane), observer, wallClock,
                () -> entries.values().stream().map(e -> e.runtime).toList());
    }

    /** Fenced instances bind their addresses through {@code witnessFences}; before the first start. */
    void fenceWith(WitnessFences witnessFences) {
        this.fences = witnessFences;
    }

    /** Starts the instances of {@code initial}, with {@code present} (every link) as the link table. */
    void startAll(KeepalivedConfig initial, List<Link> present) {
        for (Link link : present) {
            links.record(link.name(), LinkTable.usable(link));
        }
        this.config = initial;
        List<Entry> created = new ArrayList<>();
        for (VrrpInstanceConfig instance : initial.instances()) {
            create(instance, initial).ifPresent(created::add);
        }
        start(created, initial);
        dataPlane.clearVmacLeftovers(initial.global().vmacNaming().prefix());
        initial.global().vmacNaming().addrPrefix().ifPresent(dataPlane::clearVmacLeftovers);
        conflicts.refresh();
    }

    private void start(List<Entry> created, KeepalivedConfig cfg) {
        Set<String> names = new HashSet<>();
        created.forEach(e -> names.add(e.runtime.name()));
        List<SyncGroup> groups = new ArrayList<>();
        for (SyncGroupConfig groupConfig : cfg.syncGroups()) {
            List<Entry> members = groupConfig.instances().stream()
                    .filter(names::contains).map(entries::get).filter(Objects::nonNull).toList();
            if (members.isEmpty()) {
                continue;
            }
            SyncGroup group = new SyncGroup(groupConfig.name(),
                    members.stream().map(m -> m.runtime.engine()).toList());
            members.forEach(m -> m.runtime.joinGroup(group, this::runtime));
            groups.add(group);
        }
        long now = loop.now();
        for (Entry entry : created) {
            initialLinks(entry, now);
            initialTrackers(entry, now);
        }
        Set<String> grouped = new HashSet<>();
        for (SyncGroup group : groups) {
            for (VrrpResult result : group.startAll(now)) {
                runtime(result.instance()).perform(result);
                grouped.add(result.instance());
            }
            // the group leaves INIT with its members (its own state starts as the one it wants)
            InstanceRuntime first = runtime(group.members().getFirst().name());
            InstanceRuntime.groupMoved(group, VrrpState.INIT, first.name(), first.lastReason());
        }
        for (Entry entry : created) {
            if (!grouped.contains(entry.runtime.name())) {
                entry.runtime.deliver(VrrpEvent.START, now);
            }
        }
    }

    /** The running instance {@code name}, or null. */
    InstanceRuntime runtime(String name) {
        Entry entry = entries.get(name);
        return entry == null ? null : entry.runtime;
    }

    /** Builds one instance and attaches it to its interface, or explains why it cannot run. */
    private Optional<Entry> create(VrrpInstanceConfig instance, KeepalivedConfig cfg) {
        try {
            List<IfAddress> addresses = dataPlane.addresses(instance.interfaceName());
            Optional<InetAddress> primary = Wirings.primaryAddress(instance, cfg, addresses);
            if (primary.isEmpty()) {
                LOG.warn("({}) interface {} {}; the instance waits in FAULT", instance.name(),
                        instance.interfaceName(),
                        addresses.isEmpty() ? "does not exist or has no address" : "has no usable address");
            }
            InstanceSpec spec = InstanceSpecs.from(instance, cfg, primary.orElse(Wirings.unspecified(instance)));
            InstanceWiring plain = Wirings.wiring(instance, spec, cfg);
            Optional<InstanceWiring> placed = primary.isEmpty() ? Optional.of(plain)
                    : VmacWiring.place(dataPlane, instance, spec, cfg, plain);
            InstanceWiring wiring = placed.orElse(plain);
            NetworkSlot slot = new NetworkSlot(instance.name());
            InstanceRuntime runtime = new InstanceRuntime(instance, spec, loop, instance.witness().elects()
                    ? new ElectedNetwork(instance.name(), slot) : fences.network(instance, slot), listener,
                    wallClock, observer);
            Entry entry = new Entry(runtime, slot, wiring, primary.isPresent());
            entries.put(instance.name(), entry);
            clearLeftovers(entry);
            if (primary.isPresent() && placed.isPresent()) {
                attach(entry);
            }
            return Optional.of(entry);
        } catch (IOException | RuntimeException e) {
            LOG.error("({}) cannot start: {}", instance.name(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Received adverts of {@code runtime}: valid ones to the VRRP thread, rejected ones counted. */
    private AdvertSink sinkFor(InstanceRuntime runtime) {
        return new AdvertSink() {
            @Override
            public void accepted(DecodeResult.Accepted advert, long receivedNanos) {
                // The advert's time is when the kernel received it, not when the VRRP thread runs
                // the task, nor even when this reader woke up for it: the timers restart on receipt
                // (RFC 5798 section 6.4.2), and waking the VRRP thread on another CPU can take
                // milliseconds, which would make every Master_Down_Timer that much late.
                // The age is taken on System.nanoTime's scale, the loop's own in the daemon. (An
                // advert stamped before a timer that fell due while it waited takes that timer's
                // time: see VrrpLoop.eventTime.)
                long arrived = loop.now() - Math.max(0, System.nanoTime() - receivedNanos);
                var event = new VrrpEvent.AdvertReceived(advert.source(), advert.advert().priority(),
                        advert.advert().advertIntervalCentis(), advert.addressListMismatch());
                observer.advertReceived(runtime.name(), advert.advert().priority(), advert.addressListMismatch());
                loop.offer(() -> runtime.deliver(event, loop.eventTime(arrived)));
            }

            @Override
            public void rejected(DecodeResult.Rejected rejection) {
                rejections.record(runtime.name(), rejection);
                observer.advertRejected(runtime.name(), rejection.reason());
            }
        };
    }

    private void attach(Entry entry) {
        InstanceRuntime runtime = entry.runtime;
        try {
            entry.attachment = runtime.spec().elected() ? dataPlane.attachLocal(entry.wiring)
                    : dataPlane.attach(entry.wiring, sinkFor(runtime));
            entry.slot.set(entry.attachment);
        } catch (IOException | RuntimeException e) {
            LOG.warn("({}) cannot open VRRP socket on {}: {}; the instance waits in FAULT", runtime.name(),
                    entry.wiring.interfaceName(), e.getMessage());
        }
    }

    /**
     * An earlier run that was killed (kill -9) leaves its VIPs behind, on every device they were
     * on. Remove them now, so a backup never holds them; the instance adds them again if it becomes
     * master. This is done whether or not the instance's own interface is usable: a {@code dev}
     * VIP on another device would otherwise stay while the instance waits in FAULT.
     */
    private void clearLeftovers(Entry entry) {
        try {
            dataPlane.clearLeftovers(entry.wiring, entry.runtime.spec().allVips());
        } catch (IOException e) {
            LOG.error("({}) cannot look for VIPs left by an earlier run: {}", entry.runtime.name(), e.getMessage());
        }
    }

    private void initialLinks(Entry entry, long now) {
        VrrpInstanceConfig instance = entry.runtime.config();
        boolean ownUp = entry.attachment != null && links.isUp(instance.interfaceName());
        if (!ownUp && (!instance.dontTrackPrimary() || entry.attachment == null)) {
            entry.runtime.deliver(new VrrpEvent.LinkChanged(instance.interfaceName(), false), now);
        }
        for (String tracked : trackedInterfaces(instance)) {
            if (!links.isUp(tracked)) {
                entry.runtime.deliver(new VrrpEvent.LinkChanged(tracked, false), now);
            }
        }
    }

    /**
     * The trackers' results known before the instance starts (a script that has run already, a
     * tracked file's number), as keepalived sets an instance's priority and FAULT from them before
     * it starts; the others keep the spec's initial state until their first result.
     */
    private void initialTrackers(Entry entry, long now) {
        if (entry.runtime.config().witness().fences()) {
            String witness = entry.runtime.config().witness().witness();
            entry.runtime.deliver(new VrrpEvent.TrackerChanged(WitnessFences.tracker(witness),
                    fences.live(witness, now)), now);
        }
        if (entry.runtime.config().tracked().sourceAddress()) {
            entry.runtime.deliver(new VrrpEvent.TrackerChanged(InstanceSpecs.SOURCE_ADDRESS_TRACKER,
                    hasSourceAddress(entry.runtime.config())), now);
        }
        for (TrackerSpec tracker : entry.runtime.spec().trackers()) {
            OptionalLong level = trackerLevels.level(tracker.name());
            if (level.isPresent()) {
                entry.runtime.deliver(new VrrpEvent.TrackerLevel(tracker.name(), level.getAsLong()), now);
            }
        }
    }

    private Set<String> trackedInterfaces(VrrpInstanceConfig instance) {
        Set<String> names = new HashSet<>();
        instance.trackInterfaces().stream().map(TrackedInterface::name).forEach(names::add);
        InstanceSpecs.syncGroupOf(instance.name(), config)
                .ifPresent(g -> g.trackInterfaces().stream().map(TrackedInterface::name).forEach(names::add));
        names.addAll(config.statics().trackedInterfaces(instance.name()));
        return names;
    }

    /** A snapshot of every running instance, in configuration order. */
    List<InstanceStatus> statuses() {
        return entries.values().stream().map(e -> e.runtime.snapshot()).toList();
    }

    /** True once {@link #startAll} has run. */
    boolean started() {
        return config != null;
    }

    /**
     * Every link of the namespace, from a dump: each is recorded as {@link #linkState} records it,
     * and a link recorded before that is missing now counts as down.
     */
    void linkSnapshot(List<Link> present) {
        Set<String> names = new HashSet<>();
        for (Link link : present) {
            names.add(link.name());
            linkIndex(link.name(), link.index());
            linkState(link.name(), LinkTable.usable(link));
        }
        for (String known : links.names()) {
            if (!names.contains(known)) {
                linkRemoved(known);
            }
        }
    }

    /**
     * Link {@code name} was deleted: its instances go to FAULT as for a link down, and their VRRP
     * sockets, bound to the deleted interface's index, are closed. If an interface of that name is
     * made again, {@link #linkChanged} opens them on the new one, as keepalived does (it finds the
     * interface again by name and reopens the instance's sockets). An instance on a VMAC is left to
     * {@link VmacWiring}, which makes the VMAC again.
     */
    void linkRemoved(String name) {
        List<Entry> bound = boundTo(name);
        linkState(name, false);
        dataPlane.linkDeleted(name);
        for (Entry entry : bound) {
            if (entries.get(entry.runtime.name()) != entry || entry.attachment == null) {
                continue;
            }
            LOG.info("({}) interface {} was deleted; its VRRP socket is closed until it is made again",
                    entry.runtime.name(), name);
            entry.attachment.close();
            entry.attachment = null;
            entry.slot.set(null);
        }
    }

    /** The running instances whose own socket (not a VMAC's) is open on interface {@code name}. */
    private List<Entry> boundTo(String name) {
        return entries.values().stream().filter(e -> e.attachment != null && e.wiring.interfaceName().equals(name)
                && e.runtime.config().interfaceName().equals(name)).toList();
    }

    /**
     * Link {@code name} has interface index {@code index} now. An instance whose socket is bound to
     * another index missed the link's deletion (the kernel's events were lost): it is handled as a
     * deletion now, and the link's state that follows puts the instance on the new interface.
     */
    void linkIndex(String name, int index) {
        if (boundTo(name).stream().anyMatch(e -> e.attachment.ifIndex() != index)) {
            LOG.info("interface {} was made again (index {})", name, index);
            linkRemoved(name);
        }
    }

    /** Link {@code name} is usable or not now; a change is logged and goes to every instance on or tracking it. */
    void linkState(String name, boolean up) {
        if (links.record(name, up)) {
            LOG.info("link {} is {}", name, up ? "up" : "down");
            linkChanged(name, up);
        }
    }

    private void linkChanged(String name, boolean up) {
        long now = loop.now();
        for (Entry entry : List.copyOf(entries.values())) {
            VrrpInstanceConfig instance = entry.runtime.config();
            if (VmacWiring.lost(dataPlane, entry.runtime.name(), instance, name, up, links.isUp(instance.interfaceName()))) {
                LOG.warn("({}) its VMAC is gone; making it again", instance.name());
                recreate(entry);
                continue;
            }
            if (instance.interfaceName().equals(name)) {
                if (up && !entry.primaryKnown) {
                    recreate(entry);
                    continue;
                }
                if (up && entry.attachment == null) {
                    reattach(entry);
                }
                if (!instance.dontTrackPrimary() && (entry.attachment != null || !up)) {
                    entry.runtime.deliver(new VrrpEvent.LinkChanged(name, up), now);
                }
            }
            if (trackedInterfaces(instance).contains(name)) {
                entry.runtime.deliver(new VrrpEvent.LinkChanged(name, up), now);
            }
        }
    }

    /**
     * An address appeared: an instance that started before its interface had a usable one (DHCP
     * still asking, say) can run now. Sync group members wait for a reload, as in
     * {@link #recreate}.
     */
    void addressAdded() {
        for (Entry entry : List.copyOf(entries.values())) {
            VrrpInstanceConfig instance = entry.runtime.config();
            if (!entry.primaryKnown && entry.runtime.groupName().isEmpty() && hasPrimaryAddress(instance)) {
                recreate(entry);
            } else if (entry.primaryKnown && entry.attachment == null && !instance.vmac().enabled()
                    && links.isUp(instance.interfaceName()) && reattach(entry) && !instance.dontTrackPrimary()) {
                entry.runtime.deliver(new VrrpEvent.LinkChanged(instance.interfaceName(), true), loop.now());
            }
        }
    }

    /**
     * Opens the VRRP socket of an instance whose interface was deleted and made again, once the new
     * interface has an address: the advert source is chosen again from it (unless unicast_src_ip or
     * mcast_src_ip gives it), as keepalived drops the source with the old interface's last address
     * and takes the first address the new one gets. Until then the instance stays in FAULT.
     *
     * @return whether the socket is open now
     */
    private boolean reattach(Entry entry) {
        VrrpInstanceConfig instance = entry.runtime.config();
        if (instance.vmac().ipvlan().isPresent()) {
            return false; // never on its interface itself: see VmacWiring
        }
        if (instance.vmac().enabled()) {
            attach(entry);
            return entry.attachment != null;
        }
        Optional<InetAddress> primary;
        try {
            primary = Wirings.primaryAddress(instance, config, dataPlane.addresses(instance.interfaceName()));
        } catch (IOException e) {
            primary = Optional.empty();
        }
        if (primary.isEmpty()) {
            LOG.info("({}) interface {} has no usable address yet; the instance waits in FAULT", instance.name(),
                    instance.interfaceName());
            return false;
        }
        if (!primary.get().equals(entry.runtime.spec().primaryAddress())) {
            InstanceSpec spec = InstanceSpecs.from(instance, config, primary.get());
            entry.wiring = Wirings.wiring(instance, spec, config);
            entry.runtime.reconfigure(instance, spec, loop.now());
            LOG.info("({}) source address is now {}", instance.name(), primary.get().getHostAddress());
        }
        attach(entry);
        return entry.attachment != null;
    }

    /**
     * An address appeared or went (or events were lost): each instance with track_src_ip hears
     * whether its configured source address is on its interface, as keepalived puts it in FAULT
     * while the address is missing.
     */
    void sourceAddresses() {
        long now = loop.now();
        for (Entry entry : entries.values()) {
            VrrpInstanceConfig instance = entry.runtime.config();
            if (instance.tracked().sourceAddress()) {
                entry.runtime.deliver(new VrrpEvent.TrackerChanged(InstanceSpecs.SOURCE_ADDRESS_TRACKER,
                        hasSourceAddress(instance)), now);
            }
        }
    }

    private boolean hasSourceAddress(VrrpInstanceConfig instance) {
        InetAddress source = instance.unicastSrcIp().or(instance::mcastSrcIp).orElseThrow();
        try {
            return dataPlane.addresses(instance.interfaceName()).stream().anyMatch(a -> a.address().equals(source));
        } catch (IOException e) {
            return false;
        }
    }

    private boolean hasPrimaryAddress(VrrpInstanceConfig instance) {
        try {
            return Wirings.primaryAddress(instance, config, dataPlane.addresses(instance.interfaceName())).isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    /** The interface of an instance that started without one has appeared: start it properly. */
    private void recreate(Entry entry) {
        if (entry.runtime.groupName().isPresent()) {
            LOG.warn("({}) its interface appeared; sync group members start with it after a reload",
                    entry.runtime.name());
            return;
        }
        stop(entry);
        entries.remove(entry.runtime.name());
        create(entry.runtime.config(), config).ifPresent(created -> start(List.of(created), config));
        conflicts.refresh();
    }

    /** Something {@code name} added as MASTER was deleted by someone else (see {@link VrrpEvent.Deleted}). */
    void deleted(String name, String what) {
        InstanceRuntime runtime = runtime(name);
        if (runtime != null) {
            runtime.deliver(new VrrpEvent.Deleted(what), loop.now());
        }
    }

    /** A check or script changed state: every instance tracking it hears of it. */
    void trackerChanged(String name, boolean up, String message) {
        toTracking(name, new VrrpEvent.TrackerChanged(name, up), (up ? "up: " : "down: ") + message);
    }

    /** A tracked file's number changed: every instance tracking it hears of it. */
    void trackerLevel(String name, long level, String message) {
        toTracking(name, new VrrpEvent.TrackerLevel(name, level), "at " + level + ": " + message);
    }

    private void toTracking(String name, VrrpEvent event, String state) {
        long now = loop.now();
        for (Entry entry : List.copyOf(entries.values())) {
            boolean tracks = entry.runtime.spec().trackers().stream().anyMatch(t -> t.name().equals(name));
            if (tracks) {
                LOG.info("({}) tracked {} is {}", entry.runtime.name(), name, state);
                entry.runtime.deliver(event, now);
            }
        }
    }

    /**
     * Every instance resigns first (priority-0 advert, VIPs released), and only then are sockets
     * closed: closing waits for a reader thread, and no backup should wait for that before its
     * Skew_Time starts.
     */
    void stopAll() {
        List<Entry> all = List.copyOf(entries.values());
        for (Entry entry : all) {
            resign(entry);
        }
        for (Entry entry : all) {
            detach(entry);
        }
        entries.clear();
        conflicts.close();
    }

    private void stop(Entry entry) {
        resign(entry);
        detach(entry);
    }

    private void resign(Entry entry) {
        try {
            entry.runtime.deliver(VrrpEvent.SHUTDOWN, loop.now());
        } catch (RuntimeException e) {
            LOG.error("({}) shutdown failed: {}", entry.runtime.name(), e.getMessage());
        }
        loop.cancel(entry.runtime);
    }

    private void detach(Entry entry) {
        if (entry.attachment != null) {
            entry.attachment.close();
        }
        dataPlane.releaseVmac(entry.runtime.name());
        fences.forget(entry.runtime.name());
        observer.removed(entry.runtime.name());
    }

    /**
     * Applies a reloaded configuration: instances that did not change keep their state, their
     * timers and their VIPs; removed ones resign (priority 0) and release; new ones start; changed
     * ones of the same virtual router take the new settings in their current state (a MASTER adds
     * or removes only the addresses that changed); the rest are replaced.
     */
    void apply(KeepalivedConfig old, KeepalivedConfig next) {
        ReloadPlan plan = ReloadPlan.between(old, next);
        LOG.info("reload: {}", plan);
        for (String name : plan.removed()) {
            Entry entry = entries.remove(name);
            if (entry != null) {
                entry.runtime.removedByReload();
                stop(entry);
            }
        }
        List<String> replace = new ArrayList<>();
        for (String name : plan.changed()) {
            Entry entry = entries.get(name);
            VrrpInstanceConfig updated = next.instance(name).orElseThrow();
            if (entry != null && !reconfigure(entry, old, updated, next)) {
                entries.remove(name);
                stop(entry);
                replace.add(name);
            }
        }
        this.config = next;
        List<Entry> created = new ArrayList<>();
        for (String name : plan.startOrder()) {
            if (replace.contains(name) || plan.added().contains(name)) {
                next.instance(name).flatMap(i -> create(i, next)).ifPresent(created::add);
            }
        }
        start(created, next);
        conflicts.refresh();
    }

    /**
     * Gives a changed instance its new settings in place. Returns false when it must be replaced
     * instead: another virtual router (VRID, version, family, interface), another sync group, or
     * not attached to its interface yet.
     */
    private boolean reconfigure(Entry entry, KeepalivedConfig old, VrrpInstanceConfig updated, KeepalivedConfig next) {
        VrrpInstanceConfig before = entry.runtime.config();
        boolean sameRouter = before.virtualRouterId() == updated.virtualRouterId()
                && before.version() == updated.version() && before.family() == updated.family()
                && before.interfaceName().equals(updated.interfaceName()) && before.vmac().equals(updated.vmac())
                && before.witness().equals(updated.witness());
        boolean sameGroup = InstanceSpecs.syncGroupOf(before.name(), old).map(SyncGroupConfig::name)
                .equals(InstanceSpecs.syncGroupOf(updated.name(), next).map(SyncGroupConfig::name));
        if (!sameRouter || !sameGroup || entry.attachment == null || !entry.primaryKnown) {
            return false;
        }
        try {
            InetAddress primary = Wirings.primaryAddress(updated, next, dataPlane.addresses(updated.interfaceName()))
                    .orElse(entry.runtime.spec().primaryAddress());
            InstanceSpec spec = InstanceSpecs.from(updated, next, primary);
            InstanceWiring wiring = VmacWiring.place(dataPlane, updated, spec, next, Wirings.wiring(updated, spec, next))
                    .orElseThrow(() -> new IOException("its VMAC cannot be made"));
            entry.attachment = entry.attachment.rewire(wiring, sinkFor(entry.runtime));
            entry.slot.set(entry.attachment);
            entry.wiring = wiring;
            entry.runtime.reconfigure(updated, spec, loop.now());
            LOG.info("({}) reconfigured in state {}", updated.name(), entry.runtime.state());
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("({}) cannot take the new settings in place ({}); restarting it", updated.name(), e.getMessage());
            return false;
        }
    }

}
