package io.keepwatch.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
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
 * through here, never through HTTP. See {@link ControlProtocol}.
 */
public final class ControlServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

    /** Where the daemon listens unless told otherwise. */
    public static final Path DEFAULT_SOCKET = Path.of("/run/keepwatch/control.sock");

    /** A few clients at once is plenty for an operator's commands. */
    private static final int CONCURRENT_CLIENTS = 4;

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
    private final ServerSocketChannel channel;
    private final Handler handler;
    private final Semaphore clients = new Semaphore(CONCURRENT_CLIENTS);
    private final Thread acceptor;
    private volatile boolean closing;

    private ControlServer(Path path, ServerSocketChannel channel, Handler handler) {
        this.path = path;
        this.channel = channel;
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
            if (answers(path)) {
                throw new IOException("another keepwatch already listens on " + path);
            }
            Files.delete(path);
        }
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(path));
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        LOG.info("control socket {}", path);
        return new ControlServer(path, channel, handler);
    }

    private static boolean answers(Path path) {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            return probe.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    public Path path() {
        return path;
    }

    private void acceptLoop() {
        while (!closing) {
            SocketChannel client;
            try {
                client = channel.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closing) {
                    LOG.warn("control socket accept failed: {}", e.getMessage());
                }
                continue;
            }
            if (!clients.tryAcquire()) {
                reply(client, ControlProtocol.ERROR + " busy\n");
                continue;
            }
            Thread.ofVirtual().name("keepwatch-control-client").start(() -> {
                try {
                    serve(client);
                } finally {
                    clients.release();
                }
            });
        }
    }

    private void serve(SocketChannel client) {
        try (client) {
            Optional<String> line = readLine(client);
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
    private static Optional<String> readLine(SocketChannel client) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(ControlProtocol.MAX_LINE + 1);
        while (buffer.hasRemaining()) {
            if (client.read(buffer) < 0) {
                break;
            }
            for (int i = 0; i < buffer.position(); i++) {
                if (buffer.get(i) == '\n') {
                    return Optional.of(new String(buffer.array(), 0, i, StandardCharsets.UTF_8));
                }
            }
        }
        if (buffer.position() > ControlProtocol.MAX_LINE || buffer.position() == 0) {
            return Optional.empty();
        }
        return Optional.of(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8));
    }

    /**
     * Closing a socket with unread input resets the connection, and the client would lose the
     * error message; so what has already arrived is read and dropped (without waiting for more).
     */
    private static void discardUnread(SocketChannel client) throws IOException {
        client.shutdownOutput();
        client.configureBlocking(false);
        ByteBuffer sink = ByteBuffer.allocate(4096);
        for (int i = 0; i < 16 && client.read(sink.clear()) > 0; i++) {
            // dropped
        }
    }

    private static void reply(SocketChannel client, String text) {
        ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        try {
            while (out.hasRemaining()) {
                client.write(out);
            }
        } catch (IOException e) {
            LOG.debug("control client went away: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            channel.close();
            acceptor.join(1_000);
        } catch (IOException e) {
            LOG.warn("closing control socket: {}", e.getMessage());
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
