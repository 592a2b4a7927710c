package io.keepwatch.runtime.net;

import io.keepwatch.linux.AddressSpec;
import io.keepwatch.linux.Errno;
import io.keepwatch.linux.IfAddress;
import io.keepwatch.linux.Link;
import io.keepwatch.linux.NativeException;
import io.keepwatch.linux.ReceiveBuffer;
import io.keepwatch.linux.RtNetlink;
import io.keepwatch.vrrp.AddressFamily;
import io.keepwatch.vrrp.VirtualAddress;
import io.keepwatch.vrrp.codec.AhSequence;
import io.keepwatch.vrrp.codec.AuthType;
import io.keepwatch.vrrp.codec.Authentication;
import io.keepwatch.vrrp.codec.Endpoints;
import io.keepwatch.vrrp.codec.IpsecAh;
import io.keepwatch.vrrp.codec.VrrpAdvert;
import io.keepwatch.vrrp.codec.VrrpEncoder;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Linux data plane behind every instance: raw VRRP sockets shared per interface and family,
 * rtnetlink for virtual addresses, packet sockets for gratuitous announcements. Owned by the VRRP
 * thread (attach, detach and address changes happen there); only the socket readers run elsewhere.
 */
public final class LinuxDataPlane implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LinuxDataPlane.class);

    private final RtNetlink netlink;
    private final Announcer announcer;
    private final Map<ChannelKey, VrrpChannel> channels = new HashMap<>();
    private final Map<String, Integer> ifIndexes = new HashMap<>();
    private final AddressLedger ledger = new AddressLedger();
    private final Vmacs vmacs;
    /** keepalived's AH sequence counter of each virtual router (interface and VRID); kept across reloads. */
    private final Map<String, AhSequence> ahSequences = new HashMap<>();
    /** The auth_hmac sequence of each virtual router (interface and VRID); kept across reloads. */
    private final Map<String, HmacSigner> hmacSigners = new HashMap<>();
    private volatile boolean logUnknownVrids;

    private LinuxDataPlane(RtNetlink netlink, Announcer announcer, SysctlLedger sysctls) {
        this.netlink = netlink;
        this.announcer = announcer;
        this.vmacs = new Vmacs(netlink, sysctls);
    }

    /**
     * {@code receiveBuffer}: the request socket's, {@code vrrp_netlink_cmd_rcv_bufs}; {@code sysctls}:
     * where the settings changed for VMACs are recorded.
     */
    public static LinuxDataPlane open(GarpPacing pacing, ReceiveBuffer receiveBuffer, SysctlLedger sysctls)
            throws IOException {
        return new LinuxDataPlane(RtNetlink.open(receiveBuffer), new Announcer(pacing), sysctls);
    }

    /** The spacing of gratuitous announcements from now on (a reload). */
    public void garpPacing(GarpPacing pacing) {
        announcer.pacing(pacing);
    }

    /** {@code log_unknown_vrids}: whether the sockets' readers log adverts for VRIDs no instance has. */
    public void logUnknownVrids(boolean on) {
        logUnknownVrids = on;
    }

    /**
     * The link {@code name} changed, perhaps its MTU: the sockets on it whose receive buffer depends
     * on the MTU ({@code vrrp_rx_bufs_policy MTU}) are sized again, as keepalived does on an MTU change.
     */
    public void linkChanged(String name) {
        for (VrrpChannel channel : channels.values()) {
            if (channel.key().interfaceName().equals(name)) channel.mtuMayHaveChanged();
        }
    }

    /**
     * The link {@code name} was deleted: its packet socket, bound to the deleted interface's index,
     * is dropped, so that the first announcements on an interface made again under that name go out.
     */
    public void linkDeleted(String name) {
        announcer.forget(name);
    }

    /** Every link of the namespace. */
    public List<Link> links() throws IOException {
        return netlink.links();
    }

    /** The neighbour table (ARP and NDP caches) of every interface. */
    public List<io.keepwatch.linux.Neighbour> neighbours() throws IOException {
        return netlink.neighbours();
    }

    /** The link named {@code name}, if it exists. */
    public Optional<Link> link(String name) throws IOException {
        return netlink.links().stream().filter(l -> l.name().equals(name)).findFirst();
    }

    /** The addresses of interface {@code name}; empty when it does not exist. */
    public List<IfAddress> addresses(String name) throws IOException {
        Optional<Link> link = link(name);
        if (link.isEmpty()) {
            return List.of();
        }
        int index = link.get().index();
        return netlink.addresses().stream().filter(a -> a.ifIndex() == index).toList();
    }

    /**
     * Puts an instance on the wire: opens (or shares) the socket of its interface and family and
     * routes adverts with its VRID to {@code sink}.
     *
     * @throws IOException when the socket cannot be opened (no such interface, no CAP_NET_RAW)
     */
    public Attachment attach(InstanceWiring wiring, AdvertSink sink) throws IOException {
        VrrpChannel channel = channel(ChannelKey.of(wiring));
        AhSequence sequence = ahSequence(wiring);
        ChecksumSwitch checksum = new ChecksumSwitch(wiring);
        channel.register(wiring, sequence, checksum, sink);
        learnIndexes(wiring, channel);
        return new Attachment(wiring, channel, sequence, checksum, 0);
    }

    /**
     * Puts an {@code election} instance on its interface without VRRP: no socket and no VRID, only
     * its addresses and their gratuitous announcements, through the same ledger and announcer as a
     * VRRP master's.
     *
     * @throws IOException when the interface does not exist
     */
    public Attachment attachLocal(InstanceWiring wiring) throws IOException {
        return new Attachment(wiring, null, ahSequence(wiring), new ChecksumSwitch(wiring),
                netlink.ifIndex(wiring.interfaceName()));
    }

    /** How long {@link #catchUp} waits at most for the readers to hand over what they have in hand. */
    static final long CATCH_UP_WAIT_NANOS = 2_000_000;

    /**
     * Hands over the adverts every socket holds now, and those its reader has in hand, before the
     * VRRP thread acts on a timer (see VrrpLoop.beforeTimers). VRRP thread only.
     */
    public void catchUp() {
        long until = System.nanoTime() + CATCH_UP_WAIT_NANOS;
        for (VrrpChannel channel : channels.values()) {
            channel.catchUp(until);
        }
    }

    private VrrpChannel channel(ChannelKey key) throws IOException {
        VrrpChannel channel = channels.get(key);
        if (channel == null) {
            channel = VrrpChannel.open(key, () -> logUnknownVrids);
            channels.put(key, channel);
            announcer.prepare(key.interfaceName()); // once per interface, not per instance
        }
        return channel;
    }

    private AhSequence ahSequence(InstanceWiring wiring) {
        return ahSequences.computeIfAbsent(wiring.interfaceName() + "/" + wiring.vrid(), k -> new AhSequence());
    }

    /**
     * Learns now the index of every interface the instance's addresses go on, so that taking over
     * adds the first address at once rather than after a link dump. The instance's own interface
     * takes the index of the socket the instance sends on; an interface missing now is looked up
     * when an address is added to it (and again whenever the kernel says ENODEV).
     */
    private void learnIndexes(InstanceWiring wiring, VrrpChannel channel) {
        ifIndexes.put(wiring.interfaceName(), channel.ifIndex());
        for (String device : wiring.vipDeviceNames()) {
            if (!ifIndexes.containsKey(device)) {
                try {
                    ifIndexes.put(device, netlink.ifIndex(device));
                } catch (IOException e) {
                    LOG.debug("({}) no index for {} yet: {}", wiring.instance(), device, e.getMessage());
                }
            }
        }
    }

    /**
     * Removes what an earlier run left of {@code wiring}'s addresses (see {@link Leftovers}) before
     * the instance starts, each from the device it is on.
     *
     * @throws IOException when the kernel's addresses cannot be read
     */
    public void clearLeftovers(InstanceWiring wiring, List<VirtualAddress> vips) throws IOException {
        for (AddressLedger.Entry leftover : Leftovers.scan(netlink).addresses(wiring, vips, ledger)) {
            try {
                delete(leftover);
                LOG.warn("({}) removed {} left on {} by an earlier run", wiring.instance(), leftover.vip(),
                        leftover.device());
            } catch (IOException e) {
                LOG.error("({}) cannot remove {} left on {} by an earlier run: {}", wiring.instance(),
                        leftover.vip(), leftover.device(), e.getMessage());
            }
        }
    }

    /**
     * Takes {@code entry}'s address off the device it was added to, and off the ledger. Gone already
     * (someone removed it, or the device itself went away) counts as removed; any other failure
     * leaves the entry for a later removal (the next transition, the stop) and is thrown.
     */
    private void release(AddressLedger.Entry entry) throws IOException {
        delete(entry);
        ledger.forget(entry);
    }

    /** Deletes {@code entry}'s address from its device; "already gone from that device" is success. */
    private void delete(AddressLedger.Entry entry) throws IOException {
        try {
            netlink.deleteAddress(entry.ifIndex(), entry.device(), entry.spec());
        } catch (NativeException e) {
            if (e.errno() == Errno.EADDRNOTAVAIL) {
                LOG.info("({}) {} was already gone from {}", entry.instance(), entry.vip(), entry.device());
            } else if (e.errno() == Errno.ENODEV) {
                LOG.info("({}) {} went with its device {}", entry.instance(), entry.vip(), entry.device());
            } else {
                throw e;
            }
        }
    }

    /**
     * Asks the kernel for ipvlan {@code name} on {@code base} (L2 mode, IFLA_IPVLAN_FLAGS {@code flags}),
     * as keepalived's use_ipvlan makes it, and deletes it again at once: keepwatch runs no instance
     * on an ipvlan, and this only finds out whether the kernel could have made it.
     *
     * @throws IOException the kernel's refusal (EOPNOTSUPP without ipvlan support)
     */
    public void tryIpvlan(String name, String base, int flags) throws IOException {
        Link parent = link(base).orElseThrow(() -> new NativeException("RTM_GETLINK", Errno.ENODEV,
                "no interface " + base));
        netlink.addIpvlan(name, parent.index(), flags);
        Optional<Link> made = link(name);
        if (made.isPresent()) {
            netlink.deleteLink(made.get().index(), name);
        }
    }

    /**
     * Makes (or takes over) the VMAC {@code request} asks for, up and configured, and returns its name.
     *
     * @throws IOException when the instance's interface is missing or the kernel refuses the macvlan
     */
    public String ensureVmac(VmacRequest request) throws IOException {
        return vmacs.ensure(request);
    }

    /** Who is told of the VMACs made and deleted from now on (VRRP thread, or before it starts). */
    public void observeVmacs(VmacObserver observer) {
        vmacs.observe(observer);
    }

    /** The name of the VMAC {@code instance} holds, if any. */
    public Optional<String> vmacOf(String instance) {
        return vmacs.nameOf(instance);
    }

    /** Whether the VMACs of {@code instance} are still the ones it made (none deleted by someone else). */
    public boolean vmacIntact(String instance) {
        return vmacs.intact(instance);
    }

    /** Deletes the VMACs of {@code instance}, if it has any (after its attachment is closed). */
    public void releaseVmac(String instance) {
        releaseVmacsExcept(instance, List.of());
    }

    /** Every VMAC {@code instance} holds: its own and those of {@code use_vmac_addr}. */
    public List<String> vmacsOf(String instance) {
        return vmacs.namesOf(instance);
    }

    /** Deletes the VMACs of {@code instance} but those named {@code kept} (a reload wants fewer). */
    public void releaseVmacsExcept(String instance, Collection<String> kept) {
        for (String name : vmacs.namesOf(instance)) {
            if (!kept.contains(name)) {
                ifIndexes.remove(name);
                announcer.forget(name);
            }
        }
        vmacs.releaseExcept(instance, kept);
    }

    /** Deletes the VMACs an earlier run left behind and no instance holds (see {@link Leftovers#vmacs}). */
    public void clearVmacLeftovers(String prefix) {
        vmacs.clearLeftovers(prefix);
    }

    /** An address change on the interface with this index. */
    @FunctionalInterface
    private interface IndexedChange {
        void apply(int ifIndex) throws IOException;
    }

    /**
     * Runs {@code change} with the interface's index, looked up once and remembered (a link dump on
     * every VIP change would sit on the failover path), and returns the index it ran with. An
     * interface that was deleted and made again has a new index: the kernel then says ENODEV, and
     * the lookup is done afresh once.
     */
    private int withIndex(String device, IndexedChange change) throws IOException {
        Integer known = ifIndexes.get(device);
        if (known != null) {
            try {
                change.apply(known);
                return known;
            } catch (NativeException e) {
                if (e.errno() != Errno.ENODEV) {
                    throw e;
                }
                ifIndexes.remove(device);
            }
        }
        int index = netlink.ifIndex(device);
        ifIndexes.put(device, index);
        change.apply(index);
        return index;
    }

    /** One instance's view of the data plane. Closing it stops its adverts from being received. */
    public final class Attachment implements InstanceNetwork, AutoCloseable {

        private final InstanceWiring wiring;
        /** Null for an election instance ({@link #attachLocal}), which has no VRRP socket. */
        private final VrrpChannel channel;
        /** The interface's index when there is no channel to ask. */
        private final int localIndex;
        private final AhSequence sequence;
        private final ChecksumSwitch checksum;
        private final ByteBuffer buffer;
        /** split_brain_heal: the other holders each advert also goes to by unicast, while MASTER. */
        private final HealPeers healPeers;
        /** Whether the endpoints and adverts below carry the old unicast checksum. */
        private boolean groupChecksum;
        private List<Endpoints> endpoints;
        private List<byte[]> resignations;
        /** The adverts last encoded, one per endpoint, at {@link #advertsPriority}. */
        private List<byte[]> adverts;
        private int advertsPriority;
        private int ipId;
        /** The auth_hmac sequence of the advert being sent. */
        private long hmacSequence;

        private Attachment(InstanceWiring wiring, VrrpChannel channel, AhSequence sequence, ChecksumSwitch checksum,
                           int localIndex) {
            this.wiring = wiring;
            this.channel = channel;
            this.localIndex = localIndex;
            this.sequence = sequence;
            this.checksum = checksum;
            this.buffer = ByteBuffer.allocate(VrrpEncoder.ipv4DatagramLength(wiring.advert()) + 64);
            this.advertsPriority = wiring.advert().priority();
            encodeWithChecksum();
            this.healPeers = new HealPeers((priority, to) -> encode(wiring.advert().withPriority(priority), to, 0));
        }

        /** The index of the interface the instance's socket is bound to. */
        public int ifIndex() {
            return channel == null ? localIndex : channel.ifIndex();
        }

        /** Whether adverts carry an auth_hmac trailer (not in receive-only mode). */
        private boolean signing() {
            return wiring.expectation().authHmac() != null && wiring.expectation().authHmac().mode().signs();
        }

        private HmacSigner hmacSigner() {
            return hmacSigners.computeIfAbsent(wiring.interfaceName() + "/" + wiring.vrid(), k -> new HmacSigner());
        }

        /** Encodes the endpoints, the resignations and the adverts at the current priority with the checksum in force. */
        private void encodeWithChecksum() {
            groupChecksum = checksum.sendsGroupChecksum();
            endpoints = wiring.destinations().stream().map(d -> checksum.endpoints(wiring.source(), d)).toList();
            // IP ID 0: the kernel picks one (the priority-0 advert's place in our sequence is unknown now)
            resignations = encodeAll(0);
            adverts = encodeAll(advertsPriority);
        }

        /**
         * Sends the advert to every endpoint. An advert is the same bytes at one priority but for an
         * IPv4 datagram's IP ID, so it is encoded once per priority (first at attach, at the base
         * priority) and only the ID is written at each send. Priority-0 adverts are encoded at
         * attach too, with ID 0 for the kernel to fill in, so that neither a stop nor a takeover
         * encodes on the failover fast path (see package io.keepwatch.runtime).
         */
        @Override
        public void sendAdvert(int priority) throws IOException {
            if (channel == null) {
                return; // an election instance sends no adverts (its engine asks for none)
            }
            if (groupChecksum != checksum.sendsGroupChecksum()) {
                encodeWithChecksum(); // a peer's advert switched the instance to the old checksum
            }
            List<byte[]> packets = priority == 0 ? resignations : advertsAt(priority);
            // one AH sequence number per advert, whatever the number of unicast peers (keepalived)
            long ahSequence = wiring.advert().authentication().type() == AuthType.AH ? sequence.next() : 0;
            // one auth_hmac sequence per advert too: its HMAC leaves out the destination (keepalived)
            hmacSequence = signing() ? hmacSigner().next(wiring.expectation().authHmac()) : 0;
            for (int i = 0; i < endpoints.size(); i++) {
                send(packets.get(i), endpoints.get(i), priority, ahSequence);
            }
            if (!healPeers.isEmpty()) {
                sendCopies(priority, ahSequence);
            }
        }

        /**
         * The advert's unicast copies to the other holders ({@code split_brain_heal}), with TTL /
         * hop limit 255 as the receiver checks on a multicast instance (RFC 5798 7.1). One that
         * cannot be sent is logged and does not keep the others or the next advert from going.
         */
        private void sendCopies(int priority, long ahSequence) {
            for (HealPeers.Peer peer : healPeers.all()) {
                try {
                    send(healPeers.packet(peer, priority), peer.endpoints(), priority, ahSequence);
                } catch (IOException e) {
                    LOG.debug("({}) advert to {} failed: {}", wiring.instance(),
                            peer.endpoints().destination().getHostAddress(), e.getMessage());
                }
            }
        }

        /** Sends one encoded advert, with its IP ID (and for AH its signature) set for this send. */
        private void send(byte[] packet, Endpoints to, int priority, long ahSequence) throws IOException {
            if (signing()) {
                HmacSigner.sign(packet, to, wiring.expectation().authHmac(), hmacSequence);
            }
            Authentication auth = wiring.advert().authentication();
            if (auth.type() == AuthType.AH) {
                // the ICV covers the IP ID, so the kernel may not choose it even for priority 0
                ipId = VrrpEncoder.nextIpId(ipId);
                IpsecAh.sign(packet, ipId, ahSequence, auth, wiring.expectation().unicast());
            } else if (priority != 0 && wiring.family() == AddressFamily.IPV4) {
                ipId = VrrpEncoder.nextIpId(ipId);
                VrrpEncoder.setIpv4Id(packet, ipId);
            }
            channel.send(packet, to.destination(), to.source(), wiring.ttl());
        }

        /**
         * Only a host of the instance's family on the segment: never a multicast, loopback or
         * unspecified address, nor this instance's own source or one of its virtual addresses (the
         * other holder's claims carry those, not its own address).
         */
        @Override
        public boolean healWith(InetAddress peer) {
            if (!wiring.expectation().unicastCopies() || AddressFamily.of(peer) != wiring.family()
                    || peer.isMulticastAddress() || peer.isLoopbackAddress() || peer.isAnyLocalAddress()
                    || peer.equals(wiring.source())
                    || wiring.vipSpecs().keySet().stream().anyMatch(vip -> vip.address().equals(peer))) {
                return false;
            }
            return healPeers.add(wiring.source(), peer);
        }

        @Override
        public Map<InetAddress, Long> stopHealing() {
            return healPeers.clear();
        }

        private List<byte[]> advertsAt(int priority) {
            if (priority != advertsPriority) {
                adverts = encodeAll(priority);
                advertsPriority = priority;
            }
            return adverts;
        }

        /** The advert at {@code priority} for every endpoint, with IP ID 0 (set at each send, or by the kernel). */
        private List<byte[]> encodeAll(int priority) {
            VrrpAdvert advert = wiring.advert().withPriority(priority);
            List<byte[]> packets = new ArrayList<>(endpoints.size());
            for (Endpoints to : endpoints) {
                packets.add(encode(advert, to, 0));
            }
            return packets;
        }

        /** One advert as the channel sends it: a whole IPv4 datagram, or an IPv6 VRRP packet (no IP ID). */
        private byte[] encode(VrrpAdvert advert, Endpoints to, int ipId) {
            buffer.clear();
            if (wiring.family() == AddressFamily.IPV4) {
                VrrpEncoder.encodeIpv4Datagram(advert, to, ipId, wiring.ttl(), signing(), buffer);
            } else {
                VrrpEncoder.encodeAdvert(advert, to, signing(), buffer);
            }
            byte[] packet = new byte[buffer.position()];
            buffer.flip().get(packet);
            return packet;
        }

        /**
         * Adds the address to the device the configuration gives it and records it there. One that
         * is already on that device counts as added and as ours, as in keepalived: it goes when the
         * instance releases its addresses.
         */
        @Override
        public void addVip(VirtualAddress vip) throws IOException {
            String device = wiring.deviceOf(vip);
            AddressSpec spec = wiring.specOf(vip);
            Optional<AddressLedger.Entry> held = ledger.find(wiring.instance(), vip);
            if (held.isPresent() && !held.get().sameAs(device, spec)) {
                release(held.get());
            }
            int index = withIndex(device, i -> {
                try {
                    netlink.addAddress(i, device, spec);
                } catch (NativeException e) {
                    if (e.errno() != Errno.EEXIST) {
                        throw e;
                    }
                    LOG.debug("({}) {} already on {}", wiring.instance(), vip, device);
                }
            });
            ledger.record(new AddressLedger.Entry(wiring.instance(), vip, index, device, spec));
        }

        /**
         * As {@link #addVip(VirtualAddress)}, with a kernel lifetime of {@code seconds}, set anew on an
         * address already there. It is recorded in the ledger as any other, so a stop removes it and
         * the next start after a kill -9 finds it if the kernel has not deleted it by then.
         */
        @Override
        public void addVip(VirtualAddress vip, long seconds) throws IOException {
            String device = wiring.deviceOf(vip);
            AddressSpec spec = wiring.specOf(vip);
            Optional<AddressLedger.Entry> held = ledger.find(wiring.instance(), vip);
            if (held.isPresent() && !held.get().sameAs(device, spec)) {
                release(held.get());
            }
            int index = withIndex(device, i -> netlink.addAddressFor(i, device, spec, seconds));
            ledger.record(new AddressLedger.Entry(wiring.instance(), vip, index, device, spec));
        }

        /**
         * Removes the address from the device it was added to, as recorded when it was added, not
         * from where the configuration would put it now. An address this instance did not add (or
         * has removed already) is left alone.
         */
        @Override
        public void removeVip(VirtualAddress vip) throws IOException {
            Optional<AddressLedger.Entry> held = ledger.find(wiring.instance(), vip);
            if (held.isEmpty()) {
                LOG.debug("({}) {} is not held; nothing to remove", wiring.instance(), vip);
                return;
            }
            release(held.get());
        }

        @Override
        public void announce(List<VirtualAddress> vips, int repeat) {
            Map<String, List<VirtualAddress>> byDevice = new HashMap<>();
            for (VirtualAddress vip : vips) {
                byDevice.computeIfAbsent(wiring.deviceOf(vip), d -> new ArrayList<>()).add(vip);
            }
            byDevice.forEach((device, list) -> announcer.announce(device, list, repeat));
        }

        /**
         * The same instance with a reloaded configuration of the same virtual router: the socket
         * stays and received adverts go through the new expectations from now on. An address it
         * holds that the new configuration puts on another device, or with another label or scope,
         * is moved now (removed, then added): keepalived counts it as another address. Addresses
         * the new configuration drops stay held until the engine removes them.
         */
        public Attachment rewire(InstanceWiring next, AdvertSink sink) throws IOException {
            if (next.vrid() != wiring.vrid() || next.family() != wiring.family()
                    || !next.interfaceName().equals(wiring.interfaceName())) {
                throw new IllegalArgumentException("(" + wiring.instance() + ") rewire may not move the instance");
            }
            Attachment rewired;
            if (channel == null) {
                rewired = new Attachment(next, null, sequence, new ChecksumSwitch(next), localIndex);
            } else if (!ChannelKey.of(next).equals(channel.key())) {
                // auth_type AH came or went: its adverts are another IP protocol, on another socket
                VrrpChannel other = channel(ChannelKey.of(next));
                leaveChannel();
                ChecksumSwitch nextChecksum = new ChecksumSwitch(next);
                other.register(next, sequence, nextChecksum, sink);
                rewired = new Attachment(next, other, sequence, nextChecksum, 0);
            } else {
                ChecksumSwitch nextChecksum = new ChecksumSwitch(next);
                channel.replace(next, sequence, nextChecksum, sink);
                rewired = new Attachment(next, channel, sequence, nextChecksum, 0);
            }
            keepHealing(rewired);
            for (AddressLedger.Entry held : ledger.of(wiring.instance())) {
                VirtualAddress vip = held.vip();
                if (next.vipSpecs().containsKey(vip) && !held.sameAs(next.deviceOf(vip), next.specOf(vip))) {
                    try {
                        rewired.addVip(vip);
                        LOG.info("({}) {} moved from {} to {}", wiring.instance(), vip, held.device(), next.deviceOf(vip));
                    } catch (IOException e) {
                        LOG.error("({}) cannot move {} from {} to {}: {}", wiring.instance(), vip, held.device(),
                                next.deviceOf(vip), e.getMessage());
                    }
                }
            }
            return rewired;
        }

        /**
         * Hands the other holders this instance sends adverts to by unicast on to {@code rewired}, when
         * its addressing (source, multicast destination) is the same and it still heals; otherwise
         * they are dropped, and a conflict that goes on is noticed again.
         */
        private void keepHealing(Attachment rewired) {
            if (healPeers.isEmpty()) {
                return;
            }
            InstanceWiring next = rewired.wiring;
            boolean same = next.expectation().unicastCopies() && next.source().equals(wiring.source())
                    && next.destinations().equals(wiring.destinations());
            healPeers.clear().forEach((peer, copies) -> {
                if (same) {
                    rewired.healPeers.add(next.source(), peer);
                } else {
                    LOG.info("({}) split brain healing towards {} ends after {} unicast adverts: the reload "
                            + "changed the instance's addressing", wiring.instance(), peer.getHostAddress(), copies);
                }
            });
        }

        /** Stops receiving on this attachment's socket, closing it when no instance is left on it. */
        private void leaveChannel() {
            if (channel == null) {
                return;
            }
            channel.unregister(wiring.vrid());
            if (channel.unused()) {
                channels.remove(channel.key());
                channel.close();
            }
        }

        /**
         * Stops receiving for the instance. Addresses it still holds (a removal that failed before)
         * are removed now: an instance that goes away takes its addresses with it.
         */
        @Override
        public void close() {
            leaveChannel();
            healPeers.clear().forEach((peer, copies) -> LOG.info("({}) split brain healing towards {} ends after {} "
                    + "unicast adverts: the instance stopped", wiring.instance(), peer.getHostAddress(), copies));
            for (AddressLedger.Entry held : ledger.of(wiring.instance())) {
                try {
                    release(held);
                    LOG.warn("({}) removed {} from {} as the instance stopped", wiring.instance(), held.vip(),
                            held.device());
                } catch (IOException e) {
                    LOG.error("({}) cannot remove {} from {}: {}", wiring.instance(), held.vip(), held.device(),
                            e.getMessage());
                }
            }
        }
    }

    @Override
    public void close() {
        channels.values().forEach(VrrpChannel::close);
        channels.clear();
        vmacs.close();
        announcer.close();
        netlink.close();
    }

}
