package io.keepwatch.script;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * keepalived's checks of a script before it may run ({@code check_script_secure}):
 *
 * <ul>
 *   <li>A program named without a slash is looked up along {@code PATH}, as a regular file the
 *       script's user may execute (with a warning: a full path is better).</li>
 *   <li>The path is resolved ({@code realpath}); if the link's file name differs from the target's,
 *       the target's directory with the link's name is run, so that a program that looks at its own
 *       name behaves as configured.</li>
 *   <li>The file must be executable by the script's user and group.</li>
 *   <li>When the script runs with uid 0 or gid 0 (or is set-user-id or set-group-id root), every
 *       element of its path, from {@code /} to the file, must be owned by root, and the file and
 *       every directory without the sticky bit must be writable neither by a group other than
 *       root's nor by others. A symbolic link in the path is refused as the wrong type. Unsafe
 *       permissions disable the script under {@code enable_script_security}; without it they are
 *       a warning.</li>
 * </ul>
 *
 * A script that cannot be found or executed never runs, security or not.
 */
public final class ScriptSecurity {

    private static final int S_ISUID = 04000;
    private static final int S_ISGID = 02000;
    private static final int S_ISVTX = 01000;
    private static final int S_IWGRP = 0020;
    private static final int S_IWOTH = 0002;
    private static final int S_IXUSR = 0100;
    private static final int S_IXGRP = 0010;
    private static final int S_IXOTH = 0001;
    private static final int S_IXANY = S_IXUSR | S_IXGRP | S_IXOTH;

    /** What {@code confstr(_CS_PATH)} gives when the environment has no PATH. */
    private static final String DEFAULT_PATH = "/bin:/usr/bin";

    /**
     * The outcome of a check that lets the script run.
     *
     * @param program the file to execute (absolute, resolved)
     * @param warnings what keepalived would log about it (found along PATH, unsafe permissions
     *                 without enable_script_security)
     * @param unsafe whether its permissions are unsafe (only possible without enable_script_security)
     */
    public record Checked(Path program, List<String> warnings, boolean unsafe) {}

    private ScriptSecurity() {}

    /**
     * Checks {@code program} for a script run as {@code runAs}.
     *
     * @param enforce {@code enable_script_security}: unsafe permissions refuse the script
     * @throws ScriptRefused when keepalived would disable the script
     */
    public static Checked check(String program, RunAs runAs, boolean enforce) throws ScriptRefused {
        List<String> warnings = new ArrayList<>();
        Path given;
        if (program.contains("/")) {
            given = Path.of(program);
        } else {
            given = searchPath(program, runAs);
            warnings.add("script " + program + " resolved by path search to " + given + "; give the full path");
        }
        Path real;
        try {
            real = given.toAbsolutePath().toRealPath();
        } catch (IOException e) {
            throw new ScriptRefused("cannot access " + given + ": " + reason(e));
        }
        // keepalived resolves the path as the script's user: a directory that user cannot search
        // hides the script from it.
        Optional<Path> closed = unsearchable(real.getParent(), runAs);
        if (closed.isPresent()) {
            throw new ScriptRefused("cannot access " + given + " as " + runAs + ": no search permission on "
                    + closed.get());
        }
        Path run = real;
        Optional<Path> alsoCheck = Optional.empty();
        Path ownName = given.getFileName();
        if (ownName != null && !ownName.equals(real.getFileName())) {
            Path renamed = real.resolveSibling(ownName);
            if (sameFile(renamed, real)) {
                run = renamed;
                alsoCheck = Optional.of(real);
            }
        }
        int mode;
        int uid;
        int gid;
        try {
            mode = (Integer) Files.getAttribute(real, "unix:mode");
            uid = (Integer) Files.getAttribute(real, "unix:uid");
            gid = (Integer) Files.getAttribute(real, "unix:gid");
        } catch (IOException e) {
            throw new ScriptRefused("cannot access " + real + ": " + reason(e));
        }
        if (!Files.isRegularFile(real) || !executable(mode, uid, gid, runAs)) {
            throw new ScriptRefused(run + " is not executable for " + runAs);
        }
        boolean privileged = runAs.privileged()
                || (uid == 0 && (mode & S_IXUSR) != 0 && (mode & S_ISUID) != 0)
                || (gid == 0 && (mode & S_IXGRP) != 0 && (mode & S_ISGID) != 0);
        if (!privileged) {
            return new Checked(run, warnings, false);
        }
        Optional<String> unsafe = unsafeElement(run);
        if (unsafe.isEmpty() && alsoCheck.isPresent()) {
            unsafe = unsafeElement(alsoCheck.get());
        }
        if (unsafe.isEmpty()) {
            return new Checked(run, warnings, false);
        }
        if (enforce) {
            throw new ScriptRefused("unsafe permissions: " + unsafe.get() + " (enable_script_security)");
        }
        warnings.add("unsafe permissions found for script " + run + ": " + unsafe.get()
                + " (runs anyway: enable_script_security is not set)");
        return new Checked(run, warnings, true);
    }

