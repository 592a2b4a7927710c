package io.keepwatch.witness.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Assumptions;

/**
 * Real etcd members (Debian's {@code /usr/bin/etcd}) on 127.0.0.1, each with free ports and a data
 * directory of its own under a temporary directory (in /dev/shm when there is one: etcd syncs its WAL
 * on every write), stopped by pid. The Raft election timeout is a parameter (the heartbeat a tenth of
 * it): etcd's default of 1000 ms makes its minimum lease TTL 2 s; {@link #FAST_ELECTION} elects a new
 * leader sooner and makes the minimum TTL 1 s.
 */
final class EtcdCluster implements AutoCloseable {

    static final Path ETCD = Path.of("/usr/bin/etcd");
    static final int DEFAULT_ELECTION = 1000;
    static final int FAST_ELECTION = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final List<Member> members;
    private final List<String> flags;
    private final HttpClient http;

    /** One member: its name, client URL, peer URL and process once started. */
    static final class Member {
        final String name;
        final String clientUrl;
        final String peerUrl;
        Process process;

        Member(String name, String scheme, int clientPort, int peerPort) {
            this.name = name;
            this.clientUrl = scheme + "://127.0.0.1:" + clientPort;
            this.peerUrl = "http://127.0.0.1:" + peerPort;
        }

        boolean running() {
            return process != null && process.isAlive();
        }
    }

    private EtcdCluster(Path dir, List<Member> members, List<String> flags, HttpClient http) {
        this.dir = dir;
        this.members = members;
        this.flags = flags;
        this.http = http;
    }

    /** Starts {@code size} members and waits until each reports healthy (a leader elected). */
    static EtcdCluster start(int size, int electionMillis) throws IOException {
        return start(size, "http", raft(electionMillis), HttpClient.newBuilder());
    }

    private static List<String> raft(int electionMillis) {
        return List.of("--heartbeat-interval", String.valueOf(electionMillis / 10),
                "--election-timeout", String.valueOf(electionMillis));
    }

    /**
     * One member serving clients over TLS only, with the certificates in {@code certs} ({@code ca.pem},
     * {@code server.pem}, {@code server.key}) and, with {@code clientCertAuth}, asking clients for theirs;
     * {@code client} is how this fixture itself connects (for the health check).
     */
    static EtcdCluster startTls(Path certs, boolean clientCertAuth, SSLContext client) throws IOException {
        List<String> flags = new ArrayList<>(raft(DEFAULT_ELECTION));
        flags.addAll(List.of(
                "--cert-file", certs.resolve("server.pem").toString(),
                "--key-file", certs.resolve("server.key").toString(),
                "--trusted-ca-file", certs.resolve("ca.pem").toString()));
        if (clientCertAuth) {
            flags.add("--client-cert-auth");
        }
        return start(1, "https", flags, HttpClient.newBuilder().sslContext(client));
    }

    private static EtcdCluster start(int size, String scheme, List<String> flags, HttpClient.Builder http)
            throws IOException {
        // Without etcd (bin/install-test-deps installs etcd-server) a developer's run skips; CI fails.
        Assumptions.assumeTrue(Files.isExecutable(ETCD) || "true".equals(System.getenv("CI")),
                ETCD + " is not installed (Debian package etcd-server)");
        Path base = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
        Path dir = Files.createTempDirectory(base, "keepwatch-etcd-");
        int[] ports = freePorts(2 * size);
        List<Member> members = IntStream.range(0, size)
                .mapToObj(i -> new Member("m" + i, scheme, ports[2 * i], ports[2 * i + 1])).toList();
        EtcdCluster cluster = new EtcdCluster(dir, members, List.copyOf(flags),
                http.connectTimeout(Duration.ofSeconds(2)).build());
        try {
            String initial = members.stream().map(m -> m.name + "=" + m.peerUrl).collect(Collectors.joining(","));
            for (Member member : members) {
                cluster.launch(member, initial);
            }
            for (Member member : members) {
                cluster.awaitHealthy(member);
            }
            return cluster;
        } catch (IOException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void launch(Member member, String initialCluster) throws IOException {
        Path log = dir.resolve(member.name + ".log");
        List<String> command = new ArrayList<>(List.of(ETCD.toString(),
                "--name", member.name,
                "--data-dir", dir.resolve(member.name).toString(),
                "--listen-client-urls", member.clientUrl,
                "--advertise-client-urls", member.clientUrl,
                "--listen-peer-urls", member.peerUrl,
                "--initial-advertise-peer-urls", member.peerUrl,
                "--initial-cluster", initialCluster,
                "--initial-cluster-state", "new",
                "--initial-cluster-token", dir.getFileName().toString(),
                "--logger", "zap", "--log-outputs", "stderr", "--log-level", "warn"));
        command.addAll(flags);
        member.process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private void awaitHealthy(Member member) {
        await(Duration.ofSeconds(20), () -> {
            if (!member.process.isAlive()) {
                throw new IllegalStateException("etcd " + member.name + " exited: " + log(member));
            }
            return healthy(member);
        }, "etcd " + member.name + " healthy");
    }

    boolean healthy(Member member) {
        try {
            return get(member.clientUrl + "/health").path("health").asText().equals("true");
        } catch (IOException e) {
            return false;
        }
    }

    String log(Member member) {
        try {
            return Files.readString(dir.resolve(member.name + ".log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    List<Member> members() {
        return members;
    }

    /** The client URLs of all members, in order. */
    List<String> endpoints() {
        return members.stream().map(m -> m.clientUrl).toList();
    }

    /** The member that is the Raft leader now, as the running members say. */
    Member leader() {
        for (Member member : members) {
            if (!member.running()) {
                continue;
            }
            try {
                JsonNode status = post(member.clientUrl + "/v3/maintenance/status", "{}");
                String self = status.path("header").path("member_id").asText();
                if (!self.isEmpty() && self.equals(status.path("leader").asText())) {
                    return member;
                }
            } catch (IOException e) {
                // not answering: ask the next one
            }
        }
        return null;
    }

    /** Kills the member with SIGKILL, by its pid, and waits for it to be gone. */
    void kill(Member member) {
        ProcessHandle.of(member.process.pid()).ifPresent(ProcessHandle::destroyForcibly);
        try {
            member.process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        for (Member member : members) {
            if (member.process != null) {
                kill(member);
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode get(String url) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    /** POSTs {@code body} to a member, with etcd's auth {@code token} when not null. */
    JsonNode post(String url, String body, String token) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", token);
        }
        return send(request);
    }

    JsonNode post(String url, String body) throws IOException {
        return post(url, body, null);
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Free TCP ports on 127.0.0.1, held together while chosen so that they differ. */
    static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    /** Polls {@code condition} until it holds, failing after {@code timeout}. */
    static void await(Duration timeout, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
