package io.keepwatch.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The keepwatch daemon as a separate JVM in a namespace, started from the test's own class path
 * with the JDK that runs the tests, so that it is the code under test and nothing installed.
 */
public final class KeepwatchProcess extends NamespacedProcess {

    private final Path controlSocket;

    private KeepwatchProcess(String namespace, List<String> command, Path log, Map<String, String> environment)
            throws IOException {
        super("keepwatch@" + namespace, namespace, command, log, environment);
        this.controlSocket = Path.of(command.get(command.indexOf("--control-socket") + 1));
    }

    /** Where this daemon's control socket is ({@code keepwatch stop --control-socket PATH}). */
    public Path controlSocket() {
        return controlSocket;
    }

    public static KeepwatchProcess start(String namespace, Path config, String... extraArgs) throws IOException {
        return start(namespace, config, false, extraArgs);
    }

    /**
     * Started as systemd starts a service whose output goes to the journal: {@code JOURNAL_STREAM} holds
     * the device and inode numbers of its standard error (here the log file).
     */
    public static KeepwatchProcess startUnderJournal(String namespace, Path config, String... extraArgs)
            throws IOException {
        return start(namespace, config, true, extraArgs);
    }

    /** Started by {@code nohup}, which leaves SIGHUP ignored for the daemon it runs. */
    public static KeepwatchProcess startUnderNohup(String namespace, Path config, String... extraArgs)
            throws IOException {
        return start(namespace, config, false, List.of("nohup"), extraArgs);
    }

    private static KeepwatchProcess start(String namespace, Path config, boolean journal, String... extraArgs)
            throws IOException {
        return start(namespace, config, journal, List.of(), extraArgs);
    }

    private static KeepwatchProcess start(String namespace, Path config, boolean journal, List<String> wrapper,
                                          String... extraArgs) throws IOException {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(javaBinary(),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xshare:auto", "-cp", testClassPath(), "io.keepwatch.cli.Main",
                "run", "-f", config.toString()));
        List<String> extra = List.of(extraArgs);
        if (!extra.contains("--control-socket")) {
            // Daemons in different network namespaces still share one file system: each gets its own
            // socket, under /tmp because a Unix socket path may not exceed 107 bytes.
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "kw-ctl-");
            dir.toFile().deleteOnExit();
            command.addAll(List.of("--control-socket", dir.resolve("control.sock").toString()));
        }
        command.addAll(extra);
        Path log = Files.createTempFile(config.getParent(), "keepwatch-", ".log");
        Map<String, String> environment = journal
                ? Map.of("JOURNAL_STREAM", Files.getAttribute(log, "unix:dev") + ":" + Files.getAttribute(log, "unix:ino"))
                : Map.of();
        return new KeepwatchProcess(namespace, command, log, environment);
    }

    public static String javaBinary() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    public static String testClassPath() {
        // Surefire runs tests from a manifest-only jar; it publishes the real class path here.
        String path = System.getProperty("surefire.test.class.path");
        return path != null ? path : System.getProperty("java.class.path");
    }
}
