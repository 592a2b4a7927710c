package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.linux.Constants;
import io.keepwatch.linux.Libc;
import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.io.FileInputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * keepalived's notify FIFOs with a real reader: the lines keepalived writes, in order, the
 * {@code vrrp_notify_fifo_script} started with the FIFO's path, the FIFO keepwatch created removed
 * at the stop; and a reader that stops reading holds up no advert and no transition.
 */
@RequiresNetns
class NotifyFifoTest {

    static final InetAddress VIP = InetAddress.ofLiteral("10.77.0.100");
    static final Duration START = Lan.START_UP;
    static final Duration CHANGE = Duration.ofSeconds(15);

    private static Path executable(Lan lan, String name, String text) throws IOException {
        Path script = lan.write(name, text);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** A vrrp_script that fails while {@code fail} exists. */
    private static String check(Path script, int weight) {
        return "vrrp_script chk {\n  script \"" + script + "\"\n  interval 1\n  weight " + weight + "\n}\n";
    }

    @Test
    void theFifoScriptReadsEveryChangeInOrderAndTheFifoGoesAtTheStop() throws Exception {
        try (Lan lan = Lan.create("itfifo", 1)) {
            Lan.Host host = lan.host(1);
            Path fifo = lan.dir().resolve("vrrp.fifo");
            Path out = lan.dir().resolve("read");
            Path args = lan.dir().resolve("args");
            Path reader = executable(lan, "reader.sh",
                    // keepalived's sample reader too reads on after the SIGTERM of a stop, up to the end of file
                    "#!/bin/sh\ntrap '' TERM\necho \"$*\" > '" + args + "'\nfor fifo; do :; done\n"
                            + "exec cat \"$fifo\" >> '" + out + "'\n");
            Path fail = lan.dir().resolve("fail");
            Path chk = executable(lan, "check.sh", "#!/bin/sh\n[ ! -e '" + fail + "' ]\n");
            String config = VrrpConf.file("fifo", VrrpConf.v3("VI_1", 51, 150).set("state", "MASTER")
                    .vip("10.77.0.100/24").line("track_script {\n    chk\n  }"))
                    .replace("global_defs {\n", "global_defs {\n  vrrp_notify_fifo " + fifo + "\n"
                            + "  vrrp_notify_fifo_script \"" + reader + " --from-keepwatch\"\n"
                            + "  vrrp_notify_priority_changes\n")
                    + check(chk, -50) + "vrrp_sync_group G {\n  group {\n    VI_1\n  }\n  sync_group_tracking_weight\n}\n";
            KeepwatchProcess daemon = lan.keepwatch(host, config);
            host.watch().awaitPresent("eth0", VIP, START);
            awaitLine(out, "INSTANCE \"VI_1\" MASTER 150");
            assertThat(Files.readString(args).trim()).isEqualTo("--from-keepwatch " + fifo);
            assertThat(Files.getAttribute(fifo, "unix:mode", LinkOption.NOFOLLOW_LINKS))
                    .as("a FIFO (S_IFIFO) rw-r--r--, as keepalived creates it").isEqualTo(0010644);
            daemon.awaitLog("check chk is now UP", CHANGE);

            Files.writeString(fail, "");
            awaitLine(out, "INSTANCE \"VI_1\" MASTER_PRIORITY 100");
            Files.delete(fail);
            awaitLine(out, "INSTANCE \"VI_1\" MASTER_PRIORITY 150");

            daemon.signal("TERM");
            assertThat(daemon.awaitExit(CHANGE)).isZero();
            awaitLine(out, "GROUP \"G\" STOP 0");
            List<String> lines = Files.readAllLines(out);
            assertThat(lines).containsSubsequence("INSTANCE \"VI_1\" MASTER 150",
                    "INSTANCE \"VI_1\" MASTER_PRIORITY 100", "INSTANCE \"VI_1\" MASTER_PRIORITY 150",
                    "INSTANCE \"VI_1\" STOP 150");
            assertThat(lines).contains("GROUP \"G\" BACKUP 0", "GROUP \"G\" MASTER 0");
            assertThat(fifo).as("the FIFO keepwatch created").doesNotExist();
        }
    }

    @Test
    void aReaderThatStopsReadingHoldsUpNoTransition() throws Exception {
        try (Lan lan = Lan.create("itfifos", 2)) {
            Lan.Host a = lan.host(1), b = lan.host(2);
            Path fifo = lan.dir().resolve("stalled.fifo");
            assertThat(Libc.mkfifo(fifo.toString(), 0600)).isTrue();
            Path fail = lan.dir().resolve("fail");
            Path chk = executable(lan, "check.sh", "#!/bin/sh\n[ ! -e '" + fail + "' ]\n");
            String config = VrrpConf.file("a", VrrpConf.v3("VI_1", 51, 200).set("advert_int", "0.5")
                    .vip("10.77.0.100/24").line("track_script {\n    chk\n  }"))
                    .replace("global_defs {\n", "global_defs {\n  notify_fifo " + fifo + "\n")
                    + check(chk, -150);
            KeepwatchProcess daemon = lan.keepwatch(a, config);
            lan.keepwatch(b, VrrpConf.v3("VI_1", 51, 100).set("advert_int", "0.5").vip("10.77.0.100/24").file("b"));
            lan.awaitOnlyHolder(a, VIP, START);
            daemon.awaitLog("check chk is now UP", CHANGE);

            try (Arena arena = Arena.ofConfined(); FileInputStream reader = new FileInputStream(fifo.toFile())) {
                fillPipe(fifo, arena);
                // From here nothing reads: every line keepwatch writes waits on a full pipe.
                Files.writeString(fail, "");
                daemon.awaitLog("notify_fifo .*stalled.fifo: its reader does not read", CHANGE);
                lan.awaitOnlyHolder(b, VIP, CHANGE);
                daemon.awaitLog("\\(VI_1\\) Entering BACKUP STATE", CHANGE);
                Files.delete(fail);
                lan.awaitOnlyHolder(a, VIP, CHANGE);

                // The reader reads again: the lines come, in order, after what filled the pipe.
                StringBuilder read = new StringBuilder();
                Deadline.await("the backlog on the FIFO", CHANGE, () -> {
                    drain(reader, read);
                    int backup = read.indexOf("INSTANCE \"VI_1\" BACKUP 50");
                    return backup > read.lastIndexOf("#") && read.lastIndexOf("INSTANCE \"VI_1\" MASTER 200") > backup;
                });
                daemon.awaitLog("notify_fifo .*stalled.fifo: its reader reads again", CHANGE);
            }
            daemon.signal("TERM");
            assertThat(daemon.awaitExit(CHANGE)).isZero();
            assertThat(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS)).as("a FIFO keepwatch did not create stays").isTrue();
        }
    }

    /** Writes '#' until the pipe behind {@code fifo} holds no more, as a reader that stopped leaves it. */
    private static void fillPipe(Path fifo, Arena arena) throws Exception {
        int fd = Libc.open(fifo.toString(), Constants.O_RDWR | Constants.O_NONBLOCK);
        try {
            byte[] hashes = new byte[4096];
            Arrays.fill(hashes, (byte) '#');
            MemorySegment page = arena.allocate(hashes.length);
            MemorySegment.copy(hashes, 0, page, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, hashes.length);
            while (Libc.write(fd, page) > 0) {
                // a page at a time until a whole one does not fit
            }
            while (Libc.write(fd, page.asSlice(0, 1)) > 0) {
                // then byte by byte until not one fits
            }
        } finally {
            Libc.close(fd);
        }
    }

    private static void drain(FileInputStream in, StringBuilder into) {
        try {
            int n;
            while ((n = in.available()) > 0) {
                into.append(new String(in.readNBytes(n), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitLine(Path file, String line) throws InterruptedException {
        Deadline.await("'" + line + "' in " + file, CHANGE, () -> {
            try {
                return Files.exists(file) && Files.readAllLines(file).contains(line);
            } catch (IOException e) {
                return false;
            }
        });
    }
}
