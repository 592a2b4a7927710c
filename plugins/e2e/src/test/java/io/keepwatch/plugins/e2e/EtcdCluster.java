package io.keepwatch.plugins.e2e;

import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.NetNs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real etcd cluster on the lab's LAN: members {@code e1..eN}, each in its own namespace plugged
 * into the switch, started and stopped by the test, with the faults the scenarios need: kill -9 of a
 * member (or of the raft leader, found through the JSON gateway's {@code /v3/maintenance/status}),
 * a member cut from its peers (raft traffic dropped by nft in its namespace, clients still reach it),
 * and its restart. The test speaks to etcd from a client namespace of its own on the same LAN, over
 * the v3 JSON gateway.
 */
final class EtcdCluster implements AutoCloseable {

    static final int CLIENT_PORT = 2379;
    static final int PEER_PORT = 2380;
    /** The nft table the lab's faults live in, in the namespace they apply to. */
    static final String FAULT_TABLE = "kwlab";
    private static final Duration HEALTHY = Duration.ofSeconds(30);
    private static final int CONNECT_TIMEOUT_MS = 1000;
    private static final int READ_TIMEOUT_MS = 3000;

    /** One member's place on the LAN. */
    record Member(String name, NetNs.Namespace ns, String ip, Path dataDir) {
        String clientUrl() {
            return "http://" + ip + ":" + CLIENT_PORT;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final List<Member> members;
    private final NetNs.Namespace client;
    private final Path logDir;
    private final String initialCluster;
    private final String token;
    private final Map<String, EtcdMember> running = new HashMap<>();

    private EtcdCluster(List<Member> members, NetNs.Namespace client, Path logDir, String token) {
        this.members = List.copyOf(members);
        this.client = client;
        this.logDir = logDir;
        this.token = token;
        this.initialCluster = members.stream()
                .map(m -> m.name() + "=http://" + m.ip() + ":" + PEER_PORT).collect(Collectors.joining(","));
    }

    /**
     * Creates {@code size} member namespaces with addresses {@code <net>.<firstHost + i>}, plugged into
     * {@code bridge} of {@code sw}, and a client namespace at {@code <net>.<clientHost>}; starts every
     * member and waits until each reports itself healthy (a leader elected, a read served).
     */
    static EtcdCluster start(NetNs net, NetNs.Namespace sw, String bridge, String subnet, int firstHost,
                             int clientHost, int size, Path logDir) throws Exception {
        List<Member> members = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            NetNs.Namespace ns = net.namespace("e" + i);
            net.plug(ns, "eth0", sw, bridge, "pe" + i);
            String ip = subnet + "." + (firstHost + i - 1);
            ns.addAddress("eth0", ip + "/24");
            members.add(new Member("e" + i, ns, ip, Files.createTempDirectory(Path.of("/dev/shm"), "kw-etcd-")));
        }
        NetNs.Namespace client = net.namespace("ec");
        net.plug(client, "eth0", sw, bridge, "pec");
        client.addAddress("eth0", subnet + "." + clientHost + "/24");
        EtcdCluster cluster = new EtcdCluster(members, client, logDir, "kw-" + net.hashCode());
        try {
            for (Member m : members) {
                cluster.startMember(m);
            }
            cluster.awaitHealthy(members, HEALTHY);
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    List<Member> members() {
        return members;
    }

    /** Every member's client URL, space-separated, as a {@code vrrp_witness} block's {@code endpoints}. */
    String endpoints() {
        return members.stream().map(Member::clientUrl).collect(Collectors.joining(" "));
    }

    private void startMember(Member m) throws IOException {
        running.put(m.name(), EtcdMember.start(m.ns(), m.name(), m.ip(), initialCluster, token, m.dataDir(), logDir));
    }

    boolean isRunning(Member m) {
        EtcdMember p = running.get(m.name());
        return p != null && p.isAlive();
    }

    /** kill -9 of {@code m}'s etcd, by pid; waits until it has exited. */
    void kill(Member m) throws Exception {
        EtcdMember p = running.remove(m.name());
        if (p != null) {
            p.signal("KILL");
            p.awaitExit(Duration.ofSeconds(10));
        }
    }

    /** Starts {@code m} again on its data directory and waits until the whole cluster is healthy. */
    void restart(Member m) throws Exception {
        if (!isRunning(m)) {
            startMember(m);
        }
        awaitHealthy(members, HEALTHY);
    }

    /** Waits until every member in {@code which} answers {@code /health} with true. */
    void awaitHealthy(List<Member> which, Duration timeout) throws Exception {
        Deadline deadline = Deadline.after(timeout);
        for (Member m : which) {
            while (!healthy(m)) {
                if (deadline.passed()) {
                    throw new AssertionError("etcd member " + m + " not healthy within " + timeout + "\n" + logs());
                }
                deadline.pause();
            }
        }
    }

    /** {@code GET /health} on {@code m}: true once it has a leader and serves a read. */
    boolean healthy(Member m) throws Exception {
        return healthy(m, READ_TIMEOUT_MS);
    }

    /** {@link #healthy(Member)}, false when {@code m} has not answered within {@code timeoutMs}. */
    boolean healthy(Member m, int timeoutMs) throws Exception {
        return http(m, "GET", "/health", null, timeoutMs).map(body -> body.contains("\"health\":\"true\"")).orElse(false);
    }

    private static final Pattern MEMBER_ID = Pattern.compile("\"member_id\":\"(\\d+)\"");
    private static final Pattern LEADER = Pattern.compile("\"leader\":\"(\\d+)\"");

    /** What {@code m} says of itself: its id and the leader it follows (0 when it knows none). */
    record Status(String memberId, String leaderId) {
        boolean leads() {
            return memberId.equals(leaderId);
        }
    }

    /** {@code POST /v3/maintenance/status} on {@code m}; empty when it does not answer. */
    Optional<Status> status(Member m) throws Exception {
        return post(m, "/v3/maintenance/status", "{}").flatMap(body -> {
            Matcher id = MEMBER_ID.matcher(body);
            Matcher leader = LEADER.matcher(body);
            return id.find() ? Optional.of(new Status(id.group(1), leader.find() ? leader.group(1) : "0"))
                    : Optional.empty();
        });
    }

    /** The member that reports itself leader, among those running. */
    Optional<Member> leader() throws Exception {
        for (Member m : members) {
            if (isRunning(m) && status(m).map(Status::leads).orElse(false)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** Waits until a running member other than those in {@code not} leads and the others agree. */
    Member awaitLeader(List<Member> not, Duration timeout) throws Exception {
        Deadline deadline = Deadline.after(timeout);
        while (true) {
            Optional<Member> leader = leader();
            if (leader.isPresent() && !not.contains(leader.get())) {
                return leader.get();
            }
            if (deadline.passed()) {
                throw new AssertionError("no etcd leader outside " + not + " within " + timeout + "\n" + logs());
            }
            deadline.pause();
        }
    }

    /** Finds the raft leader and kills it with SIGKILL; returns it. */
    Member killLeader() throws Exception {
        Member leader = awaitLeader(List.of(), HEALTHY);
        kill(leader);
        return leader;
    }

    /**
     * Cuts {@code m} from the other members: nft in its namespace drops raft traffic (the peer port,
     * both ways), while clients still reach its client port. It is the minority of a partition.
     */
    void isolate(Member m) {
        nft(m.ns(), """
                table inet %1$s {
                  chain in { type filter hook input priority 0; policy accept; tcp dport %2$d drop; tcp sport %2$d drop; }
                  chain out { type filter hook output priority 0; policy accept; tcp dport %2$d drop; tcp sport %2$d drop; }
                }
                """.formatted(FAULT_TABLE, PEER_PORT));
    }

    /** Undoes {@link #isolate}. */
    void heal(Member m) {
        dropFaults(m.ns());
    }

    /** Loads an nft ruleset into {@code ns} (a file in the lab directory, for the record). */
    static void nft(NetNs.Namespace ns, String ruleset) {
        try {
            Path file = Files.createTempFile("kw-nft-", ".nft");
            try {
                Files.writeString(file, ruleset);
                ns.exec("nft", "-f", file.toString());
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Deletes the lab's fault table from {@code ns}, if it is there. */
    static void dropFaults(NetNs.Namespace ns) {
        if (ns.exec("nft", "list", "tables").contains(FAULT_TABLE)) {
            ns.exec("nft", "delete", "table", "inet", FAULT_TABLE);
        }
    }

    /** {@code PUT key=value} through {@code m}; false when it fails or times out. */
    boolean put(Member m, String key, String value) throws Exception {
        return post(m, "/v3/kv/put", "{\"key\":\"" + b64(key) + "\",\"value\":\"" + b64(value) + "\"}")
                .map(body -> body.contains("\"header\"")).orElse(false);
    }

    /** The value of {@code key} read through {@code m} (a linearizable read); empty when absent or failed. */
    Optional<String> get(Member m, String key) throws Exception {
        Pattern value = Pattern.compile("\"value\":\"([^\"]*)\"");
        return post(m, "/v3/kv/range", "{\"key\":\"" + b64(key) + "\"}").flatMap(body -> {
            Matcher v = value.matcher(body);
            return v.find() ? Optional.of(new String(Base64.getDecoder().decode(v.group(1)), StandardCharsets.UTF_8))
                    : Optional.empty();
        });
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private Optional<String> httpGet(Member m, String path) throws Exception {
        return http(m, "GET", path, null, READ_TIMEOUT_MS);
    }

    private Optional<String> post(Member m, String path, String json) throws Exception {
        return http(m, "POST", path, json, READ_TIMEOUT_MS);
    }

    /** One request from the client namespace; empty on any failure to connect, a timeout or a non-2xx answer. */
    private Optional<String> http(Member m, String method, String path, String json, int readTimeoutMs)
            throws Exception {
        return client.call(() -> {
            HttpURLConnection c = (HttpURLConnection) URI.create(m.clientUrl() + path).toURL().openConnection();
            c.setConnectTimeout(Math.min(CONNECT_TIMEOUT_MS, readTimeoutMs));
            c.setReadTimeout(readTimeoutMs);
            c.setRequestMethod(method);
            c.setRequestProperty("Connection", "close");
            try {
                if (json != null) {
                    c.setDoOutput(true);
                    c.setRequestProperty("Content-Type", "application/json");
                    try (OutputStream out = c.getOutputStream()) {
                        out.write(json.getBytes(StandardCharsets.UTF_8));
                    }
                }
                if (c.getResponseCode() / 100 != 2) {
                    return Optional.<String>empty();
                }
                try (InputStream in = c.getInputStream()) {
                    return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                return Optional.<String>empty();
            } finally {
                c.disconnect();
            }
        });
    }

    /** Every member's log, for failure messages. */
    String logs() {
        return members.stream().map(m -> {
            try {
                Path log = logDir.resolve("etcd-" + m.name() + ".log");
                String text = Files.exists(log) ? Files.readString(log) : "(no log)";
                return "---- etcd " + m.name() + " ----\n" + text.substring(Math.max(0, text.length() - 4000));
            } catch (IOException e) {
                return "---- etcd " + m.name() + ": " + e.getMessage();
            }
        }).collect(Collectors.joining("\n"));
    }

    /** Stops every member (SIGTERM, then SIGKILL, by pid) and deletes the data directories. */
    @Override
    public void close() throws Exception {
        Exception failure = null;
        for (EtcdMember p : running.values()) {
            try {
                p.close();
            } catch (Exception e) {
                if (failure == null) failure = e;
                else failure.addSuppressed(e);
            }
        }
        running.clear();
        for (Member m : members) {
            try (Stream<Path> files = Files.walk(m.dataDir())) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                if (failure == null) failure = e;
                else failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
