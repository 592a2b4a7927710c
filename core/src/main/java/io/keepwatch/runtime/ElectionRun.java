package io.keepwatch.runtime;

import io.keepwatch.plugin.api.Witness;
import io.keepwatch.plugin.api.WitnessCandidate;
import io.keepwatch.plugin.api.WitnessException;
import io.keepwatch.plugin.api.WitnessSession;
import io.keepwatch.plugin.api.WitnessWatch;
import io.keepwatch.runtime.witness.FenceTiming;
import io.keepwatch.vrrp.Election;
import io.keepwatch.vrrp.VrrpEvent;
import io.keepwatch.vrrp.VrrpState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code election} instance's dealings with its witness, on a platform thread of its own
 * ({@code keepwatch-election-NAME}), since every call to the store may block: it keeps a session
 * alive, stands for the instance's key at the instance's effective priority, watches the key, and
 * acts on {@link Election}'s decision. The engine hears the outcome as
 * {@link VrrpEvent.ElectionWon} and {@link VrrpEvent.ElectionLost}, on the VRRP thread.
 *
 * <p>The order of the steps is what keeps two hosts from holding the addresses at once: a host adds
 * them only after the store granted it the key, and removes them (waiting until the VRRP thread has
 * done it) before it releases the key, hands it over, or lets its session run out. When the session
 * cannot be renewed, the addresses go at the session's end less {@link FenceTiming#marginNanos}, by
 * the monotonic clock, before the store could expire the lease and grant the key to another host.
 *
 * <p>The witness's state reaches the engine as a weight-0 tracker ({@link #WITNESS_TRACKER}): down
 * (FAULT) while the instance has no session with the store, so that notify_fault, the status and the
 * metrics say so as for any fault.
 */
