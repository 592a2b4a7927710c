package io.keepwatch.plugins.e2e;

import io.keepwatch.testing.NamespacedProcess;
import io.keepwatch.testing.NetNs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One member of the lab's etcd cluster: Debian's {@code /usr/bin/etcd} in a namespace of its own,
 * its data directory on tmpfs (so that a loaded host's disk does not slow raft's fsyncs into
 * spurious elections), its log in the lab directory. Ended by pid like every lab daemon.
 */
final class EtcdMember extends NamespacedProcess {

    static final String BINARY = "/usr/bin/etcd";

    private EtcdMember(String name, NetNs.Namespace ns, List<String> command, Path log) throws IOException {
        super("etcd " + name + "@" + ns.name(), ns.name(), command, log);
    }

    /**
     * Starts member {@code name} at {@code ip}; {@code initialCluster} names every member's peer URL.
     * A member restarted on a data directory it already wrote rejoins with what it has there (etcd
     * ignores the initial-cluster flags then).
     */
    static EtcdMember start(NetNs.Namespace ns, String name, String ip, String initialCluster, String token,
                            Path dataDir, Path logDir) throws IOException {
        Path log = logDir.resolve("etcd-" + name + ".log");
        if (!Files.exists(log)) {
            Files.createFile(log);
        }
        List<String> command = List.of(BINARY,
                "--name", name,
                "--data-dir", dataDir.toString(),
                "--listen-peer-urls", "http://" + ip + ":" + EtcdCluster.PEER_PORT,
                "--initial-advertise-peer-urls", "http://" + ip + ":" + EtcdCluster.PEER_PORT,
                "--listen-client-urls", "http://" + ip + ":" + EtcdCluster.CLIENT_PORT,
                "--advertise-client-urls", "http://" + ip + ":" + EtcdCluster.CLIENT_PORT,
                "--initial-cluster", initialCluster,
                "--initial-cluster-token", token,
                "--initial-cluster-state", "new",
                // etcd's defaults, written out: leader heartbeats every 100 ms, an election after 1 s of silence.
                "--heartbeat-interval", "100",
                "--election-timeout", "1000",
                "--logger", "zap", "--log-level", "warn");
        return new EtcdMember(name, ns, command, log);
    }
}
