package io.keepwatch.runtime.witness;

import io.keepwatch.plugin.api.Witness;
import io.keepwatch.plugin.api.WitnessException;
import io.keepwatch.plugin.api.WitnessSession;
import io.keepwatch.plugin.api.WitnessWatch;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One witness's session for this host, on a thread of its own ({@code keepwatch-witness-NAME}): opens
 * it, keeps it alive every {@link FenceTiming#keepAliveNanos TTL/6}, opens a new one when the store
 * says it is lost, and takes and gives up the keys the VRRP thread wants. A key wanted but held by
 * another is tried again when the store reports a change of it (the witness's watch) and at every
 * keep-alive. Every call into the plugin is bounded by the plugin's own request timeout (the SPI's
 * contract), and none is made from the VRRP thread.
 *
 * <p>The key of every fenced instance is watched for as long as the instance exists ({@link #follow}),
 * not only while it waits: a backup that wins VRRP while the old master's release is still on its
 * way to the store (a short Skew_Time) then retries on the release's delete event over a stream
 * that is open already, instead of opening one first; and the status can show who holds the key
 * (read from the store at each change of it, never per advert or keep-alive).
 */
final class SessionKeeper {

    private static final Logger LOG = LoggerFactory.getLogger(SessionKeeper.class);

    private sealed interface Command {}
    private record Want(String key) implements Command {}
    private record Unwant(String key) implements Command {}
    private record Retry(String key) implements Command {}
    /** The watch saw the key change, or was (re-)established. */
    private record Changed(String key) implements Command {}
    private record Follow(String key) implements Command {}
    private record Unfollow(String key) implements Command {}
    private record ReadHolder(String key) implements Command {}
    private record Stop() implements Command {}

    private final String name;
    private final Witness witness;
    private final String holder;
    private final WitnessListener listener;
    private final Duration ttl;
    private final long interval;
    private final LinkedBlockingQueue<Command> commands = new LinkedBlockingQueue<>();
    private final Thread thread;
    // The fields below belong to the keeper's thread.
    private WitnessSession session;
    /** The keys the VRRP thread wants, and whether this session holds each. */
    private final Map<String, Boolean> wanted = new LinkedHashMap<>();
    private final Map<String, WitnessWatch> watches = new LinkedHashMap<>();
    /** The keys watched for as long as their instance is fenced ({@link #follow}). */
    private final Set<String> followed = new LinkedHashSet<>();
    /** The holder last reported for each followed key. */
    private final Map<String, Optional<String>> reported = new LinkedHashMap<>();
    private boolean unreachable;
    /**
     * Keys given up whose release the store did not take (unreachable then): released at the next
     * keep-alive it answers. A session that lives on would otherwise hold them for good, and a peer
     * that VRRP made master would wait for a key nobody wants.
     */
    private final Set<String> owed = new LinkedHashSet<>();
    /** The keys whose wait for another holder was logged, so that each retry does not log it again. */
    private final Set<String> waitLogged = new HashSet<>();

    SessionKeeper(String name, Witness witness, String holder, WitnessListener listener) {
        this.name = name;
        this.witness = witness;
        this.holder = holder;
        this.listener = listener;
        this.ttl = witness.ttl();
        this.interval = Math.max(1, FenceTiming.keepAliveNanos(ttl));
        this.thread = Thread.ofPlatform().name("keepwatch-witness-" + name).daemon(true).unstarted(this::run);
    }

    String name() {
        return name;
    }

    Witness witness() {
        return witness;
    }

    void start() {
        thread.start();
    }

    void want(String key) {
        commands.add(new Want(key));
    }

    void unwant(String key) {
        commands.add(new Unwant(key));
    }

    /** Watch {@code key} and report its holder until {@link #unfollow}. */
    void follow(String key) {
        commands.add(new Follow(key));
    }

    void unfollow(String key) {
        commands.add(new Unfollow(key));
    }

    /**
     * Gives up the keys and the session (its lease revoked, so a peer need not wait for the TTL) and
     * ends the thread, waiting up to {@code timeout} for it.
     */
    void close(Duration timeout) {
        commands.add(new Stop());
        try {
            thread.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("witness {}: its thread did not end within {} ms", name, timeout.toMillis());
        }
    }

    private void run() {
        // Libraries inside a plugin look for their providers through the context class loader.
        Thread.currentThread().setContextClassLoader(witness.getClass().getClassLoader());
        long next = System.nanoTime();
        try {
            while (true) {
                long wait = next - System.nanoTime();
                Command command = wait > 0 ? commands.poll(wait, TimeUnit.NANOSECONDS) : commands.poll();
                if (command instanceof Stop) {
                    break;
                }
                if (command != null) {
                    handle(command);
                    continue;
                }
                next = System.nanoTime() + interval;
                tick();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            end();
        }
    }

    private void handle(Command command) {
        switch (command) {
            case Want(String key) -> {
                owed.remove(key); // still this session's if it was never released: acquire says so
                wanted.putIfAbsent(key, false);
                acquire(key);
            }
            case Unwant(String key) -> {
                Boolean held = wanted.remove(key);
                waitLogged.remove(key);
                if (!followed.contains(key)) {
                    closeWatch(key);
                }
                if (Boolean.TRUE.equals(held) && session != null) {
                    release(key);
                }
            }
            case Retry(String key) -> {
                if (Boolean.FALSE.equals(wanted.get(key))) {
                    acquire(key);
                }
            }
            case Changed(String key) -> {
                if (Boolean.FALSE.equals(wanted.get(key))) {
                    acquire(key); // at once: a release's delete event is what a waiting master waits for
                } else {
                    readHolder(key);
                }
            }
            case Follow(String key) -> {
                followed.add(key);
                watch(key); // its first notification, once the stream is established, reads the holder
            }
            case Unfollow(String key) -> {
                followed.remove(key);
                reported.remove(key);
                if (!wanted.containsKey(key)) {
                    closeWatch(key);
                }
            }
            case ReadHolder(String key) -> readHolder(key);
            case Stop() -> { }
        }
    }

    /** Opens the session when there is none, else keeps it alive; then tries the keys not held. */
    private void tick() {
        if (session == null) {
            open();
        } else {
            try {
                long validUntil = session.keepAlive();
                reachable();
                listener.renewed(name, ttl, validUntil);
                List.copyOf(owed).forEach(this::release);
            } catch (WitnessException e) {
                if (e.kind() == WitnessException.Kind.LOST) {
                    lose("the store lost the session: " + e.getMessage());
                    open();
                } else {
                    unreachableNow(e.getMessage());
                }
            } catch (RuntimeException e) {
                unreachableNow(e.toString());
            }
        }
        if (session != null) {
            wanted.forEach((key, held) -> {
                if (!held) {
                    commands.add(new Retry(key));
                }
            });
        }
        followed.forEach(this::watch); // one the witness could not start before
    }

    private void open() {
        try {
            session = witness.open(holder);
            reachable();
            LOG.info("witness {}: session opened for {} (ttl {} s)", name, holder, ttl.toMillis() / 1000.0);
            listener.renewed(name, ttl, session.validUntilNanos());
        } catch (WitnessException | RuntimeException e) {
            unreachableNow(e.getMessage());
        }
    }

    private void acquire(String key) {
        if (session == null) {
            return; // tried again once a session is open
        }
        try {
            boolean held = session.acquire(key);
            reachable();
            if (held && !wanted.getOrDefault(key, false)) {
                LOG.info("witness {}: holds {}", name, key);
                waitLogged.remove(key);
            } else if (!held && waitLogged.add(key)) {
                LOG.info("witness {}: waits for {}, held by another", name, key);
            }
            wanted.replace(key, held);
            listener.acquired(name, key, held);
            if (held) {
                if (!followed.contains(key)) {
                    closeWatch(key);
                }
                report(key, Optional.of(holder));
            } else {
                watch(key);
                // behind any change the watch reported meanwhile, which retries first
                commands.add(new ReadHolder(key));
            }
        } catch (WitnessException e) {
            if (e.kind() == WitnessException.Kind.LOST) {
                lose("the store lost the session: " + e.getMessage());
            } else {
                unreachableNow(e.getMessage());
            }
        } catch (RuntimeException e) {
            unreachableNow(e.toString());
        }
    }

    private void watch(String key) {
        if (watches.containsKey(key)) {
            return;
        }
        try {
            watches.put(key, witness.watch(key, () -> commands.add(new Changed(key))));
        } catch (WitnessException | RuntimeException e) {
            LOG.debug("witness {}: cannot watch {}: {}; tried again at each keep-alive", name, key, e.getMessage());
        }
    }

    private void closeWatch(String key) {
        WitnessWatch watch = watches.remove(key);
        if (watch != null) {
            quietly(watch::close);
        }
    }

    /** Reads who holds a followed key and reports it; unknown (empty) when the store cannot say. */
    private void readHolder(String key) {
        if (!followed.contains(key)) {
            return;
        }
        Optional<String> now;
        try {
            now = witness.holder(key);
            reachable();
        } catch (WitnessException | RuntimeException e) {
            LOG.debug("witness {}: cannot read the holder of {}: {}", name, key, e.getMessage());
            now = Optional.empty();
        }
        report(key, now);
    }

    private void report(String key, Optional<String> holderNow) {
        if (followed.contains(key) && !holderNow.equals(reported.put(key, holderNow))) {
            listener.holder(name, key, holderNow);
        }
    }

    /** Gives {@code key} up; owed until the store takes it (the lease ends it at the latest). */
    private void release(String key) {
        try {
            session.release(key);
            owed.remove(key);
            LOG.info("witness {}: released {}", name, key);
            report(key, Optional.empty()); // the watch tells who takes it next
        } catch (WitnessException | RuntimeException e) {
            if (owed.add(key)) {
                LOG.warn("witness {}: cannot release {}: {}; tried again at each keep-alive", name, key, e.getMessage());
            }
        }
    }

    /** The session is gone: every hold with it. */
    private void lose(String why) {
        LOG.warn("witness {}: {}", name, why);
        WitnessSession old = session;
        session = null;
        owed.clear();
        wanted.replaceAll((k, v) -> false);
        listener.lost(name, why);
        if (old != null) {
            quietly(old::close);
        }
    }

    private void unreachableNow(String why) {
        if (!unreachable) {
            LOG.warn("witness {}: cannot reach the store: {}", name, why);
            unreachable = true;
        }
    }

    private void reachable() {
        if (unreachable) {
            LOG.info("witness {}: the store answers again", name);
            unreachable = false;
        }
    }

    private void end() {
        watches.values().forEach(w -> quietly(w::close));
        watches.clear();
        if (session != null) {
            WitnessSession open = session;
            session = null;
            wanted.replaceAll((k, v) -> false);
            listener.lost(name, "keepwatch closed the session");
            quietly(open::close);
        }
        quietly(witness::close);
    }

    private void quietly(Runnable close) {
        try {
            close.run();
        } catch (RuntimeException e) {
            LOG.debug("witness {}: closing: {}", name, e.toString());
        }
    }
}