final class ElectionRun implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ElectionRun.class);

    /** The engine's tracker for the witness: down while no session is open. */
    static final String WITNESS_TRACKER = "witness";

    /** How long the engine may take to carry out a change before this thread goes on. */
    private static final long ENGINE_WAIT_MILLIS = 2_000;

    private final String instance;
    private final String witnessName;
    private final Witness witness;
    private final String holderId;
    private final Election election;
    private final Function<VrrpEvent, CompletableFuture<Void>> engine;
    /** The session's validity for the addresses' kernel lifetimes ({@link ElectedNetwork}): empty when lost. */
    private final Consumer<OptionalLong> lease;
    /** Who holds the key, as the store said at the last look: for the status. */
    private final Consumer<Optional<String>> holders;
    private final Thread thread;

    /** What the VRRP thread last published of the instance; guarded by this. */
    private int priority;
    private boolean master;
    private boolean changed = true;
    private boolean closing;

    // the election thread's own
    private WitnessSession session;
    private WitnessWatch watch;
    private long nextKeepAlive;
    private boolean holding;
    /** Whether the store confirmed that the key bearing this host's identity is held under this session. */
    private boolean heldUnderSession;
    private int stoodAt = -1;
    private Boolean witnessUp;
    /** The last decision's reason, so that a waiting or holding host logs each new situation once. */
    private String lastReason = "";
    /** The holder last reported to {@link #holders}; null before the first. */
    private Optional<String> lastHolder;

    /**
     * @param engine hands an event to the instance on the VRRP thread; the future completes once the
     *               engine's actions are carried out
     * @param holders told who holds the key (empty: nobody, or not known) each time that changes
     */
    ElectionRun(String instance, String witnessName, Witness witness, String holderId, boolean preempt,
                Duration preemptDelay, Function<VrrpEvent, CompletableFuture<Void>> engine,
                Consumer<OptionalLong> lease, Consumer<Optional<String>> holders) {
        this.lease = lease;
        this.holders = holders;
        this.instance = instance;
        this.witnessName = witnessName;
        this.witness = witness;
        this.holderId = holderId;
        this.election = new Election(holderId, preempt, preemptDelay);
        this.engine = engine;
        this.thread = Thread.ofPlatform().name("keepwatch-election-" + instance).daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** The instance's latest status (any thread): its effective priority, 0 unless BACKUP or MASTER. */
    void published(InstanceStatus status) {
        published(status.state(), status.effectivePriority());
    }

    synchronized void published(VrrpState state, int effectivePriority) {
        int now = state == VrrpState.BACKUP || state == VrrpState.MASTER ? effectivePriority : 0;
        boolean isMaster = state == VrrpState.MASTER;
        if (now != priority || isMaster != master) {
            priority = now;
            master = isMaster;
            changed = true;
            notifyAll();
        }
    }

    /** The store says the key or its candidacies changed (the witness's thread). */
    private synchronized void wake() {
        changed = true;
        notifyAll();
    }

    /**
     * Ends the run: the instance has removed its addresses already (a stop or reload removed the
     * instance first), so the key is released and the session closed.
     */
    @Override
    public void close() {
        synchronized (this) {
            closing = true;
            notifyAll();
        }
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (!isClosing()) {
            long wakeAt = step();
            waitUntil(wakeAt);
        }
        endSession();
    }

    private synchronized boolean isClosing() {
        return closing;
    }

    /** One round: session, candidacy, decision. Returns when to look again at the latest. */
    private long step() {
        long now = System.nanoTime();
        if (!ensureSession()) {
            return now + TimeUnit.SECONDS.toNanos(1);
        }
        try {
            if (now - nextKeepAlive >= 0) {
                lease.accept(OptionalLong.of(session.keepAlive()));
                nextKeepAlive = System.nanoTime() + FenceTiming.keepAliveNanos(witness.ttl());
            }
            int p;
            boolean isMaster;
            synchronized (this) {
                p = priority;
                isMaster = master;
                changed = false;
            }
            if (p != stoodAt) {
                if (p > 0) {
                    session.stand(instance, p);
                } else {
                    session.withdraw(instance);
                }
                stoodAt = p;
            }
            Optional<String> holder = asSeenBySession(witness.holder(instance));
            holding = holder.isPresent() && holder.get().equals(holderId);
            seen(holder);
            List<Election.Candidate> candidates = witness.candidates(instance).stream()
                    .map(ElectionRun::candidate).toList();
            Election.Decision decision = election.decide(p, holder, candidates, System.nanoTime());
            act(decision, isMaster);
            long next = nextKeepAlive;
            if (decision.recheckAt().isPresent() && decision.recheckAt().get() - next < 0) {
                next = decision.recheckAt().get();
            }
            return next;
        } catch (WitnessException e) {
            return failed(e);
        }
    }

    /**
     * The key's holder as this session should see it. The store names a holder by its identity, which
     * this host's earlier sessions share: a key still held under an earlier lease (one given up while
     * the store was out of reach, which a new etcd leader then extended with every other lease) is
     * not this session's, and counts as another holder's until that lease ends. The store is asked
     * once per session: {@code acquire} answers true only for a key under this session's lease.
     */
    private Optional<String> asSeenBySession(Optional<String> holder) throws WitnessException {
        if (holder.isEmpty() || !holder.get().equals(holderId)) {
            heldUnderSession = false;
            return holder;
        }
        if (!heldUnderSession) {
            heldUnderSession = session.acquire(instance);
        }
        return heldUnderSession ? holder : Optional.of(holderId + " (an earlier session of this host)");
    }

    private static Election.Candidate candidate(WitnessCandidate c) {
        return new Election.Candidate(c.holder(), c.priority());
    }

    private void act(Election.Decision decision, boolean isMaster) throws WitnessException {
        if (!decision.reason().equals(lastReason)) {
            lastReason = decision.reason();
            if (decision.move() == Election.Move.HOLD || decision.move() == Election.Move.WAIT) {
                LOG.info("({}) election: {}", instance, decision.reason());
            }
        }
        switch (decision.move()) {
            case ACQUIRE -> {
                if (session.acquire(instance)) {
                    holding = true;
                    heldUnderSession = true;
                    seen(Optional.of(holderId));
                    LOG.info("({}) election: acquired the key in witness {}: {}", instance, witnessName,
                            decision.reason());
                    toEngine(new VrrpEvent.ElectionWon("elected: holds the key in witness " + witnessName));
                }
            }
            case HOLD -> {
                if (!isMaster) {
                    toEngine(new VrrpEvent.ElectionWon("elected: holds the key in witness " + witnessName));
                }
            }
            case HAND_OVER -> {
                LOG.info("({}) election: {}", instance, decision.reason());
                toEngine(new VrrpEvent.ElectionLost(decision.reason()));
                session.release(instance);
                holding = false;
                seen(Optional.empty());
                LOG.info("({}) election: released the key in witness {} (handover)", instance, witnessName);
            }
            case STAND_DOWN -> {
                toEngine(new VrrpEvent.ElectionLost(decision.reason()));
                if (holding) {
                    session.release(instance);
                    holding = false;
                    LOG.info("({}) election: released the key in witness {}: {}", instance, witnessName,
                            decision.reason());
                }
            }
            case WAIT -> {
                if (isMaster) {
                    // never MASTER without the key (a session that was replaced, a key taken over)
                    toEngine(new VrrpEvent.ElectionLost("the key is not ours: " + decision.reason()));
                }
            }
        }
    }

    /**
     * The store could not be asked, or forgot the session. Holding on is allowed only while the store
     * cannot have expired the lease: the addresses go at its end less the margin. The session itself is
     * kept, and kept alive as soon as the store answers: a new etcd leader extends every lease, so a
     * keep-alive that gets through after an election finds the key still under it, and the addresses
     * come back at once instead of after the old lease's end.
     */
    private long failed(WitnessException e) {
        long now = System.nanoTime();
        if (e.kind() == WitnessException.Kind.LOST) {
            LOG.warn("({}) election: witness {} lost the session: {}", instance, witnessName, e.getMessage());
            loseKey("witness " + witnessName + " lost the session");
            dropSession();
            return now;
        }
        long giveUpAt = session.validUntilNanos() - FenceTiming.marginNanos(witness.ttl());
        if (now - giveUpAt >= 0) {
            if (holding || isMaster()) {
                LOG.warn("({}) election: witness {} unreachable up to the session's margin: {}", instance,
                        witnessName, e.getMessage());
                loseKey("witness " + witnessName + " unreachable: giving the addresses up before the lease can expire");
            }
            nextKeepAlive = now;
            return now + FenceTiming.keepAliveNanos(witness.ttl()) / 2;
        }
        LOG.debug("({}) election: witness {} unreachable: {}", instance, witnessName, e.getMessage());
        nextKeepAlive = now; // try again at once, then on the short wait below
        return Math.min(now + FenceTiming.keepAliveNanos(witness.ttl()) / 2, giveUpAt) ;
    }

    private synchronized boolean isMaster() {
        return master;
    }

    private void loseKey(String reason) {
        if (holding || isMaster()) {
            toEngine(new VrrpEvent.ElectionLost(reason));
            holding = false;
        }
    }

    private boolean ensureSession() {
        if (session != null) {
            return true;
        }
        try {
            session = witness.open(holderId);
            lease.accept(OptionalLong.of(session.validUntilNanos()));
            nextKeepAlive = System.nanoTime() + FenceTiming.keepAliveNanos(witness.ttl());
            stoodAt = -1;
            watch = witness.watch(instance, this::wake);
            LOG.info("({}) election: session open with witness {} as {}", instance, witnessName, holderId);
            witnessUsable(true, "session open");
            return true;
        } catch (WitnessException | RuntimeException e) {
            dropSession();
            witnessUsable(false, "cannot open a session: " + e.getMessage());
            return false;
        }
    }

    private void witnessUsable(boolean up, String why) {
        if (witnessUp != null && witnessUp == up) {
            return;
        }
        witnessUp = up;
        if (!up) {
            LOG.warn("({}) election: witness {} unusable: {}", instance, witnessName, why);
        }
        toEngine(new VrrpEvent.TrackerChanged(WITNESS_TRACKER, up));
    }

    private void dropSession() {
        if (watch != null) {
            watch.close();
            watch = null;
        }
        if (session != null) {
            lease.accept(OptionalLong.empty());
            session.close();
            session = null;
        }
        holding = false;
        heldUnderSession = false;
        stoodAt = -1;
        seen(Optional.empty()); // not known without a session
    }

    private void seen(Optional<String> holder) {
        if (!holder.equals(lastHolder)) {
            lastHolder = holder;
            holders.accept(holder);
        }
    }

    /** At the end: the instance is gone and its addresses with it; give the key and candidacy up. */
    private void endSession() {
        if (session != null) {
            try {
                if (holding) {
                    session.release(instance);
                    LOG.info("({}) election: released the key in witness {} (stopping)", instance, witnessName);
                }
                session.withdraw(instance);
            } catch (WitnessException e) {
                LOG.warn("({}) election: cannot release the key in witness {}: {} (it goes with the lease)",
                        instance, witnessName, e.getMessage());
            }
        }
        dropSession();
    }

    /** Hands an event to the engine and waits until it is carried out (addresses removed or added). */
    private void toEngine(VrrpEvent event) {
        try {
            engine.apply(event).get(ENGINE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("({}) election: the engine did not take {} in time: {}", instance, event, e.toString());
        }
    }

    private synchronized void waitUntil(long deadline) {
        while (!changed && !closing) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
