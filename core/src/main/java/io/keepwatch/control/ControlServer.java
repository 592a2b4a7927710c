package io.keepwatch.control;

import io.keepwatch.linux.UnixStreamConnection;
import io.keepwatch.linux.UnixStreamServer;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control socket: a Unix-domain stream socket, mode 0600 in a directory it creates 0700, so
 * only root (the daemon's user) can connect. Everything that changes the daemon (reload, stop) comes
 * through here, never through HTTP. See {@link ControlProtocol}. Each client is served on a platform
 * thread of its own (the socket's calls block), at most {@value #CONCURRENT_CLIENTS} at once.
 */
public final class ControlServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

    /** Where the daemon listens unless told otherwise. */
    public static final Path DEFAULT_SOCKET = Path.of("/run/keepwatch/control.sock");

    /** A few clients at once is plenty for an operator's commands. */
    private static final int CONCURRENT_CLIENTS = 4;
    /** Connections the kernel queues before they are accepted (and answered busy if too many). */
    private static final int LISTEN_BACKLOG = 16;
    /** How long a client may take to send its command line once connected. */
    private static final int COMMAND_TIMEOUT_MILLIS = 10_000;

    /** What the commands do. */
    public interface Handler {
        DaemonStatus status();

        /**
         * Reloads the configuration and waits until it is checked.
         *
         * @return why it was refused (first line a summary, then one line per error), empty when applied
         */
        Optional<String> reload();

        void stop();
    }

    private final Path path;
    private final UnixStreamServer socket;
    private final Handler handler;
    private final Semaphore clients = new Semaphore(CONCURRENT_CLIENTS);
    private final Thread acceptor;
    private volatile boolean closing;

    private ControlServer(Path path, UnixStreamServer socket, Handler handler) {
        this.path = path;
        this.socket = socket;
        this.handler = handler;
        this.acceptor = Thread.ofPlatform().name("keepwatch-control").daemon(true).start(this::acceptLoop);
    }

    /**
     * Listens on {@code path}. A socket file left by a daemon that died is replaced; one that a live
     * daemon answers on is not.
     *
     * @throws IOException when another daemon listens there, or the path cannot be bound
     */
    public static ControlServer start(Path path, Handler handler) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        }
        if (Files.exists(path)) {
            if (UnixStreamServer.answers(path)) {
                throw new IOException("another keepwatch already listens on " + path);
            }
            Files.delete(path);
        }
        UnixStreamServer socket = UnixStreamServer.listen(path, LISTEN_BACKLOG);
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        LOG.info("control socket {}", path);
        return new ControlServer(path, socket, handler);
    }

    public Path path() {
        return path;
    }

    private void acceptLoop() {
        while (!closing) {
            UnixStreamConnection client;
            try {
                client = socket.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closing) {
                    LOG.warn("control socket accept failed: {}", e.getMessage());
                }
                continue;
            }
            if (!clients.tryAcquire()) {
                try (client) {
                    reply(client, ControlProtocol.ERROR + " busy\n");
                }
                continue;
            }
            Thread.ofPlatform().name("keepwatch-control-client").daemon(true).start(() -> {
                try {
                    serve(client);
                } finally {
                    clients.release();
                }
            });
        }
    }

    private void serve(UnixStreamConnection client) {
        try (client) {
            Optional<String> line;
            try {
                line = readLine(client);
            } catch (SocketTimeoutException e) {
                reply(client, ControlProtocol.ERROR + " no command line within " + COMMAND_TIMEOUT_MILLIS / 1000 + " s\n");
                return;
            }
            if (line.isEmpty()) {
                reply(client, ControlProtocol.ERROR + " a command line of at most " + ControlProtocol.MAX_LINE
                        + " bytes is expected\n");
                discardUnread(client);
                return;
            }
            Optional<ControlProtocol.Command> command = ControlProtocol.parse(line.get());
            if (command.isEmpty()) {
                reply(client, ControlProtocol.ERROR + " unknown command '" + printable(line.get())
                        + "'; one of status, reload, stop\n");
                return;
            }
            LOG.info("control socket: {}", command.get().name().toLowerCase(Locale.ROOT));
            switch (command.get()) {
                case STATUS -> reply(client, ControlProtocol.OK + "\n" + StatusJson.write(handler.status()));
                case RELOAD -> reply(client, handler.reload()
                        .map(refused -> ControlProtocol.ERROR + " " + refused + "\n")
                        .orElse(ControlProtocol.OK + " reloaded\n"));
                case STOP -> {
                    reply(client, ControlProtocol.OK + " stopping\n");
                    handler.stop();
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("control client failed: {}", e.toString());
        }
    }

    private static String printable(String s) {
        return s.strip().replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** One line up to LF (or end of stream); empty when longer than the limit. */
    private static Optional<String> readLine(UnixStreamConnection client) throws IOException {
        byte[] buffer = new byte[ControlProtocol.MAX_LINE + 1];
        int filled = 0;
        while (filled < buffer.length) {
            int n = client.read(buffer, filled, buffer.length - filled, COMMAND_TIMEOUT_MILLIS);
            if (n < 0) {
                break;
            }
            filled += n;
            for (int i = 0; i < filled; i++) {
                if (buffer[i] == '\n') {
                    return Optional.of(new String(buffer, 0, i, StandardCharsets.UTF_8));
                }
            }
        }
        if (filled > ControlProtocol.MAX_LINE || filled == 0) {
            return Optional.empty();
        }
        return Optional.of(new String(buffer, 0, filled, StandardCharsets.UTF_8));
    }

    /**
     * Closing a socket with unread input resets the connection, and the client would lose the
     * error message; so what has already arrived is read and dropped (without waiting for more).
     */
    private static void discardUnread(UnixStreamConnection client) throws IOException {
        client.shutdownOutput();
        byte[] sink = new byte[4096];
        for (int i = 0; i < 16 && client.readAvailable(sink) > 0; i++) {
            // dropped
        }
    }

    private static void reply(UnixStreamConnection client, String text) {
        try {
            client.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.debug("control client went away: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            socket.close();
            acceptor.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", path, e.getMessage());
        }
    }
}
