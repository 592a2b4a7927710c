package io.keepwatch.bench.checks;

import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.GlobalSettings;
import io.keepwatch.plugin.api.HealthCheck;
import io.keepwatch.plugin.api.HealthCheckSettings;
import io.keepwatch.plugin.api.SourcePosition;
import io.keepwatch.plugins.CheckScheduler;
import io.keepwatch.plugins.PluginHost;
import io.keepwatch.plugins.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * How many tcp or http health checks the daemon's {@link CheckScheduler} sustains at 1 s intervals:
 * N checks created by the bundled plugin jars (loaded through {@link PluginHost}, as the daemon does)
 * against a {@link CheckServer} on 127.0.0.1 in a child process. After a warm-up it measures, over a
 * steady window, the runs per second by result, the scheduling lag from {@code keepwatch.check.lag}
 * (p50/p99/p99.9 interpolated in its histogram buckets, window only) and this process's CPU time
 * divided by the wall time (1.0 = one core busy). Not a test: prints one Markdown table row.
 *
 * <pre>java -cp keepwatch-benchmarks.jar io.keepwatch.bench.checks.CheckLoad --type tcp|http --checks N
 *      [--seconds 30] [--warmup 10] [--interval 1] [--plugins DIR (default: plugins)]</pre>
 *
 * {@code --plugins} is the project's {@code plugins/} directory (the jars in
 * {@code check-TYPE/target/}); they are copied to a private directory first, since keepwatch refuses
 * plugin jars that other users could write.
 */
public final class CheckLoad {

    private CheckLoad() {
    }

    /** Runs one measurement; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        // Thousands of checks coming up would log a line each.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        // An overloaded run abandons thousands of runs a second, each logged: the window would
        // measure the logging. The reasons are tallied below instead.
        System.setProperty("org.slf4j.simpleLogger.log.io.keepwatch.plugins.CheckScheduler", "error");
        String type = "tcp";
        int checks = 1000;
        long seconds = 30;
        long warmup = 10;
        double interval = 1;
        Path plugins = Path.of("plugins");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--type" -> type = args[++i];
                case "--checks" -> checks = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Long.parseLong(args[++i]);
                case "--warmup" -> warmup = Long.parseLong(args[++i]);
                case "--interval" -> interval = Double.parseDouble(args[++i]);
                case "--plugins" -> plugins = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: CheckLoad --type tcp|http --checks N [--seconds S] [--warmup S]"
                            + " [--interval S] [--plugins DIR]");
                    System.exit(2);
                }
            }
        }
        if (!type.equals("tcp") && !type.equals("http")) {
            throw new IllegalArgumentException("--type must be tcp or http");
        }
        Path pluginDir = privateCopy(plugins, type);
        Process server = startServer(type, warmup + seconds + 60);
        try {
            int port = readPort(server);
            run(type, checks, seconds, warmup, interval, port, pluginDir, server);
        } finally {
            server.destroyForcibly();
            server.waitFor(5, TimeUnit.SECONDS);
            try (Stream<Path> files = Files.walk(pluginDir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        System.exit(0);
    }

    private static void run(String type, int checks, long seconds, long warmup, double interval, int port,
                            Path pluginDir, Process server) throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Map<String, LongAdder> downReasons = new ConcurrentHashMap<>();
        try (PluginHost host = new PluginHost(List.of(pluginDir), registry)) {
            host.start();
            if (!host.checkFactories().containsKey(type)) {
                throw new IllegalStateException("no plugin in " + pluginDir + " provides check type " + type
                        + ": " + host.problems());
            }
            GlobalSettings globals = GlobalSettings.of("bench");
            CheckScheduler scheduler = new CheckScheduler(Ticker.system(),
                    (name, up, message) -> {
                        if (!up) {
                            // Numbers (ports, times) vary per check: the shape of the message is the reason.
                            downReasons.computeIfAbsent(message.replaceAll("[0-9]+", "N"), k -> new LongAdder())
                                    .increment();
                        }
                    }, registry);
            for (int i = 0; i < checks; i++) {
                ConfigNode block = block("chk_" + i, type, port, interval);
                HealthCheck check = host.createCheck("chk_" + i, block, globals);
                scheduler.add("chk_" + i, check, HealthCheckSettings.of(block));
            }
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            try (scheduler) {
                long started = System.nanoTime();
                scheduler.start();
                // Every check starts in the same slot (start + k * interval), so runs come in bursts:
                // the window opens and closes half an interval after a slot, between two bursts,
                // and holds whole intervals, or the run rate would depend on where the edges fall.
                long intervalNanos = (long) (interval * 1e9);
                long slots = Math.max(1, Math.round(warmup / interval));
                long open = started + slots * intervalNanos + intervalNanos / 2;
                long close = open + Math.max(1, Math.round(seconds / interval)) * intervalNanos;
                Ticker.system().sleepUntil(open);
                Timer lag = registry.get(CheckScheduler.LAG_TIMER).timer();
                Snapshot before = Snapshot.take(registry, lag, os, server);
                Ticker.system().sleepUntil(close);
                Snapshot after = Snapshot.take(registry, lag, os, server);
                report(type, checks, before, after);
                downReasons.entrySet().stream()
                        .sorted(Map.Entry.<String, LongAdder>comparingByValue(
                                Comparator.comparingLong(LongAdder::sum)).reversed())
                        .limit(5).forEach(e -> System.err.println("  went down " + e.getValue().sum()
                                + " times (whole run, warm-up included): " + e.getKey()));
            }
        }
    }

    private record Snapshot(long wallNanos, long cpuNanos, long serverCpuTicks, Map<String, Double> runs,
                            CountAtBucket[] lag) {

        static Snapshot take(PrometheusMeterRegistry registry, Timer lag, com.sun.management.OperatingSystemMXBean os,
                             Process server) {
            Map<String, Double> runs = new TreeMap<>();
            for (Counter c : registry.find("keepwatch.check.runs").counters()) {
                runs.merge(c.getId().getTag("result"), c.count(), Double::sum);
            }
            return new Snapshot(System.nanoTime(), os.getProcessCpuTime(), cpuTicks(server.pid()), runs,
                    lag.takeSnapshot().histogramCounts());
        }
    }

    private static void report(String type, int checks, Snapshot a, Snapshot b) {
        double wall = (b.wallNanos - a.wallNanos) / 1e9;
        double cpu = (b.cpuNanos - a.cpuNanos) / 1e9 / wall;
        double serverCpu = (b.serverCpuTicks - a.serverCpuTicks) / 100.0 / wall;
        Map<String, Double> rate = new TreeMap<>();
        for (String result : List.of("up", "down", "timeout", "error")) {
            rate.put(result, (b.runs.getOrDefault(result, 0.0) - a.runs.getOrDefault(result, 0.0)) / wall);
        }
        double total = rate.values().stream().mapToDouble(Double::doubleValue).sum();
        String lag50 = percentile(a.lag, b.lag, 0.50);
        String lag99 = percentile(a.lag, b.lag, 0.99);
        String lag999 = percentile(a.lag, b.lag, 0.999);
        System.err.printf(Locale.ROOT, "window %.1f s: runs/s %s, lag p50 %s p99 %s p99.9 %s, cpu %.2f cores, server %.2f%n",
                wall, rate, lag50, lag99, lag999, cpu, serverCpu);
        // | impl | type | checks | runs/s (target) | up/s | failed/s | lag p50 | lag p99 | CPU (cores) |
        System.out.printf(Locale.ROOT, "| keepwatch | %s | %d | %.0f (%d) | %.0f | %.0f | %s | %s | %.3f (%.0f %%) |%n",
                type, checks, total, checks, rate.get("up"), total - rate.get("up"), lag50, lag99, cpu, cpu * 100);
    }

    /** The q-quantile of the values recorded between two cumulative bucket snapshots, interpolated linearly. */
    static String percentile(CountAtBucket[] before, CountAtBucket[] after, double q) {
        double total = after[after.length - 1].count() - before[before.length - 1].count();
        double countAll = total;
        if (countAll <= 0) {
            return "n/a";
        }
        double target = q * countAll;
        double previousBound = 0;
        double previousCount = 0;
        for (int i = 0; i < after.length; i++) {
            double bound = after[i].bucket(TimeUnit.MILLISECONDS);
            double count = after[i].count() - before[i].count();
            if (count >= target) {
                double inBucket = count - previousCount;
                double fraction = inBucket <= 0 ? 1 : (target - previousCount) / inBucket;
                return ms(previousBound + fraction * (bound - previousBound));
            }
            previousBound = bound;
            previousCount = count;
        }
        return "> " + ms(previousBound);
    }

