package io.keepwatch.testing;

import io.keepwatch.linux.Constants;
import io.keepwatch.linux.Libc;
import io.keepwatch.linux.NativeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A throw-away network laboratory: network namespaces named {@code kw-<task>-<random>-<host>},
 * veth pairs, bridges in a "switch" namespace, addresses, link up/down, commands and Java code run
 * inside a namespace. None of the namespaces has a route out. {@link #close()} kills the processes
 * it started (by pid), stops its threads and deletes every namespace it created, which also removes
 * their interfaces.
 *
 * <pre>{@code
 * try (NetNs lab = NetNs.create("lx")) {
 *     NetNs.Namespace a = lab.namespace("a"), b = lab.namespace("b");
 *     lab.veth(a, "eth0", b, "eth0");
 *     a.addAddress("eth0", "10.9.0.1/24"); b.addAddress("eth0", "10.9.0.2/24");
 *     a.call(() -> ...);   // runs on a platform thread inside namespace a
 * }
 * }</pre>
 *
 * <p>IPv6 duplicate address detection is switched off in every namespace (so link-local addresses
 * are usable at once), and loopback is brought up.
 */
public final class NetNs implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long COMMAND_TIMEOUT_SECONDS = 20;

    private final String prefix;
    private final List<Namespace> namespaces = Collections.synchronizedList(new ArrayList<>());
    private final List<Process> processes = Collections.synchronizedList(new ArrayList<>());

    private NetNs(String prefix) {
        this.prefix = prefix;
    }

    /** A lab whose namespaces are named {@code kw-<task>-<6 random hex digits>-<name>}. */
    public static NetNs create(String task) {
        byte[] random = new byte[3];
        RANDOM.nextBytes(random);
        return new NetNs("kw-" + task + "-" + HexFormat.of().formatHex(random));
    }

    /** Creates a namespace; {@code shortName} keeps the full name short (interface names are not involved). */
    public Namespace namespace(String shortName) {
        String name = prefix + "-" + shortName;
        runCommand(List.of("ip", "netns", "add", name));
        Namespace ns = new Namespace(name);
        namespaces.add(ns);
        ns.exec("sysctl", "-q", "-w", "net.ipv6.conf.all.accept_dad=0");
        ns.exec("sysctl", "-q", "-w", "net.ipv6.conf.default.accept_dad=0");
        ns.exec("ip", "link", "set", "lo", "up");
        return ns;
    }

    /** A veth pair from {@code a}:{@code ifA} to {@code b}:{@code ifB}, both ends up. */
    public void veth(Namespace a, String ifA, Namespace b, String ifB) {
        runCommand(List.of("ip", "-n", a.name(), "link", "add", ifA, "type", "veth", "peer", "name", ifB, "netns", b.name()));
        a.linkUp(ifA);
        b.linkUp(ifB);
    }

    /** A namespace holding a bridge {@code bridge}, up: the "switch" hosts are plugged into. */
    public Namespace switchNamespace(String shortName, String bridge) {
        Namespace sw = namespace(shortName);
        sw.exec("ip", "link", "add", bridge, "type", "bridge");
        // No STP delay: ports forward as soon as they are up.
        sw.exec("ip", "link", "set", bridge, "type", "bridge", "stp_state", "0", "forward_delay", "0");
        sw.linkUp(bridge);
        return sw;
    }

    /** Plugs {@code host}:{@code hostIf} into {@code bridge} of {@code sw} through a veth pair. */
    public void plug(Namespace host, String hostIf, Namespace sw, String bridge, String switchPort) {
        veth(host, hostIf, sw, switchPort);
        sw.exec("ip", "link", "set", switchPort, "master", bridge);
    }

    /** Starts a long-running command inside {@code ns}; close() kills it by pid. */
    public Process start(Namespace ns, String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns.name()));
        full.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
            processes.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + full, e);
        }
    }

    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        synchronized (processes) {
            for (Process p : processes) {
                // ip netns exec execs the command, so the pid is the command's own.
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                try {
                    p.waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        synchronized (namespaces) {
            for (Namespace ns : namespaces.reversed()) {
                ns.stopThread();
                try {
                    runCommand(List.of("ip", "netns", "del", ns.name()));
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
            namespaces.clear();
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.getFirst();
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }

    /** Runs a command to completion; returns its output; throws with the output if it fails. */
    static String runCommand(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", command));
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("failed (exit " + p.exitValue() + "): " + String.join(" ", command)
                        + "\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
    }

    /** One network namespace of the lab. */
    public static final class Namespace {
        private final String name;
        private ExecutorService thread;

        private Namespace(String name) {
            this.name = name;
        }

        /** The full namespace name, as {@code ip netns} knows it. */
        public String name() {
            return name;
        }

        /** Runs a command inside the namespace ({@code ip netns exec}); returns its output. */
        public String exec(String... command) {
            List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
            full.addAll(List.of(command));
            return runCommand(full);
        }

        /** {@code ip addr add <cidr> dev <ifName>}. */
        public void addAddress(String ifName, String cidr) {
            exec("ip", "addr", "add", cidr, "dev", ifName);
        }

        /** Sets the link administratively up. */
        public void linkUp(String ifName) {
            exec("ip", "link", "set", ifName, "up");
        }

        /** Sets the link administratively down (the peer of a veth loses its carrier: a cable cut). */
        public void linkDown(String ifName) {
            exec("ip", "link", "set", ifName, "down");
        }

        /** The MAC address as {@code ip link} prints it. */
        public String macAddress(String ifName) {
            String out = exec("ip", "-o", "link", "show", ifName);
            int at = out.indexOf("link/ether ");
            if (at < 0) {
                throw new IllegalStateException("no MAC address for " + ifName + ": " + out);
            }
            return out.substring(at + 11, at + 28);
        }

        /**
         * Runs {@code task} on this namespace's own platform thread, which entered the namespace
         * with setns(2) when created and stays there; sockets it opens belong to the namespace, and
         * threads it starts inherit the namespace.
         */
        public <T> T call(Callable<T> task) throws Exception {
            Future<T> f = executor().submit(task);
            try {
                return f.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception ex) {
                    throw ex;
                }
                throw e;
            } catch (TimeoutException e) {
                f.cancel(true);
                throw e;
            }
        }

        /** {@link #call} for code without a result. */
        public void run(ThrowingRunnable task) throws Exception {
            call(() -> {
                task.run();
                return null;
            });
        }

        /** The interface index of {@code ifName} inside this namespace. */
        public int ifIndex(String ifName) throws Exception {
            return call(() -> Libc.ifNameToIndex(ifName));
        }

        private synchronized ExecutorService executor() throws Exception {
            if (thread == null) {
                NativeException[] entryFailure = new NativeException[1];
                ExecutorService ex = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform()
                        .name("netns-" + name).daemon(true).unstarted(() -> {
                            // setns(2) moves only the calling thread: do it first on every worker.
                            try {
                                enter(name);
                            } catch (NativeException e) {
                                entryFailure[0] = e;
                            }
                            r.run();
                        }));
                try {
                    ex.submit(() -> verifyInside(name, entryFailure)).get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    ex.shutdownNow();
                    throw e;
                }
                thread = ex;
            }
            return thread;
        }

        private static void enter(String name) throws NativeException {
            int fd = Libc.open("/var/run/netns/" + name, Constants.O_RDONLY);
            try {
                Libc.setns(fd, Constants.CLONE_NEWNET, "cannot enter network namespace " + name);
            } finally {
                Libc.close(fd);
            }
        }

        /** Proves the worker is inside: its /proc/thread-self/ns/net names the namespace file's inode. */
        private static Void verifyInside(String name, NativeException[] entryFailure) throws Exception {
            if (entryFailure[0] != null) {
                throw entryFailure[0];
            }
            Object inode = Files.getAttribute(Path.of("/var/run/netns/" + name), "unix:ino");
            String link = Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
            if (!link.equals("net:[" + inode + "]")) {
                throw new IllegalStateException("thread is in " + link + ", not in namespace " + name + " (inode " + inode + ")");
            }
            return null;
        }

        private synchronized void stopThread() {
            if (thread != null) {
                thread.shutdownNow();
                thread = null;
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A task that may throw. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }
}
