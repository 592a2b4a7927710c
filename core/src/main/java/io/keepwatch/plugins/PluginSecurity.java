package io.keepwatch.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses plugin code that a non-root user could have changed, by the rule keepalived applies to
 * scripts under {@code enable_script_security}: the file, and every directory above it, must be owned
 * by a trusted user (root, or the user keepwatch runs as) and not be writable by group or others.
 * A directory above the plugin root with the sticky bit (such as {@code /tmp}) is accepted, since
 * nobody but the owner may then replace what it holds.
 */
public final class PluginSecurity {

    private static final int GROUP_WRITE = 0020;
    private static final int OTHER_WRITE = 0002;
    private static final int STICKY = 01000;

    private final Set<Integer> trustedUids;

    /** Trusts root and the given users. */
    public PluginSecurity(Set<Integer> trustedUids) {
        this.trustedUids = Set.copyOf(trustedUids);
    }

    /** Trusts root and the user this process runs as. */
    public static PluginSecurity forCurrentUser() {
        return new PluginSecurity(new HashSet<>(List.of(0, currentUid())));
    }

    /** The effective user id of this process, read from the owner of {@code /proc/self}. */
    static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 0;
        }
    }

    /**
     * Why {@code path} (a plugin jar or a plugin root directory) must not be loaded, or empty when it
     * is safe. The path itself must not be writable by others even with the sticky bit.
     */
    public Optional<String> refusal(Path path) {
        try {
            Path real = path.toRealPath();
            Optional<String> own = check(real, false);
            if (own.isPresent()) {
                return own;
            }
            for (Path dir = real.getParent(); dir != null; dir = dir.getParent()) {
                Optional<String> parent = check(dir, true);
                if (parent.isPresent()) {
                    return parent;
                }
            }
            return Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of("cannot check " + path + ": " + e);
        }
    }

    private Optional<String> check(Path p, boolean stickyAllowed) throws IOException {
        int mode = (Integer) Files.getAttribute(p, "unix:mode");
        int uid = (Integer) Files.getAttribute(p, "unix:uid");
        int gid = (Integer) Files.getAttribute(p, "unix:gid");
        if (!trustedUids.contains(uid)) {
            return Optional.of(p + " is owned by uid " + uid + ", not by root");
        }
        boolean sticky = stickyAllowed && (mode & STICKY) != 0 && Files.isDirectory(p);
        if ((mode & OTHER_WRITE) != 0 && !sticky) {
            return Optional.of(p + " is writable by other users (mode " + Integer.toOctalString(mode & 07777) + ")");
        }
        if ((mode & GROUP_WRITE) != 0 && gid != 0 && !sticky) {
            return Optional.of(p + " is writable by group " + gid + " (mode " + Integer.toOctalString(mode & 07777) + ")");
        }
        return Optional.empty();
    }
}
