package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The process keywords of global_defs, read back from the kernel: the scheduling policy of each
 * thread (chrt, /proc/PID/task/TID), the nice value (ps), CPU affinity, locked memory and umask
 * (/proc/PID/status), the names of the process and of the VRRP thread.
 */
@RequiresNetns
class ProcessTuningTest {

    static final InetAddress VIP = InetAddress.ofLiteral("10.78.0.100");

    private static String file(String globals) {
        return "global_defs {\n  router_id tune\n  vrrp_garp_master_delay 0\n" + globals + "}\n"
                + VrrpConf.v3("VI_1", 61, 200).vip("10.78.0.100/24").block();
    }

    @Test
    void realtimePriorityGoesToTheVrrpThreadsAndTheRestToTheProcess() throws Exception {
        try (Lan lan = Lan.create("itsched", 1)) {
            Lan.Host host = lan.host(1);
            KeepwatchProcess daemon = lan.keepwatch(host, file("""
                      vrrp_rt_priority 20
                      vrrp_cpu_affinity 0
                      vrrp_no_swap
                      umask 0027
                      process_name kw_tune
                      vrrp_process_name kw_vrrp
                    """));
            lan.awaitOnlyHolder(host, VIP, Duration.ofSeconds(20));
            long pid = daemon.pid();

            int vrrp = awaitThread(pid, "kw_vrrp");
            assertThat(chrt(vrrp)).contains("SCHED_RR|SCHED_RESET_ON_FORK").contains("priority: 20");
            List<Integer> receivers = threads(pid, "keepwatch-rx");
            assertThat(receivers).isNotEmpty();
            for (int tid : receivers) {
                assertThat(chrt(tid)).contains("SCHED_RR|SCHED_RESET_ON_FORK").contains("priority: 20");
            }
            // every other thread (GC, compiler, netlink watcher, HTTP) keeps the normal policy
            int netlink = threads(pid, "keepwatch-netl").getFirst();
            assertThat(chrt(netlink)).contains("SCHED_OTHER");
            assertThat(Files.readString(Path.of("/proc/" + pid + "/task/" + vrrp + "/sched")))
                    .containsPattern("policy\\s+:\\s+2");
            assertThat(limits(pid)).containsPattern("Max realtime timeout\\s+250000\\s+500000\\s+us");

            String status = Files.readString(Path.of("/proc/" + pid + "/status"));
            assertThat(status).containsPattern("Cpus_allowed_list:\\s+0\\n").contains("Umask:\t0027");
            assertThat(kilobytes(status, "VmLck")).isPositive();
            for (int tid : allThreads(pid)) {
                assertThat(Files.readString(Path.of("/proc/" + pid + "/task/" + tid + "/status")))
                        .as("thread %d", tid).containsPattern("Cpus_allowed_list:\\s+0\\n");
            }
            assertThat(Files.readString(Path.of("/proc/" + pid + "/comm")).strip()).isEqualTo("kw_tune");
            assertThat(daemon.isAlive()).isTrue();
        }
    }

    @Test
    void withoutVrrpRtPriorityTheVrrpThreadsRunAtTheLowestRealtimePriority() throws Exception {
        try (Lan lan = Lan.create("itrtdef", 1)) {
            Lan.Host host = lan.host(1);
            KeepwatchProcess daemon = lan.keepwatch(host, file(""));
            lan.awaitOnlyHolder(host, VIP, Duration.ofSeconds(20));
            long pid = daemon.pid();

            int vrrp = awaitThread(pid, "keepwatch-vrrp");
            assertThat(chrt(vrrp)).contains("SCHED_RR|SCHED_RESET_ON_FORK").contains("priority: 1");
            List<Integer> receivers = threads(pid, "keepwatch-rx");
            assertThat(receivers).isNotEmpty();
            for (int tid : receivers) {
                assertThat(chrt(tid)).contains("SCHED_RR|SCHED_RESET_ON_FORK").contains("priority: 1");
            }
            assertThat(chrt(threads(pid, "keepwatch-netl").getFirst())).contains("SCHED_OTHER");
            // keepwatch's floor, not keepalived's 10 ms, which a JVM thread can outrun
            assertThat(limits(pid)).containsPattern("Max realtime timeout\\s+250000\\s+500000\\s+us");
            assertThat(daemon.isAlive()).isTrue();
        }
    }

    @Test
    void niceForTheProcessAndPriorityRaisedWhenTimersRunLate() throws Exception {
        try (Lan lan = Lan.create("itnice", 1)) {
            Lan.Host host = lan.host(1);
            // a timer run 1 us late counts as late, so each of the first late timers raises a step
            KeepwatchProcess daemon = lan.keepwatch(host, file("""
                      vrrp_priority 7
                      max_auto_priority 3
                      min_auto_priority_delay 1
                      vrrp_cpu_affinity 4000
                    """));
            lan.awaitOnlyHolder(host, VIP, Duration.ofSeconds(20));
            long pid = daemon.pid();
            daemon.awaitLog("realtime priority raised to 3", Duration.ofSeconds(20));
            int vrrp = awaitThread(pid, "keepwatch-vrrp");
            Deadline.await("the VRRP thread at SCHED_RR 3", Duration.ofSeconds(10),
                    () -> chrt(vrrp).contains("priority: 3"));
            assertThat(chrt(vrrp)).contains("SCHED_RR");
            assertThat(ps(pid, "ni")).isEqualTo("7");
            // the other threads too (those the VRRP threads start take the normal nice value, SCHED_RESET_ON_FORK)
            int netlink = threads(pid, "keepwatch-netl").getFirst();
            String stat = Files.readString(Path.of("/proc/" + pid + "/task/" + netlink + "/stat"));
            assertThat(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]).as("nice of %s", netlink).isEqualTo("7");
            // a CPU that is not there is a warning; the daemon runs on
            assertThat(daemon.log()).contains("vrrp_cpu_affinity: CPU [4000] is not online");
            assertThat(daemon.log()).doesNotContain("realtime priority raised to 4");
            assertThat(daemon.isAlive()).isTrue();
        }
    }

    private static int kilobytes(String status, String field) {
        return status.lines().filter(l -> l.startsWith(field + ":")).findFirst()
                .map(l -> Integer.parseInt(l.replaceAll("\\D", ""))).orElseThrow();
    }

    private static String limits(long pid) throws IOException {
        return Files.readString(Path.of("/proc/" + pid + "/limits"));
    }

    private static int awaitThread(long pid, String comm) throws InterruptedException {
        Deadline.await("thread " + comm, Duration.ofSeconds(20), () -> !threads(pid, comm).isEmpty());
        return threads(pid, comm).getFirst();
    }

    /** The threads whose name starts with {@code prefix}. */
    private static List<Integer> threads(long pid, String prefix) {
        return allThreads(pid).stream().filter(tid -> comm(pid, tid).map(c -> c.startsWith(prefix)).orElse(false))
                .toList();
    }

    private static List<Integer> allThreads(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            return tasks.map(p -> Integer.valueOf(p.getFileName().toString())).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Optional<String> comm(long pid, int tid) {
        try {
            return Optional.of(Files.readString(Path.of("/proc/" + pid + "/task/" + tid + "/comm")).strip());
        } catch (IOException gone) {
            return Optional.empty();
        }
    }

    private static String chrt(int tid) {
        return run("chrt", "-p", Integer.toString(tid));
    }

    private static String ps(long pid, String field) {
        return run("ps", "-o", field + "=", "-p", Long.toString(pid)).strip();
    }

    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
