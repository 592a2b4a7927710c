package io.keepwatch.linux;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * rtnetlink requests: add and delete addresses (waiting for the kernel's ACK), dump addresses and
 * links. The socket lives in the network namespace of the thread that called {@link #open()} and
 * stays there whichever thread uses it later; interface names are resolved through it, so they
 * always mean the socket's namespace. Requests are serialised; safe from several threads.
 *
 * <p>A kernel refusal becomes a {@link NativeException} naming the request, the errno, the address
 * and the interface, e.g. {@code cannot add 10.0.0.9/24 to veth0: EEXIST (File exists)}.
 */
public final class RtNetlink implements AutoCloseable {
    private static final int REPLY_TIMEOUT_MILLIS = 10_000;
    private static final int DUMP_ATTEMPTS = 5;

    private final NetlinkSocket socket;
    private final AtomicInteger sequence = new AtomicInteger((int) (System.nanoTime() & 0x3FFFFFFF));

    private RtNetlink(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** Opens a request socket in the calling thread's network namespace. */
    public static RtNetlink open() throws IOException {
        return open(ReceiveBuffer.DEFAULT);
    }

    /** As {@link #open()}, asking for {@code receiveBuffer} ({@code vrrp_netlink_cmd_rcv_bufs}). */
    public static RtNetlink open(ReceiveBuffer receiveBuffer) throws IOException {
        return new RtNetlink(NetlinkSocket.open(0, receiveBuffer));
    }

    /** Adds {@code spec} to the interface; fails with EEXIST if it is already there (NLM_F_EXCL). */
    public void addAddress(String interfaceName, AddressSpec spec) throws IOException {
        addAddress(ifIndex(interfaceName), interfaceName, spec);
    }

    /**
     * Adds {@code spec} to the interface with index {@code ifIndex}, without looking the name up:
     * a new master adds its VIPs on the failover path, where a link dump costs time.
     */
    public void addAddress(int ifIndex, String interfaceName, AddressSpec spec) throws IOException {
        int seq = nextSequence();
        try {
            request(NetlinkCodec.addressRequest(Constants.RTM_NEWADDR, Constants.NLM_F_CREATE | Constants.NLM_F_EXCL,
                    seq, ifIndex, spec), seq, "RTM_NEWADDR");
        } catch (IOException e) {
            throw inContext(e, "cannot add " + spec + " to " + interfaceName);
        }
    }

    /**
     * Adds {@code spec} with a valid lifetime of {@code seconds}, or renews the lifetime of the address
     * already there (NLM_F_REPLACE): the kernel itself deletes it when the lifetime runs out.
     */
    public void addAddressFor(int ifIndex, String interfaceName, AddressSpec spec, long seconds) throws IOException {
        if (seconds < 1 || seconds >= AddressSpec.FOREVER) {
            throw new IllegalArgumentException("lifetime " + seconds + " s out of 1.." + (AddressSpec.FOREVER - 1));
        }
        int seq = nextSequence();
        try {
            request(NetlinkCodec.addressRequest(Constants.RTM_NEWADDR, Constants.NLM_F_CREATE | Constants.NLM_F_REPLACE,
                    seq, ifIndex, spec, seconds), seq, "RTM_NEWADDR");
        } catch (IOException e) {
            throw inContext(e, "cannot add " + spec + " for " + seconds + " s to " + interfaceName);
        }
    }

    /** Deletes {@code spec} (address and prefix length must match); EADDRNOTAVAIL when absent. */
    public void deleteAddress(String interfaceName, AddressSpec spec) throws IOException {
        deleteAddress(ifIndex(interfaceName), interfaceName, spec);
    }

    /** Deletes {@code spec} from the interface with index {@code ifIndex}, without looking the name up. */
    public void deleteAddress(int ifIndex, String interfaceName, AddressSpec spec) throws IOException {
        int seq = nextSequence();
        try {
            request(NetlinkCodec.addressRequest(Constants.RTM_DELADDR, 0, seq, ifIndex, spec), seq, "RTM_DELADDR");
        } catch (IOException e) {
            throw inContext(e, "cannot delete " + spec + " from " + interfaceName);
        }
    }

    /**
     * A request's failure with the words that say what was asked. They are built only on failure:
     * adding a VIP is on the failover path, and building them (an address printed, a regular
     * expression) took longer there than the request itself.
     */
    static IOException inContext(IOException e, String context) {
        if (e instanceof NativeException n) {
            return n.withContext(context);
        }
        if (e instanceof ClosedChannelException) {
            return e;
        }
        return new IOException(context + ": " + e.getMessage(), e);
    }

    /** Every IPv4 and IPv6 address of every interface. */
    public List<IfAddress> addresses() throws IOException {
        List<IfAddress> result = new ArrayList<>();
        for (NetlinkCodec.Message m : dump(Constants.RTM_GETADDR, "RTM_GETADDR")) {
            if (m.type() == Constants.RTM_NEWADDR) {
                IfAddress a = NetlinkCodec.parseAddress(m.payload());
                if (a != null) {
                    result.add(a);
                }
            }
        }
        return result;
    }

    /** The addresses of one interface. */
    public List<IfAddress> addresses(String interfaceName) throws IOException {
        int ifIndex = ifIndex(interfaceName);
        return addresses().stream().filter(a -> a.ifIndex() == ifIndex).toList();
    }

    /** Whether {@code address} is configured on the interface. */
    public boolean hasAddress(String interfaceName, InetAddress address) throws IOException {
        int ifIndex = ifIndex(interfaceName);
        return addresses().stream().anyMatch(a -> a.matches(ifIndex, address));
    }

    /**
     * The neighbour table's entries that have a hardware address and are neither being resolved
     * nor failed, on every interface.
     */
    public List<Neighbour> neighbours() throws IOException {
        List<Neighbour> result = new ArrayList<>();
        for (NetlinkCodec.Message m : dump(seq -> NetlinkCodec.neighbourDumpRequest(Constants.AF_UNSPEC, seq),
                "RTM_GETNEIGH")) {
            if (m.type() == Constants.RTM_NEWNEIGH) {
                Neighbour n = NetlinkCodec.parseNeighbour(m.payload());
                if (n != null && (n.state() & (Constants.NUD_INCOMPLETE | Constants.NUD_FAILED)) == 0) {
                    result.add(n);
                }
            }
        }
        return result;
    }

    /** Every link (interface). */
    public List<Link> links() throws IOException {
        return dumpLinks(NetlinkCodec::parseLink);
    }

    /** Every link with its kind, lower link and IPv4 settings. */
    public List<LinkDetails> linkDetails() throws IOException {
        return dumpLinks(NetlinkCodec::parseLinkDetails);
    }

    /** A link dump, each RTM_NEWLINK decoded by {@code parser} (null: skipped). */
    private <T> List<T> dumpLinks(Function<ByteBuffer, T> parser) throws IOException {
        List<T> result = new ArrayList<>();
        for (NetlinkCodec.Message m : dump(Constants.RTM_GETLINK, "RTM_GETLINK")) {
            if (m.type() == Constants.RTM_NEWLINK) {
                T l = parser.apply(m.payload());
                if (l != null) {
                    result.add(l);
                }
            }
        }
        return result;
    }

    /** Creates macvlan {@code name} on link {@code parentIndex} with MAC {@code mac}, in mode {@code mode}. */
    public void addMacvlan(String name, int parentIndex, byte[] mac, int mode) throws IOException {
        linkChange("RTM_NEWLINK", seq -> NetlinkCodec.newMacvlan(seq, name, parentIndex, mac, mode),
                "cannot create macvlan " + name);
    }

    /** Gives the existing macvlan {@code ifIndex} ({@code name}, for messages) MAC {@code mac} and mode {@code mode}. */
    public void updateMacvlan(int ifIndex, String name, byte[] mac, int mode) throws IOException {
        linkChange("RTM_NEWLINK", seq -> NetlinkCodec.updateMacvlan(seq, ifIndex, mac, mode),
                "cannot update macvlan " + name);
    }

    /** Creates ipvlan {@code name} (mode L2, {@code flags} IPVLAN_F_*) on link {@code parentIndex}, up. */
    public void addIpvlan(String name, int parentIndex, int flags) throws IOException {
        linkChange("RTM_NEWLINK", seq -> NetlinkCodec.newIpvlan(seq, name, parentIndex, flags),
                "cannot create ipvlan " + name);
    }

    /** Deletes link {@code ifIndex}; ENODEV when it is gone already. */
    public void deleteLink(int ifIndex, String name) throws IOException {
        linkChange("RTM_DELLINK", seq -> NetlinkCodec.deleteLink(seq, ifIndex), "cannot delete " + name);
    }

    /** Sets link {@code ifIndex} administratively up. */
    public void setLinkUp(int ifIndex, String name) throws IOException {
        linkChange("RTM_NEWLINK", seq -> NetlinkCodec.linkUp(seq, ifIndex), "cannot set " + name + " up");
    }

    /** Sets net.ipv4.conf.NAME.* of link {@code ifIndex}: IPV4_DEVCONF_* number to value. */
    public void setInetConf(int ifIndex, String name, Map<Integer, Integer> settings) throws IOException {
        linkChange("RTM_NEWLINK", seq -> NetlinkCodec.inetConf(seq, ifIndex, settings),
                "cannot set IPv4 settings of " + name);
    }

    /** Sets link {@code ifIndex}'s IPv6 address generation mode (IN6_ADDR_GEN_MODE_*). */
    public void setAddrGenMode(int ifIndex, String name, int mode) throws IOException {
        linkChange("RTM_NEWLINK", seq -> NetlinkCodec.addrGenMode(seq, ifIndex, mode),
                "cannot set addr_gen_mode of " + name);
    }

    private void linkChange(String call, IntFunction<byte[]> message, String context) throws IOException {
        int seq = nextSequence();
        try {
            request(message.apply(seq), seq, call);
        } catch (IOException e) {
            throw inContext(e, context);
        }
    }

    /** The link named {@code interfaceName}, or an IOException when there is none. */
    public Link link(String interfaceName) throws IOException {
        return links().stream().filter(l -> l.name().equals(interfaceName)).findFirst()
                .orElseThrow(() -> new NativeException("RTM_GETLINK", Errno.ENODEV, "no interface " + interfaceName));
    }

    /**
     * The index of {@code interfaceName} in this socket's namespace (not the calling thread's, which
     * is why if_nametoindex(3) is not used); ENODEV naming it when there is none.
     */
    public int ifIndex(String interfaceName) throws IOException {
        return link(interfaceName).index();
    }

    int nextSequence() {
        return sequence.incrementAndGet() & 0x7FFFFFFF;
    }

    /** Sends a request with sequence number {@code seq} and waits for its acknowledgement. */
    synchronized void request(byte[] message, int seq, String call) throws IOException {
        socket.send(message, call);
        long deadline = System.nanoTime() + REPLY_TIMEOUT_MILLIS * 1_000_000L;
        while (true) {
            for (NetlinkCodec.Message m : receiveUntil(deadline, call)) {
                if (m.seq() != seq || m.type() != Constants.NLMSG_ERROR) {
                    continue; // an answer to an earlier, abandoned request
                }
                int error = NetlinkCodec.error(m);
                if (error != 0) {
                    throw new NativeException(call, -error, null);
                }
                return;
            }
        }
    }

    private List<NetlinkCodec.Message> dump(int type, String call) throws IOException {
        return dump(seq -> NetlinkCodec.dumpRequest(type, Constants.AF_UNSPEC, seq), call);
    }

    /** Every message of a dump; {@code requestFor} makes the request with a given sequence number. */
    synchronized List<NetlinkCodec.Message> dump(IntFunction<byte[]> requestFor, String call) throws IOException {
        for (int attempt = 1; ; attempt++) {
            int seq = nextSequence();
            String what = "cannot list (" + call + ")";
            socket.send(requestFor.apply(seq), what);
            List<NetlinkCodec.Message> result = new ArrayList<>();
            boolean interrupted = false;
            long deadline = System.nanoTime() + REPLY_TIMEOUT_MILLIS * 1_000_000L;
            boolean done = false;
            while (!done) {
                for (NetlinkCodec.Message m : receiveUntil(deadline, what)) {
                    if (m.seq() != seq) {
                        continue;
                    }
                    interrupted |= (m.flags() & NetlinkCodec.NLM_F_DUMP_INTR) != 0;
                    if (m.type() == Constants.NLMSG_DONE) {
                        int error = NetlinkCodec.error(m);
                        if (error < 0) {
                            throw new NativeException(call, -error, what);
                        }
                        done = true;
                        break;
                    } else if (m.type() == Constants.NLMSG_ERROR) {
                        int error = NetlinkCodec.error(m);
                        if (error != 0) {
                            throw new NativeException(call, -error, what);
                        }
                    } else {
                        result.add(m);
                    }
                }
            }
            // NLM_F_DUMP_INTR: the table changed during the dump, so it may be inconsistent.
            if (!interrupted || attempt == DUMP_ATTEMPTS) {
                return result;
            }
        }
    }

    private List<NetlinkCodec.Message> receiveUntil(long deadline, String what) throws IOException {
        int wait = (int) Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
        ByteBuffer datagram = socket.receive(wait);
        if (datagram == null) {
            throw new IOException(what + ": no answer from the kernel within " + REPLY_TIMEOUT_MILLIS + " ms");
        }
        return NetlinkCodec.split(datagram);
    }

    @Override
    public void close() {
        socket.close();
    }
}
