package io.keepwatch.runtime.net;

import io.keepwatch.linux.Constants;
import io.keepwatch.linux.PacketSocket;
import io.keepwatch.vrrp.codec.MacAddress;
import io.keepwatch.vrrp.codec.NeighbourFrames;
import io.keepwatch.vrrp.codec.NeighbourSighting;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Collection;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A packet socket on one interface that sees ARP and neighbour discovery for a set of addresses
 * (the interface's virtual addresses; see {@link ClaimFilter}), and the platform thread that reads
 * it. The reader only parses: each sighting goes to the sink, which hands it to the VRRP thread.
 * The socket also sends the frames that ask another station about an address.
 *
 * <p>{@link #watch}, {@link #send} and {@link #close} are for the VRRP thread.
 */
public final class NeighbourWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NeighbourWatch.class);

    private final PacketSocket socket;
    private final MacAddress mac;
    private final Consumer<NeighbourSighting> sink;
    private final SocketReader<byte[]> reader;
    private Set<InetAddress> addresses;

    private NeighbourWatch(PacketSocket socket, MacAddress mac, Set<InetAddress> addresses,
                           Consumer<NeighbourSighting> sink) {
        this.socket = socket;
        this.mac = mac;
        this.addresses = addresses;
        this.sink = sink;
        this.reader = SocketReader.start("keepwatch-nd-" + socket.interfaceName(), socket.interfaceName(), socket::receive,
                socket::close, this::handle, false);
    }

    /**
     * Watches {@code interfaceName} for {@code addresses}; {@code sink} is called on the reader thread.
     *
     * @throws IOException when the interface is missing or the socket cannot be opened
     */
    public static NeighbourWatch open(String interfaceName, Collection<InetAddress> addresses,
                                      Consumer<NeighbourSighting> sink) throws IOException {
        Set<InetAddress> watched = Set.copyOf(addresses);
        PacketSocket socket = PacketSocket.openFiltered(interfaceName, Constants.ETH_P_ALL, ClaimFilter.of(watched));
        try {
            return new NeighbourWatch(socket, MacAddress.of(socket.macAddress().bytes()), watched, sink);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    public String interfaceName() {
        return socket.interfaceName();
    }

    /** The interface's index, which scopes the link-local addresses seen on it. */
    public int ifIndex() {
        return socket.ifIndex();
    }

    /** The interface's MAC, read when the watch opened. */
    public MacAddress mac() {
        return mac;
    }

    /** The addresses watched now. */
    public Set<InetAddress> addresses() {
        return addresses;
    }

    /** Watches {@code next} from now on; the filter is rebuilt only when they differ. */
    public void watch(Collection<InetAddress> next) throws IOException {
        Set<InetAddress> watched = Set.copyOf(next);
        if (!watched.equals(addresses)) {
            socket.filter(ClaimFilter.of(watched));
            addresses = watched;
        }
    }

    /** Sends one complete Ethernet frame. */
    public void send(byte[] frame) throws IOException {
        socket.send(frame);
    }

    /** On the reader thread: one frame received. */
    private void handle(byte[] frame) {
        NeighbourFrames.parse(frame).ifPresent(sighting -> {
            try {
                sink.accept(sighting);
            } catch (RuntimeException e) {
                LOG.error("{}: a neighbour sighting was lost", socket.interfaceName(), e);
            }
        });
    }

    @Override
    public void close() {
        reader.close();
    }
}
