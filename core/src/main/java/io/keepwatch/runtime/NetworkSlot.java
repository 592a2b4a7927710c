package io.keepwatch.runtime;

import io.keepwatch.runtime.net.InstanceNetwork;
import io.keepwatch.vrrp.VirtualAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network of an instance that may not have one yet: while its interface is missing the
 * instance sits in FAULT and has nothing to send, so the slot stays empty and says so once.
 */
final class NetworkSlot implements InstanceNetwork {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkSlot.class);

    private final String instance;
    private InstanceNetwork network;
    private boolean warned;

    NetworkSlot(String instance) {
        this.instance = instance;
    }

    void set(InstanceNetwork attached) {
        this.network = attached;
        this.warned = false;
    }

    InstanceNetwork get() {
        return network;
    }

    boolean attached() {
        return network != null;
    }

    /** The network, or an IOException; the message is {@code verb} and {@code subject}, built only then. */
    private InstanceNetwork require(String verb, Object subject) throws IOException {
        if (network == null) {
            if (!warned) {
                LOG.warn("({}) cannot {}{}: its interface is not usable yet", instance, verb, subject);
                warned = true;
            }
            throw new IOException("interface not usable yet");
        }
        return network;
    }

    @Override
    public void sendAdvert(int priority) throws IOException {
        require("send adverts", "").sendAdvert(priority);
    }

    @Override
    public void addVip(VirtualAddress vip) throws IOException {
        require("add ", vip).addVip(vip);
    }

    @Override
    public void addVip(VirtualAddress vip, long seconds) throws IOException {
        require("add ", vip).addVip(vip, seconds);
    }

    @Override
    public void removeVip(VirtualAddress vip) throws IOException {
        require("remove ", vip).removeVip(vip);
    }

    @Override
    public boolean waitingForWitness() {
        return network != null && network.waitingForWitness();
    }

    @Override
    public boolean healWith(InetAddress peer) {
        return network != null && network.healWith(peer);
    }

    @Override
    public Map<InetAddress, Long> stopHealing() {
        return network == null ? Map.of() : network.stopHealing();
    }

    @Override
    public void announce(List<VirtualAddress> vips, int repeat) {
        if (network != null) {
            network.announce(vips, repeat);
        }
    }
}
