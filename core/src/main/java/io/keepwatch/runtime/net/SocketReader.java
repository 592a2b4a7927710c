package io.keepwatch.runtime.net;

import io.keepwatch.linux.NativeException;
import io.keepwatch.linux.RealtimeThreads;
import io.keepwatch.linux.Threads;
import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform thread that reads one socket until it is closed: it blocks in the receive (a
 * downcall, which would pin a virtual thread's carrier) and hands each item to a handler on this
 * thread. A failed receive is logged and the loop goes on; closing the socket ends it.
 *
 * @param <T> what one receive gives
 */
final class SocketReader<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SocketReader.class);

    /** The socket's blocking receive. */
    interface Receive<T> {
        T receive() throws IOException;
    }

    private final String name;
    private final Receive<T> source;
    private final Runnable closeSocket;
    private final Consumer<T> handler;
    private final boolean realtime;
    private volatile boolean closing;
    private Thread thread;

    private SocketReader(String name, Receive<T> source, Runnable closeSocket, Consumer<T> handler, boolean realtime) {
        this.name = name;
        this.source = source;
        this.closeSocket = closeSocket;
        this.handler = handler;
        this.realtime = realtime;
    }

    /**
     * Starts the thread {@code threadName}, which hands each item received from {@code source} to
     * {@code handler}; {@code closeSocket} ends a receive in progress; {@code name} is the socket's
     * in log messages. With {@code realtime} the thread
     * takes the real-time priority in force ({@link RealtimeThreads}), as the adverts' reader must.
     */
    static <T> SocketReader<T> start(String threadName, String name, Receive<T> source, Runnable closeSocket,
                                     Consumer<T> handler, boolean realtime) {
        SocketReader<T> reader = new SocketReader<>(name, source, closeSocket, handler, realtime);
        reader.thread = Threads.startPlatformDaemon(threadName, reader::run);
        return reader;
    }

    /** True once {@link #close} has begun. */
    boolean closing() {
        return closing;
    }

    private void run() {
        int tid = 0;
        if (realtime) {
            try {
                tid = RealtimeThreads.enrol();
            } catch (NativeException e) {
                LOG.warn("{}: the receiving thread keeps the normal scheduling policy: {}", name, e.getMessage());
            }
        }
        try {
            receive();
        } finally {
            if (realtime) {
                RealtimeThreads.leave(tid);
            }
        }
    }

    private void receive() {
        while (!closing) {
            T item;
            try {
                item = source.receive();
            } catch (AsynchronousCloseException e) {
                return;
            } catch (IOException e) {
                if (closing) {
                    return;
                }
                LOG.warn("{}: receive failed: {}", name, e.getMessage());
                continue;
            }
            handler.accept(item);
        }
    }

    /** Closes the socket and waits (a second at most) for the thread to end. */
    @Override
    public void close() {
        closing = true;
        closeSocket.run();
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
