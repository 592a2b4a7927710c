package io.keepwatch.runtime;

import io.keepwatch.linux.FifoFile;
import io.keepwatch.linux.NativeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the lines of one notify FIFO on a platform thread of its own, in the order they were
 * offered, so that the VRRP thread never waits on a reader: {@link #offer} only queues. A reader
 * that stops reading fills the pipe, then this queue; from then on the oldest waiting line is
 * dropped for each new one (the newest state is what a reader needs once it reads again), and
 * the log says so once per backlog, with the count when the reader catches up. keepalived drops
 * a line at once when the pipe is full; this keeps {@link #CAPACITY} more.
 */
final class FifoWriter {

    private static final Logger LOG = LoggerFactory.getLogger(FifoWriter.class);

    /** Lines waiting beyond the pipe's own buffer (64 KiB, some 2000 lines). */
    static final int CAPACITY = 1024;
    /** How often a writer blocked on a full pipe looks whether it is asked to stop. */
    private static final int WAIT_SLICE_MILLIS = 100;

    private final FifoFile fifo;
    private final String label;
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Thread thread;
    /** Lines dropped in the current backlog; written by offering threads under the queue's lock. */
    private int dropped;
    /** Whether a write had to wait for the reader since the queue was last empty; writer thread only. */
    private boolean blocked;
    private volatile long stopBy = Long.MAX_VALUE;
    private volatile boolean stopping;

    /** Starts writing to {@code fifo}, which this writer owns and closes. */
    FifoWriter(FifoFile fifo, String label) {
        this.fifo = fifo;
        this.label = label;
        this.thread = Thread.ofPlatform().name("keepwatch-fifo-" + fifo.path().getFileName()).daemon(true)
                .start(this::run);
    }

    /** Queues {@code line}; never blocks. */
    void offer(String line) {
        synchronized (queue) {
            while (!queue.offer(line)) {
                if (queue.poll() != null && dropped++ == 0) {
                    LOG.warn("{} {}: its reader is not reading; dropping the oldest waiting lines", label, fifo.path());
                }
            }
        }
    }

    private void run() {
        try {
            while (true) {
                String line = queue.poll(WAIT_SLICE_MILLIS, TimeUnit.MILLISECONDS);
                if (line == null) {
                    if (stopping) {
                        return;
                    }
                    continue;
                }
                if (!write(line)) {
                    return;
                }
                reportCaughtUp();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (NativeException e) {
            LOG.error("{} {}: {}; nothing more is written to it", label, fifo.path(), e.getMessage());
        } finally {
            int left = queue.size();
            if (left > 0) {
                LOG.warn("{} {}: {} line(s) not written before it closed", label, fifo.path(), left);
            }
            fifo.close();
        }
    }

    private boolean write(String line) throws NativeException {
        boolean written = fifo.write(line.getBytes(StandardCharsets.UTF_8), WAIT_SLICE_MILLIS, () -> {
            if (!blocked) {
                blocked = true;
                LOG.warn("{} {}: its reader does not read (the pipe is full); lines wait, at most {} of them",
                        label, fifo.path(), CAPACITY);
            }
            return System.nanoTime() - stopBy < 0;
        });
        return written;
    }

    private void reportCaughtUp() {
        synchronized (queue) {
            if (blocked && queue.isEmpty()) {
                blocked = false;
                LOG.warn("{} {}: its reader reads again; {} line(s) were dropped meanwhile", label, fifo.path(), dropped);
                dropped = 0;
            }
        }
    }

    /**
     * Writes what is queued, for at most {@code drain} (a stop's STOP lines among it), then removes
     * a FIFO keepwatch created and closes it; returns when the writer has ended.
     */
    void close(Duration drain) throws InterruptedException {
        stopBy = System.nanoTime() + drain.toNanos();
        stopping = true;
        thread.join(drain.toMillis() + 1000);
    }
}
