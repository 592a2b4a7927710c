package io.keepwatch.runtime.witness;

import io.keepwatch.runtime.net.InstanceNetwork;
import io.keepwatch.vrrp.VirtualAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network of an instance with {@code witness NAME}: adverts pass unchanged, but the addresses the
 * engine adds are bound only while the instance holds its key (its name) in the witness under a live
 * session, each with a kernel lifetime ({@link FenceTiming}) renewed at every keep-alive. Until then
 * the instance is "elected, waiting for witness": MASTER to VRRP, without its addresses. The key is
 * asked for when the engine first wants addresses and given up once it has removed them all.
 */
final class FencedNetwork implements InstanceNetwork {

    private static final Logger LOG = LoggerFactory.getLogger(FencedNetwork.class);

    private final WitnessFences fences;
    private final String instance;
    private final String witness;
    private final InstanceNetwork network;
    /** What the engine wants bound (it added and has not removed). */
    private final Set<VirtualAddress> wanted = new LinkedHashSet<>();
    private boolean asked;
    private boolean held;
    private boolean bound;
    private long kernelDeadline;
    /** When the lifetimes are set once more from the session's validity ({@link FenceTiming#lastLifetimeNanos}). */
    private long lastLifetimeAt;
    private boolean lastLifetimeDue;
    /** Who holds the key, as the witness last said (shown in the status only: binding rests on {@link #held}). */
    private Optional<String> holder = Optional.empty();
    /** Gratuitous ARPs the engine asked for while the addresses could not be bound: sent once they are. */
    private List<VirtualAddress> pendingAnnounce = List.of();
    private int pendingRepeat;

    FencedNetwork(WitnessFences fences, String instance, String witness, InstanceNetwork network) {
        this.fences = fences;
        this.instance = instance;
        this.witness = witness;
        this.network = network;
    }

    String witness() {
        return witness;
    }

    boolean waiting() {
        return !wanted.isEmpty() && !bound;
    }

    @Override
    public boolean waitingForWitness() {
        return waiting();
    }

    @Override
    public Optional<String> witnessHolder() {
        return holder;
    }

    /** The witness's word on who holds the key; whether it changed. */
    boolean holder(Optional<String> now) {
        boolean changed = !holder.equals(now);
        holder = now;
        return changed;
    }

    boolean bound() {
        return bound;
    }

    /** When the loop must wake for this fence: its last lifetime to set, or its addresses to remove. */
    long wakeAt() {
        return lastLifetimeDue ? lastLifetimeAt : kernelDeadline;
    }

    @Override
    public void sendAdvert(int priority) throws IOException {
        network.sendAdvert(priority);
    }

    @Override
    public void addVip(VirtualAddress vip) throws IOException {
        wanted.add(vip);
        if (!asked) {
            asked = true;
            LOG.info("({}) elected; asking witness {} for its key before adding its addresses", instance, witness);
            fences.want(witness, instance);
        }
        long now = fencesNow();
        if (bound) {
            long seconds = lifetime(now);
            if (seconds >= 1) {
                network.addVip(vip, seconds); // within V like the others, and removed with them at their deadline
            }
        } else {
            bind(now);
        }
    }

    @Override
    public void addVip(VirtualAddress vip, long seconds) throws IOException {
        addVip(vip); // the fence sets the lifetime itself
    }

    /**
     * Removes an address; the key goes once the last one is gone. On a stop (RFC 5798 6.4.3) the
     * engine sends its priority-0 advert before it removes the addresses, and a fenced instance keeps
     * that order: the release then travels to the store while the backup waits out its Skew_Time, so a
     * takeover costs VRRP's time plus the backup's one transaction. Releasing first would put the
     * release's round trip (and, with the store out of reach, its timeout) before the advert that
     * starts the backup's clock, on every stop. A backup whose Skew_Time is shorter than the release
     * finds the key still held, and takes it when its watch of the key reports the release.
     */
    @Override
    public void removeVip(VirtualAddress vip) throws IOException {
        wanted.remove(vip);
        try {
            network.removeVip(vip);
        } finally {
            if (wanted.isEmpty()) {
                release();
            }
        }
    }

    @Override
    public void announce(List<VirtualAddress> vips, int repeat) {
        if (bound) {
            network.announce(vips, repeat);
        } else {
            pendingAnnounce = List.copyOf(vips);
            pendingRepeat = repeat;
        }
    }

