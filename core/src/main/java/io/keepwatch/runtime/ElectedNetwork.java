package io.keepwatch.runtime;

import io.keepwatch.runtime.net.InstanceNetwork;
import io.keepwatch.runtime.witness.FenceTiming;
import io.keepwatch.vrrp.VirtualAddress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network of an {@code election} instance: its addresses are added with a kernel lifetime
 * ({@link FenceTiming#lifetimeSeconds}) that ends before its session with the witness could, and
 * renewed at each keep-alive of that session ({@link #renew}). Killed or frozen, keepwatch renews
 * nothing, and the kernel deletes the addresses before the store can expire the lease and grant the
 * key to another host. Without a live session nothing is added: an address the engine asks for then
 * waits, and is added at the next {@link #renew}. The engine asks only after the store granted the
 * key, and the first validity of a session can reach this network after that (the session may open
 * before the instance is attached), so refusing would leave a MASTER without its addresses. When no
 * keep-alive has come by the last moment a lifetime of one second fits under the session's validity
 * ({@link FenceTiming#lastLifetimeNanos}), the loop calls {@link #accept} to set it from that
 * validity once more, which keeps the addresses through a longer stall of the store. VRRP thread only.
 */
final class ElectedNetwork implements InstanceNetwork, VrrpLoop.Timed {

    private static final Logger LOG = LoggerFactory.getLogger(ElectedNetwork.class);

    private final String instance;
    private final InstanceNetwork network;
    private final Set<VirtualAddress> bound = new LinkedHashSet<>();
    /** Asked for while no session was known: added at the next renewal. */
    private final Set<VirtualAddress> waiting = new LinkedHashSet<>();
    private boolean sessionKnown;
    private long validUntilNanos;
    /** Who holds the key, as the election's run last read it: for the status. */
    private Optional<String> holder = Optional.empty();

    ElectedNetwork(String instance, InstanceNetwork network) {
        this.instance = instance;
        this.network = network;
    }

    /**
     * The session was granted or kept alive: the store cannot expire it before {@code validUntil}.
     * What is bound gets the lifetime that ends before then.
     */
    void renew(long validUntil, long now) {
        sessionKnown = true;
        validUntilNanos = validUntil;
        long seconds = FenceTiming.lifetimeSeconds(validUntil, now);
        if (seconds < 1) {
            return; // the kernel deletes them first; ElectionRun gives the key up meanwhile
        }
        for (VirtualAddress vip : bound) {
            try {
                network.addVip(vip, seconds);
            } catch (IOException | RuntimeException e) {
                LOG.error("({}) cannot renew {} for {} s: {}", instance, vip, seconds, e.getMessage());
            }
        }
        List<VirtualAddress> added = new ArrayList<>();
        for (VirtualAddress vip : List.copyOf(waiting)) {
            try {
                network.addVip(vip, seconds);
                waiting.remove(vip);
                bound.add(vip);
                added.add(vip);
                LOG.info("({}) added {} now that the session with the witness is live", instance, vip);
            } catch (IOException | RuntimeException e) {
                LOG.error("({}) cannot add {}: {}", instance, vip, e.getMessage());
            }
        }
        if (!added.isEmpty()) {
            network.announce(added, 1); // the announcements of the MASTER entry went out before them
        }
    }

    /** The loop's timer at {@link FenceTiming#lastLifetimeNanos}: the lifetimes set once more from the same validity. */
    @Override
    public void accept(long now) {
        if (sessionKnown) {
            renew(validUntilNanos, now);
        }
    }

    @Override
    public Optional<String> witnessHolder() {
        return holder;
    }

    /** Who holds the key now, as the store said; whether that changed. */
    boolean holder(Optional<String> now) {
        boolean changed = !holder.equals(now);
        holder = now;
        return changed;
    }

    /** The session is gone: nothing may be added under it any more. */
    void sessionLost() {
        sessionKnown = false;
    }

    @Override
    public void sendAdvert(int priority) {
        // an election instance sends no adverts; its engine asks for none
    }

    @Override
    public void addVip(VirtualAddress vip) throws IOException {
        long seconds = sessionKnown ? FenceTiming.lifetimeSeconds(validUntilNanos, System.nanoTime()) : 0;
        if (seconds < 1) {
            if (waiting.add(vip)) {
                LOG.info("({}) {} waits for a live session with the witness to hold it under", instance, vip);
            }
            return;
        }
        network.addVip(vip, seconds);
        bound.add(vip);
    }

    @Override
    public void addVip(VirtualAddress vip, long seconds) throws IOException {
        addVip(vip); // the lifetime is the session's
    }

    @Override
    public void removeVip(VirtualAddress vip) throws IOException {
        waiting.remove(vip);
        bound.remove(vip);
        network.removeVip(vip);
    }

    @Override
    public void announce(List<VirtualAddress> vips, int repeat) {
        network.announce(vips, repeat);
    }
}
