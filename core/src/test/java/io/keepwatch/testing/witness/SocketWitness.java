package io.keepwatch.testing.witness;

import io.keepwatch.plugin.api.Witness;
import io.keepwatch.plugin.api.WitnessCandidate;
import io.keepwatch.plugin.api.WitnessException;
import io.keepwatch.plugin.api.WitnessSession;
import io.keepwatch.plugin.api.WitnessWatch;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A daemon's witness on a {@link WitnessServer}: each call one request on the server's socket. */
final class SocketWitness implements Witness {

    private final Path socket;
    private final Duration ttl;
    private final String client;

    SocketWitness(Path socket, Duration ttl, String client) {
        this.socket = socket;
        this.ttl = ttl;
        this.client = client;
    }

    @Override
    public Duration ttl() {
        return ttl;
    }

    private String call(String op, Object... args) throws WitnessException {
        StringBuilder line = new StringBuilder(op).append(' ').append(client);
        for (Object a : args) {
            line.append(' ').append(a);
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            String answer = WitnessServer.readLine(channel);
            if (answer == null) {
                throw new WitnessException(WitnessException.Kind.UNREACHABLE, "no answer from " + socket);
            }
            if (answer.equals("LOST")) {
                throw new WitnessException(WitnessException.Kind.LOST, "session lost");
            }
            if (!answer.startsWith("OK")) {
                throw new WitnessException(WitnessException.Kind.UNREACHABLE, answer);
            }
            return answer.length() > 3 ? answer.substring(3) : "";
        } catch (IOException e) {
            throw new WitnessException(WitnessException.Kind.UNREACHABLE, e.toString(), e);
        }
    }

    @Override
    public WitnessSession open(String holder) throws WitnessException {
        long sent = System.nanoTime();
        long lease = Long.parseLong(call("OPEN", holder, ttl.toMillis()));
        return new Session(holder, lease, sent);
    }

    @Override
    public Optional<String> holder(String key) throws WitnessException {
        String h = call("HOLDER", key);
        return h.equals("-") ? Optional.empty() : Optional.of(h);
    }

    @Override
    public List<WitnessCandidate> candidates(String key) throws WitnessException {
        List<WitnessCandidate> out = new ArrayList<>();
        for (String c : call("CANDIDATES", key).split(" ")) {
            if (!c.isEmpty()) {
                int eq = c.lastIndexOf('=');
                out.add(new WitnessCandidate(c.substring(0, eq), Integer.parseInt(c.substring(eq + 1))));
            }
        }
        return out;
    }

    @Override
    public WitnessWatch watch(String key, Runnable changed) throws WitnessException {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap(("WATCH " + client + " " + key + "\n").getBytes(StandardCharsets.UTF_8)));
            if (!"OK".equals(WitnessServer.readLine(channel))) {
                channel.close();
                throw new WitnessException(WitnessException.Kind.UNREACHABLE, "watch refused");
            }
        } catch (IOException e) {
            throw new WitnessException(WitnessException.Kind.UNREACHABLE, e.toString(), e);
        }
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                while (WitnessServer.readLine(channel) != null) {
                    changed.run();
                }
            } catch (IOException e) {
                // closed
            }
            changed.run(); // the watch ended: changes may have been missed
        });
        return () -> {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing
            }
            reader.interrupt();
        };
    }

    @Override
    public void close() {
    }

    private final class Session extends LeaseSession {

        Session(String holder, long lease, long sentNanos) {
            super(holder, lease, ttl, sentNanos);
        }

        @Override
        protected void renew() throws WitnessException {
            call("KEEPALIVE", lease);
        }

        @Override
        public boolean acquire(String key) throws WitnessException {
            return Boolean.parseBoolean(call("ACQUIRE", lease, key));
        }

        @Override
        public void release(String key) throws WitnessException {
            call("RELEASE", lease, key);
        }

        @Override
        public void stand(String key, int priority) throws WitnessException {
            call("STAND", lease, key, priority);
        }

        @Override
        public void withdraw(String key) throws WitnessException {
            call("WITHDRAW", lease, key);
        }

        @Override
        public void close() {
            try {
                call("REVOKE", lease);
            } catch (WitnessException e) {
                // the lease expires by itself
            }
        }
    }
}
