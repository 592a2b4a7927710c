package io.keepwatch.runtime.net;

import io.keepwatch.linux.Libc;
import io.keepwatch.linux.NativeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel settings under /proc/sys/net that this process changed and has not put back yet, with
 * the value each had before, kept on disk as well as in memory: a run ended by kill -9 never puts
 * them back, so the next start in the same network namespace does ({@link #restoreLeftovers}),
 * before it changes anything itself. Each change is written to the file before it is made, and
 * leaves the file once it is undone. A setting is put back only if it still has the value set here,
 * as at a stop: a value someone changed since is theirs.
 *
 * <p>The file is {@code /run/keepwatch/sysctls.netns-COOKIE}, one per network namespace: the
 * settings are the namespace's, and its cookie (SO_NETNS_COOKIE) is never reused while the host
 * runs, unlike its inode number. /run is emptied at boot, when the kernel forgets the changes too.
 * Thread-safe.
 */
public final class SysctlLedger {

    private static final Logger LOG = LoggerFactory.getLogger(SysctlLedger.class);
    private static final Path DIRECTORY = Path.of("/run/keepwatch");
    private static final String ROOT = "/proc/sys/net/";

    /** A setting changed from {@code original} to {@code value}. */
    private record Change(int original, int value) {}

    private final Map<Path, Change> changes = new LinkedHashMap<>();
    /** Empty once the namespace's file cannot be named; the ledger is then kept in memory only. */
    private Optional<Path> file;
    private boolean writeFailed;

    /** The ledger of the calling thread's network namespace. */
    public SysctlLedger() {
        this.file = null;
    }

    private Optional<Path> file() {
        if (file == null) {
            try {
                file = Optional.of(DIRECTORY.resolve("sysctls.netns-" + Long.toUnsignedString(Libc.netnsCookie())));
            } catch (NativeException e) {
                LOG.warn("cannot tell the network namespace ({}); settings changed here are not put back after"
                        + " a kill -9", e.getMessage());
                file = Optional.empty();
            }
        }
        return file;
    }

    /**
     * At start, before anything is changed: puts back each setting a killed run left changed (if it
     * still has the value that run set) and empties the ledger.
     */
    public synchronized void restoreLeftovers() {
        Optional<Path> at = file();
        if (at.isEmpty()) {
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(at.get());
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", at.get(), e.getMessage());
            return;
        }
        for (String line : lines) {
            String[] words = line.strip().split(" ", 3);
            if (words.length != 3 || !words[2].startsWith(ROOT) || words[2].contains("/../")) {
                continue;
            }
            try {
                restore(Path.of(words[2]), new Change(Integer.parseInt(words[0]), Integer.parseInt(words[1])),
                        " (left by an earlier run)");
            } catch (NumberFormatException e) {
                LOG.debug("{}: line '{}' ignored", at.get(), line);
            }
        }
        changes.clear();
        save();
    }

    /**
     * Records that {@code sysctl} is about to go from {@code original} to {@code value}; call it
     * before the change. A setting changed again keeps its first original.
     */
    synchronized void changing(Path sysctl, int original, int value) {
        Change before = changes.get(sysctl);
        changes.put(sysctl, new Change(before == null ? original : before.original(), value));
        save();
    }

    /** Records that {@code sysctl} has been put back (or was left as someone else set it). */
    synchronized void restored(Path sysctl) {
        if (changes.remove(sysctl) != null) {
            save();
        }
    }

    private static void restore(Path sysctl, Change change, String why) {
        String name = name(sysctl);
        if (Sysctl.read(sysctl).orElse(change.original()) != change.value()) {
            LOG.info("{} no longer {}, left as it is{}", name, change.value(), why);
            return;
        }
        try {
            Sysctl.write(sysctl, change.original());
            LOG.warn("{} reset to {}{}", name, change.original(), why);
        } catch (IOException e) {
            LOG.warn("cannot reset {} to {}{}: {}", name, change.original(), why, e.getMessage());
        }
    }

    /** net.ipv4.conf.eth0.arp_ignore for /proc/sys/net/ipv4/conf/eth0/arp_ignore. */
    static String name(Path sysctl) {
        String text = sysctl.toString();
        return text.startsWith(ROOT) ? "net." + text.substring(ROOT.length()).replace('/', '.') : text;
    }

    /** Writes the ledger to its file (a new file moved over the old one), or deletes the file when empty. */
    private void save() {
        Optional<Path> at = file();
        if (at.isEmpty()) {
            return;
        }
        try {
            if (changes.isEmpty()) {
                Files.deleteIfExists(at.get());
                return;
            }
            StringBuilder text = new StringBuilder();
            changes.forEach((p, c) -> text.append(c.original()).append(' ').append(c.value()).append(' ')
                    .append(p).append('\n'));
            Files.createDirectories(at.get().getParent());
            Path next = at.get().resolveSibling(at.get().getFileName() + ".new");
            Files.writeString(next, text);
            Files.move(next, at.get(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            writeFailed = false;
        } catch (IOException e) {
            if (!writeFailed) {
                LOG.warn("cannot write {}: {}; settings changed here are not put back after a kill -9", at.get(),
                        e.getMessage());
            }
            writeFailed = true;
        }
    }
}
