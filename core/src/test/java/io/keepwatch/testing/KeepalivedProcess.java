package io.keepwatch.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's keepalived as a VRRP peer in a namespace: foreground, logging to the console, VRRP
 * only, with pid files of its own so that it never meets a system-wide instance.
 */
public final class KeepalivedProcess extends NamespacedProcess {

    private KeepalivedProcess(String namespace, List<String> command, Path log) throws IOException {
        super("keepalived@" + namespace, namespace, command, log);
    }

    public static KeepalivedProcess start(String namespace, Path config) throws IOException {
        return start(namespace, config, "keepalived");
    }

    /** As {@link #start(String, Path)}, with the keepalived binary at {@code binary} (another version). */
    public static KeepalivedProcess start(String namespace, Path config, String binary) throws IOException {
        Path dir = config.getParent();
        String id = config.getFileName().toString().replaceAll("\\W", "_");
        List<String> command = List.of(binary, "--dont-fork", "--log-console", "--log-detail",
                "--vrrp", "-f", config.toString(),
                "-p", dir.resolve(id + ".pid").toString(),
                "-r", dir.resolve(id + ".vrrp.pid").toString());
        return new KeepalivedProcess(namespace, command, Files.createTempFile(dir, "keepalived-", ".log"));
    }

    /** Whether Debian's keepalived is installed here. */
    public static boolean available() {
        return Files.isExecutable(Path.of("/usr/sbin/keepalived"));
    }
}
