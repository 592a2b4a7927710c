package io.keepwatch.differential;

import io.keepwatch.cli.TopCommand;
import io.keepwatch.testing.KeepalivedProcess;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.NamespacedProcess;
import io.keepwatch.testing.NetNs;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** The two programs compared: how each one is started, checks a file, and is killed. */
enum Implementation {
    KEEPALIVED("Entering \\w+ STATE", "Reload complete") {
        @Override
        NamespacedProcess start(NetNs.Namespace host, String hostName, Path config) throws IOException {
            return KeepalivedProcess.start(host.name(), config);
        }

        /** {@code keepalived -t -f FILE}, inside the host: keepalived also checks that interfaces exist. */
        @Override
        CheckResult checkConfig(NetNs.Namespace host, String hostName, Path config) throws Exception {
            Process p = new ProcessBuilder("ip", "netns", "exec", host.name(), "keepalived", "-t", "-f", config.toString())
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("keepalived -t did not finish: " + out);
            }
            return new CheckResult(p.exitValue(), out);
        }
    },
    KEEPWATCH("keepwatch running", "Daemon - reloaded |reload refused|reload came before") {
        @Override
        NamespacedProcess start(NetNs.Namespace host, String hostName, Path config) throws IOException {
            return KeepwatchProcess.start(host.name(), config, "--config-id", hostName);
        }

        /**
         * {@code keepwatch check-config -f FILE}, run in this JVM on a thread inside the host, where
         * it looks up the interfaces the file names, as keepalived's {@code -t} does.
         */
        @Override
        CheckResult checkConfig(NetNs.Namespace host, String hostName, Path config) throws Exception {
            StringWriter text = new StringWriter();
            var cli = TopCommand.commandLine();
            cli.setOut(new PrintWriter(text, true));
            cli.setErr(new PrintWriter(text, true));
            int exit = host.call(() -> cli.execute("check-config", "--interface-check", "-f", config.toString(), "--config-id", hostName));
            return new CheckResult(exit, text.toString());
        }
    };

    private final Pattern ready;
    /** A reload's end in the log, applied or refused. */
    private final Pattern reloaded;

    Implementation(String ready, String reloaded) {
        this.ready = Pattern.compile(ready);
        this.reloaded = Pattern.compile(reloaded);
    }

    /** How many reloads the daemon's log shows finished (applied or refused). */
    int reloads(String log) {
        return (int) reloaded.matcher(log).results().count();
    }

    /** Whether the daemon's log shows it has started (whether or not each instance could). */
    boolean started(String log) {
        return ready.matcher(log).find();
    }

    /** The exit code of a configuration check, and what it printed. */
    record CheckResult(int exit, String output) {}

    abstract NamespacedProcess start(NetNs.Namespace host, String hostName, Path config) throws IOException;

    abstract CheckResult checkConfig(NetNs.Namespace host, String hostName, Path config) throws Exception;

    /**
     * kill -9, as a crash would: nothing is cleaned up. keepalived's parent is stopped first, so that
     * it neither respawns its VRRP child nor lets the child see it die.
     */
    static void kill9(NamespacedProcess daemon) throws InterruptedException {
        ProcessHandle main = ProcessHandle.of(daemon.pid()).orElse(null);
        if (main == null) {
            return;
        }
        signal("STOP", main.pid());
        List<ProcessHandle> children = main.descendants().toList();
        children.forEach(ProcessHandle::destroyForcibly);
        main.destroyForcibly();
        for (ProcessHandle h : children) {
            h.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> h).join();
        }
        main.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> main).join();
    }

    private static void signal(String signal, long pid) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new AssertionError("cannot signal " + pid, e);
        }
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
