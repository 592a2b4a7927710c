package io.keepwatch.script;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The util-linux programs scripts start under: {@code setsid} (a process group of its own) and
 * {@code setpriv} (another user). The JVM can neither put a child in a new group nor change its
 * user, and these two do it between fork and exec without a shell, PAM or a login session.
 */
final class Tools {

    static final String SETSID = find("setsid").orElse("setsid");
    static final String SETPRIV = find("setpriv").orElse("setpriv");

    private Tools() {}

    /** Whether {@code setpriv} is installed (only scripts run as another user need it). */
    static boolean hasSetpriv() {
        return find("setpriv").isPresent();
    }

    private static Optional<String> find(String name) {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p.toString());
            }
        }
        return Optional.empty();
    }
}
