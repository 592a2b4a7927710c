package io.keepwatch.runtime.net;

import io.keepwatch.linux.Errno;
import io.keepwatch.linux.IfAddress;
import io.keepwatch.linux.Link;
import io.keepwatch.linux.NativeException;
import io.keepwatch.linux.ReceivedDatagram;
import io.keepwatch.linux.RtNetlink;
import io.keepwatch.runtime.InstanceNetwork;
import io.keepwatch.vrrp.AddressFamily;
import io.keepwatch.vrrp.VirtualAddress;
import io.keepwatch.vrrp.codec.DecodeResult;
import io.keepwatch.vrrp.codec.Endpoints;
import io.keepwatch.vrrp.codec.ReceivedFrom;
import io.keepwatch.vrrp.codec.VrrpAdvert;
import io.keepwatch.vrrp.codec.VrrpDecoder;
import io.keepwatch.vrrp.codec.VrrpEncoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
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

    private LinuxDataPlane(RtNetlink netlink, Announcer announcer) {
        this.netlink = netlink;
        this.announcer = announcer;
    }

    public static LinuxDataPlane open(Duration garpInterval, Duration gnaInterval) throws IOException {
        return new LinuxDataPlane(RtNetlink.open(), new Announcer(garpInterval, gnaInterval));
    }

    /** Every link of the namespace. */
    public List<Link> links() throws IOException {
        return netlink.links();
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
        ChannelKey key = new ChannelKey(wiring.interfaceName(), wiring.family());
        VrrpChannel channel = channels.get(key);
        if (channel == null) {
            channel = VrrpChannel.open(key);
            channels.put(key, channel);
            announcer.prepare(wiring.interfaceName()); // once per interface, not per instance
        }
        channel.register(wiring.vrid(), datagram -> receive(wiring, datagram, sink));
        learnIndexes(wiring, channel);
        return new Attachment(wiring, channel);
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

    /** An address change on the interface with this index. */
    @FunctionalInterface
    private interface IndexedChange {
        void apply(int ifIndex) throws IOException;
    }

    /**
     * Runs {@code change} with the interface's index, looked up once and remembered (a link dump on
     * every VIP change would sit on the failover path). An interface that was deleted and made
     * again has a new index: the kernel then says ENODEV, and the lookup is done afresh once.
     */
    private void withIndex(String device, IndexedChange change) throws IOException {
        Integer known = ifIndexes.get(device);
        if (known != null) {
            try {
                change.apply(known);
                return;
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
    }

    /** Runs on the channel's reader thread. */
    private static void receive(InstanceWiring wiring, ReceivedDatagram datagram, AdvertSink sink) {
        if (!wiring.unicastPeers().isEmpty() && !wiring.unicastPeers().contains(datagram.source())) {
            LOG.debug("({}) advert from {} ignored: not a unicast_peer", wiring.instance(),
                    datagram.source().getHostAddress());
            return;
        }
        ByteBuffer data = ByteBuffer.wrap(datagram.data());
        DecodeResult result = wiring.family() == AddressFamily.IPV4
                ? VrrpDecoder.decodeIpv4Datagram(data, wiring.expectation())
                : VrrpDecoder.decode(data, new ReceivedFrom(datagram.source(), datagram.destination(),
                        datagram.ttlOrHopLimit()), wiring.expectation());
        switch (result) {
            case DecodeResult.Accepted accepted -> sink.accepted(accepted, datagram.receivedNanos());
            case DecodeResult.Rejected rejected -> sink.rejected(rejected);
        }
    }

    /** One instance's view of the data plane. Closing it stops its adverts from being received. */
    public final class Attachment implements InstanceNetwork, AutoCloseable {

        private final InstanceWiring wiring;
        private final VrrpChannel channel;
        private final List<Endpoints> endpoints;
        private final ByteBuffer buffer;
        private final List<byte[]> resignations;
        /** The adverts last encoded, one per endpoint, at {@link #advertsPriority}. */
        private List<byte[]> adverts;
        private int advertsPriority;
        private int ipId;

        private Attachment(InstanceWiring wiring, VrrpChannel channel) {
            this.wiring = wiring;
            this.channel = channel;
            this.endpoints = wiring.destinations().stream().map(d -> Endpoints.of(wiring.source(), d)).toList();
            this.buffer = ByteBuffer.allocate(VrrpEncoder.ipv4DatagramLength(wiring.advert()) + 64);
            // IP ID 0: the kernel picks one (the priority-0 advert's place in our sequence is unknown now)
            this.resignations = encodeAll(0);
            this.advertsPriority = wiring.advert().priority();
            this.adverts = encodeAll(advertsPriority);
        }

        public InstanceWiring wiring() {
            return wiring;
        }

        /**
         * Sends the advert to every endpoint. An advert is the same bytes at one priority but for an
         * IPv4 datagram's IP ID, so it is encoded once per priority (first at attach, at the base
         * priority) and only the ID is written at each send. Priority-0 adverts were encoded at
         * attach too, with ID 0 for the kernel to fill in: a stop sends them from the signal's new
         * thread, where all runs interpreted and encoding took 70 to 340 us (measured); a takeover's
         * first advert is likewise ready.
         */
        @Override
        public void sendAdvert(int priority) throws IOException {
            List<byte[]> packets = priority == 0 ? resignations : advertsAt(priority);
            for (int i = 0; i < endpoints.size(); i++) {
                Endpoints to = endpoints.get(i);
                byte[] packet = packets.get(i);
                if (priority != 0 && wiring.family() == AddressFamily.IPV4) {
                    ipId = VrrpEncoder.nextIpId(ipId);
                    VrrpEncoder.setIpv4Id(packet, ipId);
                }
                channel.send(packet, to.destination(), to.source());
            }
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
                VrrpEncoder.encodeIpv4Datagram(advert, to, ipId, buffer);
            } else {
                VrrpEncoder.encodeAdvert(advert, to, buffer);
            }
            byte[] packet = new byte[buffer.position()];
            buffer.flip().get(packet);
            return packet;
        }

        @Override
        public void addVip(VirtualAddress vip) throws IOException {
            String device = wiring.deviceOf(vip);
            try {
                withIndex(device, index -> netlink.addAddress(index, device, wiring.specOf(vip)));
            } catch (NativeException e) {
                if (e.errno() != Errno.EEXIST) {
                    throw e;
                }
                LOG.debug("({}) {} already on {}", wiring.instance(), vip, device);
            }
        }

        @Override
        public void removeVip(VirtualAddress vip) throws IOException {
            String device = wiring.deviceOf(vip);
            try {
                withIndex(device, index -> netlink.deleteAddress(index, device, wiring.specOf(vip)));
            } catch (NativeException e) {
                if (e.errno() != Errno.EADDRNOTAVAIL && e.errno() != Errno.ENODEV) {
                    throw e;
                }
                LOG.debug("({}) {} already gone from {}", wiring.instance(), vip, device);
            }
        }

        @Override
        public void announce(List<VirtualAddress> vips, int repeat) {
            Map<String, List<VirtualAddress>> byDevice = new HashMap<>();
            for (VirtualAddress vip : vips) {
                byDevice.computeIfAbsent(wiring.deviceOf(vip), d -> new java.util.ArrayList<>()).add(vip);
            }
            byDevice.forEach((device, list) -> announcer.announce(device, list, repeat));
        }

        /**
         * The same instance with a reloaded configuration of the same virtual router: the socket
         * stays and received adverts go through the new expectations from now on.
         */
        public Attachment rewire(InstanceWiring next, AdvertSink sink) {
            if (next.vrid() != wiring.vrid() || next.family() != wiring.family()
                    || !next.interfaceName().equals(wiring.interfaceName())) {
                throw new IllegalArgumentException("(" + wiring.instance() + ") rewire may not move the instance");
            }
            channel.replace(next.vrid(), datagram -> receive(next, datagram, sink));
            return new Attachment(next, channel);
        }

        /**
         * Those of {@code vips} that are on their interfaces now (to clear leftovers at start), from
         * one address dump and one link dump, not two dumps per address.
         */
        public List<VirtualAddress> held(List<VirtualAddress> vips) throws IOException {
            List<IfAddress> present = netlink.addresses();
            Map<String, Integer> indexes = new HashMap<>();
            for (Link link : netlink.links()) {
                indexes.put(link.name(), link.index());
            }
            return vips.stream().filter(vip -> {
                Integer index = indexes.get(wiring.deviceOf(vip));
                return index != null && present.stream().anyMatch(a -> a.matches(index, vip.address()));
            }).toList();
        }

        @Override
        public void close() {
            channel.unregister(wiring.vrid());
            if (channel.unused()) {
                channels.remove(channel.key());
                channel.close();
            }
        }
    }

    @Override
    public void close() {
        channels.values().forEach(VrrpChannel::close);
        channels.clear();
        announcer.close();
        netlink.close();
    }

}
