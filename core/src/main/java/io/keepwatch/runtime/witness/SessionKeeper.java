package io.keepwatch.runtime.witness;

import io.keepwatch.plugin.api.Witness;
import io.keepwatch.plugin.api.WitnessException;
import io.keepwatch.plugin.api.WitnessSession;
import io.keepwatch.plugin.api.WitnessWatch;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
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
 */
final class SessionKeeper {

    private static final Logger LOG = LoggerFactory.getLogger(SessionKeeper.class);

    private sealed interface Command {}
    private record Want(String key) implements Command {}
    private record Unwant(String key) implements Command {}
    private record Retry(String key) implements Command {}
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
    private boolean unreachable;
    /** The keys whose wait for another holder was logged, so that each retry does not log it again. */
    private final java.util.Set<String> waitLogged = new java.util.HashSet<>();

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
                wanted.putIfAbsent(key, false);
                acquire(key);
            }
            case Unwant(String key) -> {
                Boolean held = wanted.remove(key);
                waitLogged.remove(key);
                closeWatch(key);
                if (Boolean.TRUE.equals(held) && session != null) {
                    try {
                        session.release(key);
                        LOG.info("witness {}: released {}", name, key);
                    } catch (WitnessException | RuntimeException e) {
                        // The lease still ends it: released at the latest when the session expires.
                        LOG.warn("witness {}: cannot release {}: {}", name, key, e.getMessage());
                    }
                }
            }
            case Retry(String key) -> {
                if (Boolean.FALSE.equals(wanted.get(key))) {
                    acquire(key);
                }
            }
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
                closeWatch(key);
            } else {
                watch(key);
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
            watches.put(key, witness.watch(key, () -> commands.add(new Retry(key))));
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

    /** The session is gone: every hold with it. */
    private void lose(String why) {
        LOG.warn("witness {}: {}", name, why);
        WitnessSession old = session;
        session = null;
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
