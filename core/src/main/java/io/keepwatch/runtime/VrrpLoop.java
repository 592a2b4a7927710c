package io.keepwatch.runtime;

import io.keepwatch.linux.NativeException;
import io.keepwatch.linux.RealtimeThreads;
import io.keepwatch.linux.Threads;
import io.keepwatch.plugins.Ticker;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one platform thread that owns every VRRP state machine. Other threads (packet receivers,
 * the netlink watcher, check schedulers, signal handlers) never touch engine state: they
 * {@link #execute} a task, which runs here in arrival order. Timers are absolute deadlines per key;
 * when one falls due, the loop calls that key's handler with the current time.
 *
 * <p>Ownership is a lock, which the VRRP thread holds while it runs tasks and timers and releases
 * while it waits. That lets one kind of request skip the queue: {@link #runSoon} runs a task on the
 * caller's thread when the loop is idle (a stop's priority-0 adverts), still one owner at a time.
 *
 * <p>A task that throws is logged and the loop goes on: one bad event must not stop the daemon
 * from advertising for every other instance.
 */
public final class VrrpLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VrrpLoop.class);

    /** Something that owns a deadline and is called with the time when it falls due. */
    public interface Timed extends LongConsumer {}

    private final BlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    private final DeadlineQueue<Timed> deadlines = new DeadlineQueue<>();
    private final Ticker ticker;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    /** Held by whoever runs engine code: the VRRP thread, or a {@link #runSoon} caller. */
    private final ReentrantLock ownership = new ReentrantLock();
    /** The latest time read by the owner; only the owner uses it. */
    private long latest;
    /** Told how late a timer fell due, when later than its threshold (max_auto_priority). */
    private volatile LateTimers lateTimers;
    /** Looks at the sockets before timers fire (see {@link #beforeTimers}); null: nothing to look at. */
    private volatile Runnable lookBeforeTimers;
    /** Queued after a {@link #runSoon} task so that the loop looks at its deadlines again. */
    private static final Runnable REPLAN = () -> { };

    public VrrpLoop(Ticker ticker) {
        this.ticker = ticker;
        this.latest = ticker.nanoTime();
        this.thread = Thread.ofPlatform().name("keepwatch-vrrp").daemon(false).unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    /** Runs {@code task} on the VRRP thread, after every task submitted before it. */
    public void execute(Runnable task) {
        if (!running) {
            throw new IllegalStateException("the VRRP loop has stopped; task refused");
        }
        inbox.add(task);
    }

    /**
     * Like {@link #execute}, for sources of events that outlive the loop by a moment while the
     * daemon stops (the netlink monitor reports the VIPs the stop itself removes; an advert or a
     * check result may arrive before their sockets and executors close): once the loop has
     * stopped, the task is dropped rather than refused. Returns whether it was queued.
     */
    public boolean offer(Runnable task) {
        if (!running) {
            return false;
        }
        inbox.add(task);
        return true;
    }

    /**
     * Runs {@code task} at once on the calling thread if the loop is idle, ahead of tasks still
     * queued; otherwise queues it like {@link #execute} (the VRRP thread is awake then anyway).
     * For a stop: the backups' Skew_Time starts with our priority-0 advert, and waking the VRRP
     * thread first can take milliseconds. A virtual thread always queues: engine
     * actions wait on netlink, which only platform threads may do.
     */
    public void runSoon(Runnable task) {
        if (running && !Thread.currentThread().isVirtual() && ownership.tryLock()) {
            try {
                safely(task);
            } finally {
                ownership.unlock();
            }
            // the loop may be waiting for a deadline the task has moved: let it look again
            inbox.add(REPLAN);
            return;
        }
        execute(task);
    }

    /** What hears of timers that fall due late, and how late counts. */
    public record LateTimers(long thresholdNanos, LongConsumer listener) {}

    /**
     * Has {@code late} told, on this thread, of each timer run more than its threshold after it fell
     * due (keepalived raises its realtime priority then); null: nobody.
     */
    public void onLateTimers(LateTimers late) {
        this.lateTimers = late;
    }

    /**
     * Has {@code look} run on this thread whenever a deadline has fallen due, before it fires: it
     * hands over, as tasks, the events that happened before that moment but have not reached the
     * loop yet (adverts the kernel holds in a socket or a reader has in hand). Those tasks, and
     * every task already queued, then run before the timer: a Master_Down_Timer handled late (a
     * busy host, a pause of this process) must not fire over an advert the master sent in time.
     */
    public void beforeTimers(Runnable look) {
        this.lookBeforeTimers = look;
    }

    /** Sets or replaces the deadline of {@code owner}. Only from a task or timer of the loop. */
    public void schedule(Timed owner, long deadlineNanos) {
        assertOnLoop();
        deadlines.set(owner, deadlineNanos);
    }

    /** Clears the deadline of {@code owner}. Only from a task or timer of the loop. */
    public void cancel(Timed owner) {
        assertOnLoop();
        deadlines.cancel(owner);
    }

    /** The runtime's clock; safe from any thread (a reader stamps an advert's arrival with it). */
    public long now() {
        long now = ticker.nanoTime();
        if (ownership.isHeldByCurrentThread() && now - latest > 0) {
            latest = now;
        }
        return now;
    }

    /**
     * The time to give the engines for an event stamped on another thread: the stamp, unless the
     * loop has already handed out a later time (a timer that fell due while the event waited in
     * the queue), since an engine refuses time that runs backwards. Only from a task of the loop.
     */
    public long eventTime(long stampedNanos) {
        assertOnLoop();
        return stampedNanos - latest < 0 ? latest : stampedNanos;
    }

    private void assertOnLoop() {
        if (!ownership.isHeldByCurrentThread()) {
            throw new IllegalStateException("engine state touched from " + Thread.currentThread().getName()
                    + "; only tasks and timers of the VRRP loop may do that");
        }
    }

    private void run() {
        boolean timersSet = false;
        int tid = 0;
        try {
            tid = RealtimeThreads.enrol();
        } catch (NativeException e) {
            LOG.warn("the VRRP thread keeps the normal scheduling policy: {}", e.getMessage());
        }
        try {
            while (running) {
                Runnable task = nextTask();
                ownership.lock();
                try {
                    if (task != null) {
                        safely(task);
                    }
                    fireDueDeadlines();
                } finally {
                    ownership.unlock();
                }
                if (!timersSet) {
                    // After the first task (the daemon's: start the instances), since the call
                    // costs a few milliseconds of set-up that the first advert need not wait for.
                    timersSet = true;
                    if (!Threads.preciseTimers()) {
                        LOG.debug("timer slack left at the kernel's default; timers may end up to 50 us late");
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            RealtimeThreads.leave(tid);
            stopped.countDown();
        }
    }

    /** Waits, without owning the engines, for a task or the earliest deadline. */
    private Runnable nextTask() throws InterruptedException {
        OptionalLong earliest;
        ownership.lock();
        try {
            earliest = deadlines.earliest();
        } finally {
            ownership.unlock();
        }
        if (earliest.isEmpty()) {
            return inbox.take();
        }
        long wait = earliest.getAsLong() - ticker.nanoTime();
        return wait <= 0 ? inbox.poll() : inbox.poll(wait, TimeUnit.NANOSECONDS);
    }

    private void fireDueDeadlines() {
        long now = now();
        OptionalLong earliest = deadlines.earliest();
        if (earliest.isEmpty() || earliest.getAsLong() - now > 0) {
            return;
        }
        LateTimers late = lateTimers;
        if (late != null && now - earliest.getAsLong() > late.thresholdNanos()) {
            safely(() -> late.listener().accept(now - earliest.getAsLong()));
        }
        catchUp();
        // The catch-up's events took times up to now (a reader's stamp, or the loop's latest time
        // read while it ran), so the timers fire at a time read after it: an engine's time never
        // goes backwards.
        long at = now();
        for (Timed owner : deadlines.pollDue(at)) {
            safely(() -> owner.accept(at));
        }
    }

    /**
     * Runs what happened before the due timers: the look at the sockets, then the tasks queued
     * now (not those queued meanwhile, so that a flood cannot hold the timers off). An advert among
     * them takes the loop's latest time (see {@link #eventTime}) and so restarts its instance's
     * timer from the moment the timer was handled.
     */
    private void catchUp() {
        Runnable look = lookBeforeTimers;
        if (look != null) {
            safely(look);
        }
        for (int queued = inbox.size(); queued > 0; queued--) {
            Runnable task = inbox.poll();
            if (task == null) {
                return;
            }
            safely(task);
        }
    }

    private static void safely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError vme) {
                throw vme;
            }
            LOG.error("VRRP loop task failed; the loop goes on", e);
        }
    }

    /** Stops the loop after the tasks already submitted have run, waiting for it up to {@code timeout}. */
    public boolean stop(long timeout, TimeUnit unit) throws InterruptedException {
        if (running) {
            inbox.add(() -> running = false);
        }
        return stopped.await(timeout, unit);
    }

    @Override
    public void close() throws InterruptedException {
        if (!stop(5, TimeUnit.SECONDS)) {
            thread.interrupt();
        }
    }
}