    private static String ms(double millis) {
        return millis < 10 ? String.format(Locale.ROOT, "%.2f ms", millis) : String.format(Locale.ROOT, "%.0f ms", millis);
    }

    private static ConfigNode block(String name, String type, int port, double interval) {
        SourcePosition at = new SourcePosition("bench", 1, 1);
        List<ConfigNode> lines = new ArrayList<>();
        lines.add(line("type", type, at));
        if (type.equals("tcp")) {
            lines.add(line("connect_ip", "127.0.0.1", at));
            lines.add(line("connect_port", Integer.toString(port), at));
        } else {
            lines.add(line("url", "http://127.0.0.1:" + port + "/", at));
        }
        lines.add(line("interval", Double.toString(interval), at));
        return new ConfigNode("vrrp_check", List.of(name), lines, at);
    }

    private static ConfigNode line(String keyword, String value, SourcePosition at) {
        return new ConfigNode(keyword, List.of(value), List.of(), at);
    }

    // keepwatch refuses plugin jars that anyone but root (or its own user) could replace: the bench
    // loads copies from a fresh directory only this user can write.
    private static Path privateCopy(Path plugins, String type) throws IOException {
        Path dir = Files.createTempDirectory("kw-checkload-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path target = plugins.resolve("check-" + type).resolve("target");
        try (Stream<Path> jars = Files.list(target)) {
            List<Path> found = jars.filter(p -> p.getFileName().toString().matches("keepwatch-check-" + type + "-.*\\.jar"))
                    .toList();
            if (found.size() != 1) {
                throw new IllegalStateException("expected one plugin jar in " + target + ", found " + found
                        + " (build it: ./build -q -ntp -pl plugins/check-" + type + " -am package -DskipTests)");
            }
            Path copy = dir.resolve(found.getFirst().getFileName());
            Files.copy(found.getFirst(), copy);
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
        }
        return dir;
    }

    private static Process startServer(String type, long seconds) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(java, "-cp", System.getProperty("java.class.path"), CheckServer.class.getName(),
                "--type", type, "--seconds", Long.toString(seconds), "--exit-on-eof");
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static int readPort(Process server) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.US_ASCII));
        String first = out.readLine();
        if (first == null || !first.startsWith("port ")) {
            throw new IllegalStateException("check server did not start: " + first);
        }
        // Drain the server's progress lines so its pipe never fills.
        Thread.ofPlatform().daemon().start(() -> {
            try {
                while (out.readLine() != null) {
                    // discarded: the daemon side counts its own runs
                }
            } catch (IOException ignored) {
                // the server ended
            }
        });
        return Integer.parseInt(first.substring(5).trim());
    }

    /** utime + stime of a process, in clock ticks (USER_HZ, 100 on Linux), from /proc/PID/stat. */
    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