    @Override
    public boolean healWith(InetAddress peer) {
        return network.healWith(peer);
    }

    @Override
    public Map<InetAddress, Long> stopHealing() {
        return network.stopHealing();
    }

    /** The engine wants no address any more (or the instance goes): give the key up. */
    void release() {
        bound = false;
        pendingAnnounce = List.of();
        if (asked) {
            asked = false;
            held = false;
            fences.unwant(witness, instance);
        }
    }

    /** The witness's answer to the request for the key. */
    void acquired(boolean nowHeld, long now) {
        if (!asked) {
            return; // asked and given up since: the witness thread releases it in turn
        }
        if (nowHeld && !held) {
            LOG.info("({}) holds its key in witness {}", instance, witness);
        }
        held = nowHeld;
        if (held) {
            bind(now);
        } else if (bound) {
            unbind("witness " + witness + ": its key is held by another host");
        }
    }

    /** A keep-alive answered: bind, or renew the lifetimes of what is bound. */
    void renew(long now, long validUntil) {
        if (bound) {
            long seconds = FenceTiming.lifetimeSeconds(validUntil, now);
            if (seconds >= 1) {
                setLifetimes(seconds, now, validUntil);
            }
        } else {
            bind(now);
        }
    }

    /** The session is gone, and the key with it. */
    void keyLost() {
        held = false;
        if (asked) {
            unbind("witness " + witness + ": session lost"); // the witness thread asks again under its next one
        }
    }

    /**
     * The loop's wake-up: with no keep-alive since, the lifetimes are set once more from the session's
     * validity while a second still fits; addresses whose kernel lifetime is about to run out are removed.
     */
    void check(long now) {
        if (bound && lastLifetimeDue && now - lastLifetimeAt >= 0) {
            lastLifetimeDue = false;
            fences.sessionOf(witness).filter(s -> s.live).ifPresent(s -> {
                long seconds = FenceTiming.lifetimeSeconds(s.validUntil, now);
                if (seconds >= 1 && FenceTiming.kernelDeadlineNanos(now, seconds) - kernelDeadline > 0) {
                    setLifetimes(seconds, now, s.validUntil);
                }
            });
        }
        if (bound && now - kernelDeadline >= 0) {
            unbind("witness " + witness + ": no keep-alive renewed the addresses' lifetime");
        }
    }

    /** Removes the addresses; the engine's state is left to the witness tracker. */
    void unbind(String why) {
        if (!bound) {
            return;
        }
        bound = false;
        LOG.warn("({}) removes its addresses: {}", instance, why);
        for (VirtualAddress vip : wanted) {
            try {
                network.removeVip(vip);
            } catch (IOException | RuntimeException e) {
                LOG.error("({}) cannot remove {}: {}", instance, vip, e.getMessage());
            }
        }
    }

    private void bind(long now) {
        if (bound || !held || wanted.isEmpty() || !fences.live(witness, now)) {
            return;
        }
        long validUntil = fences.sessionOf(witness).orElseThrow().validUntil;
        long seconds = FenceTiming.lifetimeSeconds(validUntil, now);
        if (seconds < 1) {
            return; // wait for the next keep-alive
        }
        bound = true;
        setLifetimes(seconds, now, validUntil);
        LOG.info("({}) added its addresses for {} s under witness {}", instance, seconds, witness);
        if (!pendingAnnounce.isEmpty()) {
            network.announce(pendingAnnounce, pendingRepeat);
            pendingAnnounce = List.of();
        }
    }

    private void setLifetimes(long seconds, long now, long validUntil) {
        kernelDeadline = FenceTiming.kernelDeadlineNanos(now, seconds);
        lastLifetimeAt = FenceTiming.lastLifetimeNanos(validUntil);
        lastLifetimeDue = lastLifetimeAt - now > 0
                && FenceTiming.kernelDeadlineNanos(lastLifetimeAt, 1) - kernelDeadline > 0;
        for (VirtualAddress vip : wanted) {
            try {
                network.addVip(vip, seconds);
            } catch (IOException | RuntimeException e) {
                LOG.error("({}) cannot add {} for {} s: {}", instance, vip, seconds, e.getMessage());
            }
        }
    }

    private long lifetime(long now) {
        return fences.sessionOf(witness).filter(s -> s.live)
                .map(s -> FenceTiming.lifetimeSeconds(s.validUntil, now)).orElse(0L);
    }

    private long fencesNow() {
        return fences.now();
    }
}
