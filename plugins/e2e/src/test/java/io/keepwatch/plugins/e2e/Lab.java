package io.keepwatch.plugins.e2e;

import io.keepwatch.testing.AddressWatch;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.NetNs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The ground an end-to-end test stands on: network namespaces, a plugin directory the daemon trusts
 * (root-owned, 0700, holding copies of the packaged plugin jars), a directory for configurations,
 * logs and script output under {@code target/e2e-logs/} (kept after the run), and everything to end
 * when the test is over: daemons by pid, servers, watches, then the namespaces.
 */
final class Lab implements AutoCloseable {

    private final NetNs net;
    private final Path dir;
    private final Path pluginDir;
    private final List<AutoCloseable> closing = new ArrayList<>();

    private Lab(String task) throws IOException {
        Path root = Path.of("target", "e2e-logs").toAbsolutePath();
        Files.createDirectories(root);
        this.dir = Files.createTempDirectory(root, task + "-");
        // The plugin host refuses directories others may write to; a fresh temporary directory is 0700.
        this.pluginDir = Files.createTempDirectory("kw-e2e-plugins-");
        this.net = NetNs.create(task);
    }

    /** A lab whose namespaces are named {@code kw-<task>-<random>-<host>}. */
    static Lab create(String task) throws IOException {
        return new Lab(task);
    }

    /** The bundled plugin jars the build copied (target/bundled-plugins). */
    static Path bundledJars() {
        return Path.of(System.getProperty("keepwatch.e2e.bundled", "target/bundled-plugins"));
    }

    /** The sample third-party plugin jar the build copied (target/thirdparty-plugins). */
    static Path sampleJar() {
        return Path.of(System.getProperty("keepwatch.e2e.thirdparty", "target/thirdparty-plugins"))
                .resolve("keepwatch-sample-plugin.jar");
    }

    /** The etcd witness plugin jar the build copied (target/witness-plugins). */
    static Path etcdWitnessJar() {
        return Path.of(System.getProperty("keepwatch.e2e.witness", "target/witness-plugins"))
                .resolve("keepwatch-witness-etcd.jar");
    }

    NetNs net() {
        return net;
    }

    Path dir() {
        return dir;
    }

    Path pluginDir() {
        return pluginDir;
    }

    /** Copies every bundled plugin jar into the plugin directory. */
    Lab withBundledPlugins() throws IOException {
        try (Stream<Path> jars = Files.list(bundledJars())) {
            List<Path> found = jars.filter(p -> p.toString().endsWith(".jar")).toList();
            if (found.size() < 5) {
                throw new IllegalStateException("expected the five bundled plugin jars in " + bundledJars()
                        + ", found " + found + " (run through Maven: the jars are copied before integration-test)");
            }
            for (Path jar : found) {
                addPlugin(jar, jar.getFileName().toString());
            }
        }
        return this;
    }

    /** Copies {@code jar} into the plugin directory as {@code name}. */
    Path addPlugin(Path jar, String name) throws IOException {
        Path target = pluginDir.resolve(name);
        Files.copy(jar, target);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
        return target;
    }

    /** Two hosts joined by a veth pair {@code eth0}-{@code eth0}, with 10.78.0.1/24 and 10.78.0.2/24. */
    List<NetNs.Namespace> twoHosts() {
        NetNs.Namespace a = net.namespace("a");
        NetNs.Namespace b = net.namespace("b");
        net.veth(a, "eth0", b, "eth0");
        a.addAddress("eth0", "10.78.0.1/24");
        b.addAddress("eth0", "10.78.0.2/24");
        return List.of(a, b);
    }

    /**
     * One host whose {@code eth0} (10.78.0.1/24) is a veth pair to an empty namespace: up, with a
     * carrier, and nobody else on the link.
     */
    NetNs.Namespace loneHost() {
        NetNs.Namespace a = net.namespace("a");
        net.veth(a, "eth0", net.namespace("void"), "eth0");
        a.addAddress("eth0", "10.78.0.1/24");
        return a;
    }

    /** Watches {@code ns}'s addresses until the lab closes. */
    AddressWatch watch(NetNs.Namespace ns) throws Exception {
        return closeLater(AddressWatch.open(ns));
    }

    /** Writes {@code text} to {@code name} in the lab directory. */
    Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    /**
     * Writes {@code config} as {@code <name>.conf} and starts keepwatch with it in {@code ns}, loading
     * plugins from the lab's plugin directory only (it holds copies of the bundled ones).
     */
    KeepwatchProcess keepwatch(NetNs.Namespace ns, String name, String config, String... extraArgs)
            throws IOException {
        Path file = write(name + ".conf", config);
        List<String> args = new ArrayList<>(List.of("--config-id", name, "--plugin-dir", pluginDir.toString(),
                "--no-bundled-plugins"));
        args.addAll(List.of(extraArgs));
        return closeLater(KeepwatchProcess.start(ns.name(), file, args.toArray(String[]::new)));
    }

    /** Ends {@code resource} when the lab closes (in reverse order, before the namespaces go). */
    <T extends AutoCloseable> T closeLater(T resource) {
        closing.add(resource);
        return resource;
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        for (AutoCloseable c : closing.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                if (failure == null) failure = e;
                else failure.addSuppressed(e);
            }
        }
        try {
            net.close();
        } catch (RuntimeException e) {
            if (failure == null) failure = e;
            else failure.addSuppressed(e);
        }
        try (Stream<Path> files = Files.walk(pluginDir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
