package io.keepwatch.plugins;

import io.keepwatch.plugin.api.AddressConflictEvent;
import io.keepwatch.plugin.api.PermanentNotificationException;
import io.keepwatch.plugin.api.RetryPolicy;
import io.keepwatch.plugin.api.TransitionEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers transition events and address conflicts to every notifier without ever blocking the
 * caller (the VRRP thread). Each notifier has one FIFO lane per instance or group: events of one
 * instance, conflicts among them, reach a notifier in the order they were published, while a slow notifier or instance holds up nothing else. A lane is
 * drained by a virtual thread that exists only while the lane has work; a {@link SelectiveNotifier}
 * gets no lane for what it does not hear. A failed delivery is retried
 * per the notifier's {@link RetryPolicy} (waiting on the lane, so order holds), then dropped; a
 * {@link PermanentNotificationException} is not retried.
 *
 * <p>A notifier that hangs holds up its own lanes only, and they stay bounded: a lane keeps at most
 * {@link #LANE_CAPACITY} waiting events, and beyond that the oldest waiting one is dropped (counted
 * as failed, and said once per backlog in the log), so that the newest state always gets through
 * once the notifier recovers.
 *
 * <p>{@link #close(Duration)} (keepwatch stopping, or a reload replacing the notifiers) gives the
 * events still queued, the STOP events among them, their one chance within a bounded wait: a lane
 * waiting to retry an earlier event gives that event up at once, and from then on every event is
 * tried once, not retried.
 *
 * <p>Meters: counters {@code keepwatch.notifications.sent}, {@code .failed} and {@code .retried},
 * and the gauge {@code keepwatch.notifications.queued} (events waiting, the one being sent not
 * counted), tagged {@code notifier} (its name) and {@code type}.
 */
public final class NotifierDispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NotifierDispatcher.class);

    /** Waiting events per lane: a day of a flapping instance's transitions is far fewer. */
    static final int LANE_CAPACITY = 64;

    private final List<Target> targets;
    private final Map<LaneKey, Lane> lanes = new HashMap<>();
    private boolean closed;
    /** Released by {@link #close}: cuts retry waits short and ends retrying. */
    private final CountDownLatch closing = new CountDownLatch(1);

    /**
     * Its equals and hashCode are written out: a record's generated ones spin method-handle classes
     * on first call, and the first call is on the VRRP thread at a first failover (the failover
     * fast path, see package io.keepwatch.runtime).
     */
    private record LaneKey(String notifier, TransitionEvent.Scope scope, String name) {
        @Override
        public boolean equals(Object other) {
            return other instanceof LaneKey that
                    && notifier.equals(that.notifier) && scope == that.scope && name.equals(that.name);
        }

        @Override
        public int hashCode() {
            return (notifier.hashCode() * 31 + scope.hashCode()) * 31 + name.hashCode();
        }
    }

    private record Target(NamedNotifier notifier, AtomicLong sent, AtomicLong failed, AtomicLong retried,
                          AtomicInteger queued) {}

    /** A dispatcher to these notifiers. */
    public NotifierDispatcher(List<NamedNotifier> notifiers, MeterRegistry registry) {
        this(notifiers, NotificationCounts.boundTo(registry));
    }

    /** A dispatcher to these notifiers that counts into {@code counts} (see {@link NotificationCounts}). */
    public NotifierDispatcher(List<NamedNotifier> notifiers, NotificationCounts counts) {
        this.targets = notifiers.stream().map(n -> {
            NotificationCounts.Counts c = counts.of(n);
            return new Target(n, c.sent(), c.failed(), c.retried(), c.queued());
        }).toList();
    }

    /** Queues {@code event} for every notifier and returns at once. Ignored after {@link #close}. */
    public void publish(TransitionEvent event) {
        enqueue(event, event.scope(), event.name());
    }

    /**
     * Queues {@code conflict} for every notifier, in the lane of its instance (so that it keeps its
     * place among the instance's transitions), and returns at once. Ignored after {@link #close}.
     */
    public void publish(AddressConflictEvent conflict) {
        enqueue(conflict, TransitionEvent.Scope.INSTANCE, conflict.instance());
    }

    /**
     * The lanes hold plain objects, a {@link TransitionEvent} or an {@link AddressConflictEvent}: a
     * wrapper type would be one more class to load on a first failover's transition.
     */
    private void enqueue(Object event, TransitionEvent.Scope scope, String name) {
        synchronized (lanes) {
            if (closed) {
                log.warn("notifier dispatcher closed, event for {} {} dropped", scope, name);
                return;
            }
            for (Target target : targets) {
                if (target.notifier().notifier() instanceof SelectiveNotifier selective && !selective.hears(scope, name)) {
                    continue;
                }
                LaneKey key = new LaneKey(target.notifier().name(), scope, name);
                Lane lane = lanes.computeIfAbsent(key, k -> new Lane(target, k));
                lane.enqueue(event);
                if (lane.worker == null) {
                    lane.worker = Thread.ofVirtual().name("notify-" + key.notifier() + "-" + key.name())
                            .start(lane::drain);
                }
            }
        }
    }

    /**
     * Stops accepting events, waits up to {@code drain} for the queued ones (each tried once from now
     * on, a pending retry given up), then interrupts what is left and closes the notifiers.
     */
    public void close(Duration drain) {
        long deadline = System.nanoTime() + drain.toNanos();
        List<Thread> workers;
        synchronized (lanes) {
            closed = true;
            workers = lanes.values().stream().map(l -> l.worker).filter(w -> w != null).toList();
        }
        closing.countDown();
        for (Thread w : workers) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !w.join(Duration.ofNanos(left))) {
                    w.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                w.interrupt();
            }
        }
        for (Target t : targets) {
            NamedNotifier n = t.notifier();
            try {
                PluginCalls.in(n.notifier(), () -> {
                    n.notifier().close();
                    return null;
                });
            } catch (Exception | LinkageError e) {
                log.warn("closing notifier {} ({}, {}): {}", n.name(), n.type(), n.origin(), e.toString());
            }
        }
    }

    /** {@link #close(Duration)} with 5 seconds to drain. */
    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    private final class Lane {
        final Target target;
        final LaneKey key;
        final Queue<Object> queue = new ArrayDeque<>();
        Thread worker;
        /** Whether the backlog overflowed since it was last empty: it is said once, not per event. */
        boolean overflowing;

        Lane(Target target, LaneKey key) {
            this.target = target;
            this.key = key;
        }

        /** Under the dispatcher's lock. */
        void enqueue(Object event) {
            if (queue.size() >= LANE_CAPACITY) {
                Object dropped = queue.poll();
                target.queued().decrementAndGet();
                target.failed().incrementAndGet();
                if (!overflowing) {
                    overflowing = true;
                    log.warn("notifier {} ({}) is not keeping up with {}: {} events wait; the oldest are dropped "
                            + "from now on, starting with {}", target.notifier().name(), target.notifier().type(),
                            key.name(), queue.size() + 1, describe(dropped));
                }
            }
            queue.add(event);
            target.queued().incrementAndGet();
        }

        void drain() {
            while (true) {
                Object next;
                synchronized (lanes) {
                    next = queue.poll();
                    if (next == null) {
                        overflowing = false;
                        worker = null;
                        return;
                    }
                    target.queued().decrementAndGet();
                }
                if (!deliver(next)) {
                    synchronized (lanes) {
                        worker = null;
                    }
                    return;
                }
            }
        }

        /** False when interrupted (shutting down). */
        private boolean deliver(Object event) {
            NamedNotifier n = target.notifier();
            RetryPolicy policy;
            try {
                policy = n.notifier().retryPolicy();
            } catch (RuntimeException | LinkageError e) {
                policy = RetryPolicy.DEFAULT;
            }
            for (int attempt = 1; ; attempt++) {
                try {
                    PluginCalls.in(n.notifier(), () -> {
                        if (event instanceof TransitionEvent transition) {
                            n.notifier().send(transition);
                        } else {
                            n.notifier().send((AddressConflictEvent) event);
                        }
                        return null;
                    });
                    target.sent().incrementAndGet();
                    return true;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                } catch (Exception | LinkageError e) {
                    boolean stopping = closing.getCount() == 0;
                    if (attempt >= policy.maxAttempts() || e instanceof PermanentNotificationException || stopping) {
                        target.failed().incrementAndGet();
                        log.error("notifier {} ({}, {}) gave up on {} {} after {} attempt(s){}: {}", n.name(),
                                n.type(), n.origin(), key.name(), describe(event), attempt,
                                stopping ? " (keepwatch is stopping: no retries)" : "", e.toString());
                        return true;
                    }
                    target.retried().incrementAndGet();
                    Duration wait = policy.backoffBefore(attempt + 1);
                    log.warn("notifier {} ({}, {}) failed on {} {} (attempt {}/{}), retrying in {} ms: {}", n.name(),
                            n.type(), n.origin(), key.name(), describe(event), attempt, policy.maxAttempts(),
                            wait.toMillis(), e.toString());
                    try {
                        if (closing.await(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                            // The events behind this one (a STOP, say) matter more than a retry now.
                            target.failed().incrementAndGet();
                            log.error("notifier {} ({}, {}) gave up on {} {} after {} attempt(s): keepwatch is "
                                    + "stopping, the events after it go first", n.name(), n.type(), n.origin(),
                                    key.name(), describe(event), attempt);
                            return true;
                        }
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
            }
        }
    }

    /** How the log names an event: {@code BACKUP -> MASTER}, or {@code conflict on 192.0.2.10 (ended)}. */
    private static String describe(Object event) {
        if (event instanceof TransitionEvent t) {
            return t.oldState() + " -> " + t.newState();
        }
        AddressConflictEvent c = (AddressConflictEvent) event;
        return "conflict on " + c.address() + " with " + c.foreignMac() + (c.ended() ? " (ended)" : "");
    }
}
