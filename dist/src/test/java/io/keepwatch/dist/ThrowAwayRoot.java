package io.keepwatch.dist;

import io.keepwatch.testing.NetnsCondition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A throw-away copy-on-write view of this machine's root file system, to install a package into for
 * real (maintainer scripts and all) without touching the machine.
 *
 * <p>Every step enters a new private mount namespace ({@code unshare --mount}) and mounts there an
 * overlay whose lower layer is {@code /}, read only, and whose upper layer is {@code upper/} in this
 * root's directory; on top come a new {@code /proc}, the host's {@code /dev}, and empty tmpfs
 * {@code /run} and {@code /tmp}. The step then runs chrooted into the overlay. Whatever it writes
 * lands in {@code upper/} and is there for the next step; the host's files, dpkg database and users
 * stay as they were. The mounts live only in the namespace and go with its last process, so nothing
 * is ever mounted on the host, and {@link #close} just deletes the directory.
 *
 * <p>The view sees what lies on the root file system alone (a separate {@code /usr} would be
 * missing), and its empty {@code /run} means no systemd runs in it: as in a chroot or an image build.
 * It needs root, {@code unshare}, {@code chroot} and overlayfs; {@link #whyUnusable} says what is
 * missing.
 */
final class ThrowAwayRoot implements AutoCloseable {

    /** Mounts the view and runs {@code $3...} in it: "copy FILE PATH" from the host, or "run SCRIPT ARGS...". */
    private static final String STEP = """
            set -e
            dir=$1 mode=$2
            shift 2
            view=$dir/merged
            mount -t overlay keepwatch-throwaway -o "lowerdir=/,upperdir=$dir/upper,workdir=$dir/work" "$view"
            mount -t proc proc "$view/proc"
            mount --rbind /dev "$view/dev"
            mount -t tmpfs tmpfs "$view/run"
            mount -t tmpfs tmpfs "$view/tmp"
            case $mode in
                copy) exec cp -- "$1" "$view$2" ;;
                run) script=$1; shift; exec chroot "$view" /bin/sh -c "$script" sh "$@" ;;
            esac
            """;

    private final Path dir;

    private ThrowAwayRoot(Path dir) {
        this.dir = dir;
    }

    /** A fresh view, its upper layer empty, kept in a new directory under {@code parent}. */
    static ThrowAwayRoot create(Path parent) throws IOException {
        Path dir = Files.createTempDirectory(parent, "root-");
        for (String sub : List.of("upper", "work", "merged")) {
            Files.createDirectory(dir.resolve(sub));
        }
        return new ThrowAwayRoot(dir);
    }

    /**
     * Why no view can be made on this machine, or null when one can: checks root and the commands,
     * then mounts a view under {@code parent} once.
     */
    static String whyUnusable(Path parent) throws IOException, InterruptedException {
        if (!NetnsCondition.isRoot()) {
            return "a throw-away root needs root (mount namespaces, overlayfs, chroot)";
        }
        for (String command : List.of("unshare", "chroot", "mount", "dpkg")) {
            if (Dist.run("sh", "-c", "command -v " + command).exitCode() != 0) {
                return "a throw-away root needs " + command;
            }
        }
        try (ThrowAwayRoot trial = create(parent)) {
            Dist.Result result = trial.run("test -x /bin/sh");
            return result.exitCode() == 0 ? null
                    : "no overlay of / could be mounted here: " + result.output().strip();
        }
    }

    /** Copies {@code file} from the host to {@code path} in the view. */
    void copyIn(Path file, String path) throws IOException, InterruptedException {
        Dist.Result result = step("copy", file.toString(), path);
        if (result.exitCode() != 0) {
            throw new AssertionError("copying " + file + " into the throw-away root failed: " + result.output());
        }
    }

    /** Runs {@code script} with /bin/sh in the view, as root, with {@code args} as $1...; C locale. */
    Dist.Result run(String script, String... args) throws IOException, InterruptedException {
        List<String> rest = new ArrayList<>(List.of(script));
        rest.addAll(List.of(args));
        return step("run", rest.toArray(String[]::new));
    }

    /** Which of {@code paths} exist in the view (a dangling link counts). */
    List<String> existing(String... paths) throws IOException, InterruptedException {
        Dist.Result result = run("for p; do if [ -e \"$p\" ] || [ -L \"$p\" ]; then echo \"$p\"; fi; done", paths);
        if (result.exitCode() != 0) {
            throw new AssertionError("looking for files in the throw-away root failed: " + result.output());
        }
        return result.output().lines().toList();
    }

    private Dist.Result step(String mode, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "--",
                "sh", "-c", STEP, "sh", dir.toString(), mode));
        command.addAll(List.of(args));
        return Dist.run(command, Map.of("LC_ALL", "C"));
    }

    /** Deletes the upper layer and the directories: nothing is mounted outside a running step. */
    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
