package io.keepwatch.testing.witness;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Serves an {@link InMemoryStore} on a Unix socket to the keepwatch daemons a test starts, which reach
 * it through the {@code test-store} witness type ({@link SocketWitnessFactory}): a Unix socket is a
 * file, so hosts in other network namespaces reach it without any route. One request per connection,
 * one line each way; a watch keeps its connection and gets a line per change. {@link #cut} makes the
 * server drop a host's requests unanswered, as a partition from the store would.
 *
 * <p>The daemons run on this machine, so {@link System#nanoTime} is one clock for the test, the store
 * and them.
 */
public final class WitnessServer implements AutoCloseable {

    private final InMemoryStore store = new InMemoryStore();
    private final Path socket;
    private final ServerSocketChannel server;
    private final Set<String> cut = ConcurrentHashMap.newKeySet();
    private final Set<SocketChannel> watches = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private WitnessServer(Path socket) throws IOException {
        this.socket = socket;
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        this.acceptor = Thread.ofPlatform().daemon(true).name("witness-server").start(this::accept);
    }

    /** A server on a new socket under /tmp (a Unix socket path may not exceed 107 bytes). */
    public static WitnessServer start() throws IOException {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "kw-witness-");
        return new WitnessServer(dir.resolve("store.sock"));
    }

    public Path socket() {
        return socket;
    }

    public InMemoryStore store() {
        return store;
    }

    /** Cuts the host with router id {@code client} off from the store, or lets it reach it again. */
    public void cut(String client, boolean isCut) {
        if (isCut) {
            cut.add(client);
        } else {
            cut.remove(client);
        }
    }

    /** A {@code vrrp_witness NAME { ... }} block for this server. */
    public String block(String name, Duration ttl) {
        return "vrrp_witness " + name + " {\n  type " + SocketWitnessFactory.TYPE + "\n  socket " + socket
                + "\n  ttl " + ttl.toSeconds() + "\n}\n";
    }

    private void accept() {
        while (!closed) {
            try {
                SocketChannel client = server.accept();
                Thread.ofVirtual().start(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(SocketChannel channel) {
        try {
            String line = readLine(channel);
            if (line == null) {
                channel.close();
                return;
            }
            List<String> w = List.of(line.split(" "));
            if (cut.contains(w.get(1))) {
                channel.close();
                return;
            }
            if (w.get(0).equals("WATCH")) {
                watch(channel, w.get(2));
                return;
            }
            String answer = answer(w);
            channel.write(ByteBuffer.wrap((answer + "\n").getBytes(StandardCharsets.UTF_8)));
            channel.close();
        } catch (IOException | RuntimeException e) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing after a failure
            }
        }
    }

    private String answer(List<String> w) {
        return switch (w.get(0)) {
            case "OPEN" -> "OK " + store.grant(w.get(2), Duration.ofMillis(Long.parseLong(w.get(3))));
            case "KEEPALIVE" -> store.keepAlive(Long.parseLong(w.get(2))) ? "OK" : "LOST";
            case "ACQUIRE" -> store.acquire(Long.parseLong(w.get(2)), w.get(3)).map(b -> "OK " + b).orElse("LOST");
            case "RELEASE" -> {
                store.release(Long.parseLong(w.get(2)), w.get(3));
                yield "OK";
            }
            case "STAND" -> store.stand(Long.parseLong(w.get(2)), w.get(3), Integer.parseInt(w.get(4))) ? "OK" : "LOST";
            case "WITHDRAW" -> {
                store.withdraw(Long.parseLong(w.get(2)), w.get(3));
                yield "OK";
            }
            case "REVOKE" -> {
                store.revoke(Long.parseLong(w.get(2)));
                yield "OK";
            }
            case "HOLDER" -> "OK " + store.holder(w.get(2)).orElse("-");
            case "CANDIDATES" -> "OK " + store.candidates(w.get(2)).stream()
                    .map(c -> c.holder() + "=" + c.priority()).collect(Collectors.joining(" "));
            default -> "ERR unknown request " + w.get(0);
        };
    }

    private void watch(SocketChannel channel, String key) throws IOException {
        watches.add(channel);
        Runnable stop = store.listen(k -> {
            if (k.equals(key)) {
                try {
                    synchronized (channel) {
                        channel.write(ByteBuffer.wrap("C\n".getBytes(StandardCharsets.UTF_8)));
                    }
                } catch (IOException e) {
                    watches.remove(channel);
                }
            }
        });
        channel.write(ByteBuffer.wrap("OK\n".getBytes(StandardCharsets.UTF_8)));
        // the client closes the connection to end the watch
        ByteBuffer sink = ByteBuffer.allocate(64);
        try {
            while (channel.read(sink.clear()) >= 0) {
                // nothing is sent on a watch
            }
        } finally {
            stop.run();
            watches.remove(channel);
            channel.close();
        }
    }

    static String readLine(SocketChannel channel) throws IOException {
        StringBuilder sb = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (true) {
            one.clear();
            if (channel.read(one) < 0) {
                return sb.isEmpty() ? null : sb.toString();
            }
            char c = (char) one.get(0);
            if (c == '\n') {
                return sb.toString();
            }
            sb.append(c);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (SocketChannel w : watches) {
            w.close();
        }
        acceptor.interrupt();
        store.close();
        Files.deleteIfExists(socket);
        Files.deleteIfExists(socket.getParent());
    }
}
