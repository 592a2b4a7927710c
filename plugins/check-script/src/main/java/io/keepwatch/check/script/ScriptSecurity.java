package io.keepwatch.check.script;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * keepalived's {@code enable_script_security} rule: a script run by the daemon must not be changeable
 * by a non-root user, so neither the file nor any directory above it may be owned by another user
 * or be writable by group or others. A directory with the sticky bit (such as {@code /tmp}) is
 * accepted above the script, since nobody but the owner may replace what it holds.
 */
public final class ScriptSecurity {

    private ScriptSecurity() {}

    /** Why the script at {@code script} must not run, or empty when it may. */
    public static Optional<String> refusal(Path script) {
        try {
            Path real = script.toRealPath();
            Optional<String> own = check(real, false);
            if (own.isPresent()) {
                return own;
            }
            for (Path dir = real.getParent(); dir != null; dir = dir.getParent()) {
                Optional<String> up = check(dir, true);
                if (up.isPresent()) {
                    return up;
                }
            }
            return Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of("cannot check script " + script + ": " + e);
        }
    }

    private static Optional<String> check(Path p, boolean stickyAllowed) throws IOException {
        int mode = (Integer) Files.getAttribute(p, "unix:mode");
        int uid = (Integer) Files.getAttribute(p, "unix:uid");
        int gid = (Integer) Files.getAttribute(p, "unix:gid");
        boolean sticky = stickyAllowed && (mode & 01000) != 0 && Files.isDirectory(p);
        if (uid != 0) {
            return Optional.of(p + " is owned by uid " + uid + ", not by root");
        }
        if ((mode & 0002) != 0 && !sticky) {
            return Optional.of(p + " is writable by other users (mode " + Integer.toOctalString(mode & 07777) + ")");
        }
        if ((mode & 0020) != 0 && gid != 0 && !sticky) {
            return Optional.of(p + " is writable by group " + gid + " (mode " + Integer.toOctalString(mode & 07777) + ")");
        }
        return Optional.empty();
    }

    /** Finds a program as {@code execvp} would: as given when it holds a slash, else along PATH. */
    public static Optional<Path> resolve(String program) {
        if (program.contains("/")) {
            Path p = Path.of(program);
            return Files.exists(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
