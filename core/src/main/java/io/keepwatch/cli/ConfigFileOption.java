package io.keepwatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code -f FILE}, shared by the verbs that read a configuration. */
final class ConfigFileOption {
    /** Searched in order when {@code -f} is not given. */
    static final List<Path> DEFAULTS = List.of(Path.of("/etc/keepwatch/keepalived.conf"),
            Path.of("/etc/keepalived/keepalived.conf"));

    @Option(names = {"-f", "--use-file"}, paramLabel = "FILE",
            description = "Configuration file (default: /etc/keepwatch/keepalived.conf, then /etc/keepalived/keepalived.conf).")
    Path file;

    /** The file given, else the first default that exists, else the first default. */
    Path resolve() {
        if (file != null) return file;
        return DEFAULTS.stream().filter(Files::exists).findFirst().orElse(DEFAULTS.getFirst());
    }
}