    /** The first element of {@code path} (from {@code /} down) a non-root user could change, if any. */
    static Optional<String> unsafeElement(Path path) {
        List<Path> elements = new ArrayList<>();
        for (Path p = path; p != null; p = p.getParent()) {
            elements.addFirst(p);
        }
        for (int i = 0; i < elements.size(); i++) {
            Path element = elements.get(i);
            boolean last = i == elements.size() - 1;
            int mode;
            int uid;
            int gid;
            boolean directory;
            boolean link;
            try {
                mode = (Integer) Files.getAttribute(element, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                uid = (Integer) Files.getAttribute(element, "unix:uid", LinkOption.NOFOLLOW_LINKS);
                gid = (Integer) Files.getAttribute(element, "unix:gid", LinkOption.NOFOLLOW_LINKS);
                directory = Files.isDirectory(element, LinkOption.NOFOLLOW_LINKS);
                link = Files.isSymbolicLink(element);
            } catch (IOException e) {
                return Optional.of(element + " cannot be checked: " + reason(e));
            }
            boolean regular = !directory && !link && Files.isRegularFile(element, LinkOption.NOFOLLOW_LINKS);
            if (last ? !(regular || link) : !directory) {
                return Optional.of(element + " is of the wrong type for a script's path");
            }
            if (uid != 0) {
                return Optional.of(element + " is owned by uid " + uid + ", not by root");
            }
            boolean writableMatters = (directory && (mode & S_ISVTX) == 0) || regular;
            if (writableMatters && (mode & S_IWOTH) != 0) {
                return Optional.of(element + " is writable by others (mode " + octal(mode) + ")");
            }
            if (writableMatters && gid != 0 && (mode & S_IWGRP) != 0) {
                return Optional.of(element + " is writable by group " + gid + " (mode " + octal(mode) + ")");
            }
        }
        return Optional.empty();
    }

    /** The first directory from {@code /} down to {@code dir} that {@code runAs} may not search. */
    private static Optional<Path> unsearchable(Path dir, RunAs runAs) throws ScriptRefused {
        List<Path> dirs = new ArrayList<>();
        for (Path p = dir; p != null; p = p.getParent()) {
            dirs.addFirst(p);
        }
        for (Path d : dirs) {
            try {
                int mode = (Integer) Files.getAttribute(d, "unix:mode");
                if (runAs.uid() != 0 && !executable(mode, (Integer) Files.getAttribute(d, "unix:uid"),
                        (Integer) Files.getAttribute(d, "unix:gid"), runAs)) {
                    return Optional.of(d);
                }
            } catch (IOException e) {
                throw new ScriptRefused("cannot access " + d + ": " + reason(e));
            }
        }
        return Optional.empty();
    }

    /** keepalived's is_executable: root needs any x bit; others the bit of their class. */
    private static boolean executable(int mode, int fileUid, int fileGid, RunAs runAs) {
        if (runAs.uid() == 0) {
            return (mode & S_IXANY) != 0;
        }
        if (runAs.uid() == fileUid) {
            return (mode & S_IXUSR) != 0;
        }
        return runAs.gid() == fileGid ? (mode & S_IXGRP) != 0 : (mode & S_IXOTH) != 0;
    }

    private static Path searchPath(String program, RunAs runAs) throws ScriptRefused {
        String path = System.getenv().getOrDefault("PATH", DEFAULT_PATH);
        boolean denied = false;
        for (String dir : path.split(":", -1)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program).toAbsolutePath();
            try {
                if (!Files.isRegularFile(candidate)) {
                    continue;
                }
                int mode = (Integer) Files.getAttribute(candidate, "unix:mode");
                int uid = (Integer) Files.getAttribute(candidate, "unix:uid");
                int gid = (Integer) Files.getAttribute(candidate, "unix:gid");
                if (executable(mode, uid, gid, runAs)) {
                    return candidate;
                }
                denied = true;
            } catch (IOException e) {
                // not there for us: the next directory may have it
            }
        }
        throw new ScriptRefused(denied ? "not executable for " + runAs + " anywhere in PATH"
                : "cannot find " + program + " in PATH");
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static String octal(int mode) {
        return String.format("%04o", mode & 07777);
    }

    private static String reason(IOException e) {
        return e instanceof NoSuchFileException ? "no such file"
                : e instanceof AccessDeniedException ? "permission denied" : e.getMessage();
    }
}
