package io.keepwatch.runtime;

import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one platform thread that owns every VRRP state machine. Other threads (packet receivers,
 * the netlink watcher, check schedulers, signal handlers) never touch engine state: they
 * {@link #execute} a task, which runs here in arrival order. Timers are absolute deadlines per key;
 * when one falls due, the loop calls that key's handler with the current time.
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

    public VrrpLoop(Ticker ticker) {
        this.ticker = ticker;
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

    /** Sets or replaces the deadline of {@code owner}. Only from the VRRP thread. */
    public void schedule(Timed owner, long deadlineNanos) {
        assertOnLoop();
        deadlines.set(owner, deadlineNanos);
    }

    /** Clears the deadline of {@code owner}. Only from the VRRP thread. */
    public void cancel(Timed owner) {
        assertOnLoop();
        deadlines.cancel(owner);
    }

    public long now() {
        return ticker.nanoTime();
    }

    public boolean onLoopThread() {
        return Thread.currentThread() == thread;
    }

    private void assertOnLoop() {
        if (!onLoopThread()) {
            throw new IllegalStateException("engine state touched from " + Thread.currentThread().getName()
                    + "; only the keepwatch-vrrp thread may do that");
        }
    }

    private void run() {
        try {
            while (running) {
                Runnable task = nextTask();
                if (task != null) {
                    safely(task);
                }
                fireDueDeadlines();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped.countDown();
        }
    }

    private Runnable nextTask() throws InterruptedException {
        OptionalLong earliest = deadlines.earliest();
        if (earliest.isEmpty()) {
            return inbox.take();
        }
        long wait = earliest.getAsLong() - ticker.nanoTime();
        return wait <= 0 ? inbox.poll() : inbox.poll(wait, TimeUnit.NANOSECONDS);
    }

    private void fireDueDeadlines() {
        long now = ticker.nanoTime();
        for (Timed owner : deadlines.pollDue(now)) {
            safely(() -> owner.accept(now));
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
