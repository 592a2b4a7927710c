package io.keepwatch.plugins.e2e;

import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.KeepwatchProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Seeded fault trials on an {@link EtcdLab}: each trial starts from a steady state (the
 * highest-priority daemon alone holds the VIP, every other one is a BACKUP candidate), injects one
 * fault at a time its seed picks (and on the etcd member or host it picks), waits until a healthy
 * host alone holds the VIP again, undoes the fault and waits for the steady state. The observer
 * judges it: never two holders, and how long no healthy host held the VIP.
 */
final class EtcdTrials {

    /** How the instances use etcd. */
    enum Mode {
        /** VRRP elects, the witness fences ({@code witness main}). */
        WITNESS,
        /** No VRRP, the key's holder is master ({@code election main}). */
        ELECTION,
        /** VRRP alone, no witness: the baseline for failover times. */
        VRRP
    }

    /** A fault and what is expected of it. */
    enum Scenario {
        /** kill -9 of the holder's daemon: its VIP stays in its kernel until the address lifetime runs out. */
        KILL_HOLDER(Mode.WITNESS),
        /** SIGTERM to the holder: it releases the key as it leaves MASTER. */
        STOP_HOLDER(Mode.WITNESS),
        /** The holder cut from etcd but not from its peer: VRRP says stay, the witness says go. */
        HOLDER_CUT_FROM_ETCD(Mode.WITNESS),
        /** etcd's raft leader killed: the holder keeps its lease through the election. */
        ETCD_LEADER_KILLED(Mode.WITNESS),
        /** One etcd member cut from the others: the majority serves on. */
        ETCD_MINORITY(Mode.WITNESS),
        /** The holder stopped (SIGSTOP) for longer than the TTL, then continued. */
        HOLDER_PAUSED(Mode.WITNESS),
        /** Election mode: kill -9 of the holder, then its restart preempts (a handover, never a grab). */
        ELECTION_KILL_HOLDER(Mode.ELECTION),
        /** Election mode: SIGTERM to the holder, then its restart preempts. */
        ELECTION_STOP_HOLDER(Mode.ELECTION),
        /** Plain VRRP: SIGTERM to the holder (baseline). */
        VRRP_STOP_HOLDER(Mode.VRRP);

        final Mode mode;

        Scenario(Mode mode) {
            this.mode = mode;
        }

        /**
         * The faults replayed in the suite, within its time budget. The bench harness runs the rest:
         * STOP_HOLDER and the VRRP baseline only measure, and a kill -9 of an election holder is in
         * the suite already as core's ElectionModeNetnsTest.
         */
        boolean inSuite() {
            return this != STOP_HOLDER && this != ELECTION_KILL_HOLDER && mode != Mode.VRRP;
        }
    }

    /**
     * One trial's outcome.
     *
     * @param failover from the fault to a healthy host alone holding the VIP (zero when the holder kept it)
     * @param longestGap the longest time after the fault during which no host held the VIP
     * @param doubles every moment two hosts held it
     * @param resigned from the fault to the VIP's leaving the old holder (a clean stop removes it right
     *                 after the priority-0 advert); {@code failover} less this is the takeover itself
     * @param servedGap the longest gap counted only while etcd served ({@link EtcdServing}): while no
     *                  member serves, no host can renew or take the key, and fencing leaves the VIP unheld
     */
    record Result(Scenario scenario, long seed, Duration failover, Duration longestGap, List<String> doubles,
                  String timeline, Duration resigned, Duration servedGap) {
        /** A holder within {@code bound} of the fault, and of etcd's serving again after any gap. */
        boolean live(Duration bound) {
            return failover.compareTo(bound) <= 0 && servedGap.compareTo(bound) <= 0;
        }
    }

    /** The lease TTL of every trial: 3 s, etcd's block default, unless the harness asks for another. */
    static final int TTL_SECONDS = Integer.getInteger("keepwatch.etcd.ttl", 3);
    /** How long a trial waits for something that should take a TTL: generous, a loaded host is slow. */
    static final Duration WAIT = Duration.ofSeconds(40);
    private static final Pattern STATE = Pattern.compile("\\(VI_1\\) Entering (\\w+) STATE");
    /**
     * The hosts' priorities, highest first: 150, 100 and 50 unless the harness names others
     * ({@code -Dkeepwatch.etcd.priorities=254,253}: a backup's Skew_Time is (256 - its priority) / 256
     * of {@code advert_int}, so a backup close to 255 takes over within a few milliseconds of the
     * master's priority-0 advert, before that master's release of the key can reach etcd).
     */
    private static final int[] PRIORITIES = priorities(System.getProperty("keepwatch.etcd.priorities", ""));

    private static int[] priorities(String named) {
        int[] defaults = {150, 100, 50};
        String[] words = named.isBlank() ? new String[0] : named.trim().split("[ ,]+");
        int[] out = defaults.clone();
        for (int i = 0; i < words.length && i < out.length; i++) {
            out[i] = Integer.parseInt(words[i]);
        }
        return out;
    }

    private final EtcdLab lab;
    private final int hostCount;
    private Mode mode;

    EtcdTrials(EtcdLab lab, int hostCount) {
        this.lab = lab;
        this.hostCount = hostCount;
    }

    /** Stops every daemon and starts them all in {@code mode}; waits for the steady state. */
    void startDaemons(Mode next) throws Exception {
        stopDaemons();
        this.mode = next;
        for (int i = 1; i <= hostCount; i++) {
            lab.keepwatch(lab.host(i), config(next, i));
        }
        awaitSteady();
    }

    /** Stops every daemon (SIGCONT first to one that is stopped), by pid; waits until nobody holds the VIP. */
    void stopDaemons() throws Exception {
        for (EtcdLab.Host h : running()) {
            lab.daemon(h).signal("CONT");
            lab.stop(h);
        }
        // A daemon killed in a failed trial may have left the VIP behind (the next start on the host
        // would remove it): the next daemons must start from a clean LAN.
        for (String host : lab.observer().holders()) {
            EtcdLab.Host h = lab.hosts().stream().filter(x -> x.name().equals(host)).findFirst().orElseThrow();
            lab.observer().mark("VIP left on " + h + " by a dead daemon, removed by hand");
            h.ns().exec("ip", "addr", "del", EtcdLab.VIP.getHostAddress() + "/24", "dev", "eth0");
        }
        lab.observer().awaitNoHolder(WAIT);
    }

    private List<EtcdLab.Host> running() {
        return lab.hosts().stream().filter(h -> lab.daemon(h) != null && lab.daemon(h).isAlive()).toList();
    }

    /** The configuration of host {@code number} in {@code mode}. */
    String config(Mode m, int number) {
        String witness = m == Mode.VRRP ? "" : """
                vrrp_witness main {
                  type etcd
                  endpoints %s
                  ttl %d
                  prefix /keepwatch-lab
                }
                """.formatted(lab.etcd().endpoints(), TTL_SECONDS);
        String instance = switch (m) {
            case ELECTION -> """
                    vrrp_instance VI_1 {
                      interface eth0
                      priority %d
                      virtual_ipaddress {
                        %s/24
                      }
                      election main
                    }
                    """.formatted(PRIORITIES[number - 1], EtcdLab.VIP.getHostAddress());
            case WITNESS, VRRP -> """
                    vrrp_instance VI_1 {
                      state BACKUP
                      interface eth0
                      virtual_router_id 51
                      priority %d
                      version 3
                      advert_int 0.2
                      virtual_ipaddress {
                        %s/24
                      }
                    %s}
                    """.formatted(PRIORITIES[number - 1], EtcdLab.VIP.getHostAddress(),
                    m == Mode.WITNESS ? "  witness main\n" : "");
        };
        return """
                global_defs {
                  router_id k%d
                }
                %s%s""".formatted(number, witness, instance);
    }

    /** The highest-priority daemon running: the one that holds the VIP when all is well. */
    private EtcdLab.Host expectedHolder() {
        return running().getFirst();
    }

    /**
     * Waits until the highest-priority daemon running alone holds the VIP and every other running
     * daemon's last transition was into BACKUP.
     */
    void awaitSteady() throws Exception {
        EtcdLab.Host holder = expectedHolder();
        lab.observer().awaitHeldBy(Set.of(holder.name()), Instant.now(), WAIT);
        for (EtcdLab.Host h : running()) {
            if (!h.equals(holder)) {
                KeepwatchProcess p = lab.daemon(h);
                Deadline.await(h + " in BACKUP\n" + p.log(), WAIT, () -> lastState(p).equals(Optional.of("BACKUP")));
            }
        }
        lab.observer().awaitHeldBy(Set.of(holder.name()), Instant.now(), WAIT);
    }

    private static Optional<String> lastState(KeepwatchProcess p) {
        Matcher m = STATE.matcher(p.log());
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        return Optional.ofNullable(last);
    }

    /** Runs one trial of {@code scenario} with {@code seed}, from and back to the steady state. */
    Result run(Scenario scenario, long seed) throws Exception {
        if (mode != scenario.mode) {
            startDaemons(scenario.mode);
        }
        awaitSteady();
        Random random = new Random(seed);
        VipObserver observer = lab.observer();
        int doublesBefore = observer.doubleHolders().size();
        Instant begin = observer.mark("trial " + scenario + " seed " + seed);
        try (EtcdServing serving = EtcdServing.watch(lab.etcd())) {
            return trial(scenario, seed, random, observer, doublesBefore, begin, serving);
        }
    }

    private Result trial(Scenario scenario, long seed, Random random, VipObserver observer, int doublesBefore,
                         Instant begin, EtcdServing serving) throws Exception {
        EtcdLab.Host holder = expectedHolder();
        Set<String> healthy = new LinkedHashSet<>(running().stream().map(EtcdLab.Host::name).toList());
        // The seed picks the moment within the VRRP advert and lease keep-alive cycles.
        Thread.sleep(random.nextInt(1000));
        Instant fault;
        Duration failover;
        switch (scenario) {
            case KILL_HOLDER, ELECTION_KILL_HOLDER -> {
                fault = Instant.now();
                lab.kill(holder);
                healthy.remove(holder.name());
                failover = observer.awaitHeldBy(healthy, fault, WAIT);
                restart(holder);
            }
            case STOP_HOLDER, ELECTION_STOP_HOLDER, VRRP_STOP_HOLDER -> {
                fault = Instant.now();
                lab.stop(holder);
                healthy.remove(holder.name());
                failover = observer.awaitHeldBy(healthy, fault, WAIT);
                restart(holder);
            }
            case HOLDER_CUT_FROM_ETCD -> {
                fault = Instant.now();
                lab.cutFromEtcd(holder);
                healthy.remove(holder.name());
                failover = observer.awaitHeldBy(healthy, fault, WAIT);
                lab.reconnectToEtcd(holder);
            }
            case ETCD_LEADER_KILLED -> {
                EtcdCluster.Member leader = lab.etcd().awaitLeader(List.of(), WAIT);
                fault = observer.mark("kill -9 of etcd leader " + leader);
                lab.etcd().kill(leader);
                lab.etcd().awaitLeader(List.of(leader), WAIT);
                // Past a TTL, a lease that was not kept alive through the election has run out.
                Thread.sleep(Duration.ofSeconds(TTL_SECONDS));
                failover = observer.awaitHeldBy(healthy, fault, WAIT);
                lab.etcd().restart(leader);
            }
            case ETCD_MINORITY -> {
                List<EtcdCluster.Member> members = lab.etcd().members();
                EtcdCluster.Member cut = members.get(random.nextInt(members.size()));
                fault = observer.mark("etcd member " + cut + " cut from its peers");
                lab.etcd().isolate(cut);
                // Held for a TTL: the session is renewed through the majority, or it has run out.
                Thread.sleep(Duration.ofSeconds(TTL_SECONDS));
                failover = observer.awaitHeldBy(healthy, fault, WAIT);
                observer.mark("etcd member " + cut + " rejoins");
                lab.etcd().heal(cut);
                lab.etcd().awaitHealthy(members, WAIT);
            }
            case HOLDER_PAUSED -> {
                fault = Instant.now();
                lab.pause(holder);
                healthy.remove(holder.name());
                failover = observer.awaitHeldBy(healthy, fault, WAIT);
                // Stopped past the TTL by a seeded margin, then woken: it must not hold the VIP again
                // before the other host has let it go.
                Instant wake = fault.plus(Duration.ofSeconds(TTL_SECONDS)).plusMillis(500 + random.nextInt(2000));
                Duration left = Duration.between(Instant.now(), wake);
                if (!left.isNegative()) {
                    Thread.sleep(left);
                }
                lab.resume(holder);
            }
            default -> throw new IllegalArgumentException(scenario.toString());
        }
        awaitSteady();
        Instant end = observer.mark("trial " + scenario + " seed " + seed + " ends");
        List<String> doubles = observer.doubleHolders();
        Duration took = failover;
        Duration resigned = observer.lostBy(holder.name(), fault).filter(d -> d.compareTo(took) <= 0).orElse(took);
        return new Result(scenario, seed, failover, observer.longestGap(fault, end),
                List.copyOf(doubles.subList(doublesBefore, doubles.size())), observer.render(begin), resigned,
                observer.longestGap(fault, end, serving.outages(end)));
    }

    private void restart(EtcdLab.Host host) throws Exception {
        lab.keepwatch(host, config(mode, lab.hosts().indexOf(host) + 1));
    }

    /** A table line per scenario: trials, violations, failover percentiles. */
    static String summary(List<Result> results) {
        StringBuilder out = new StringBuilder();
        out.append("| scenario | trials | two holders | over ttl + 1 s | failover p50 | p99 | max | longest gap max"
                + " | while etcd served |\n");
        out.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Scenario s : Scenario.values()) {
            List<Result> rs = results.stream().filter(r -> r.scenario() == s).toList();
            if (rs.isEmpty()) {
                continue;
            }
            List<Duration> failovers = rs.stream().map(Result::failover).sorted().toList();
            Duration bound = Duration.ofSeconds(TTL_SECONDS + 1L);
            out.append("| ").append(s.name().toLowerCase().replace('_', '-'))
                    .append(" | ").append(rs.size())
                    .append(" | ").append(rs.stream().filter(r -> !r.doubles().isEmpty()).count())
                    .append(" | ").append(rs.stream().filter(r -> !r.live(bound)).count())
                    .append(" | ").append(ms(percentile(failovers, 50)))
                    .append(" | ").append(ms(percentile(failovers, 99)))
                    .append(" | ").append(ms(failovers.getLast()))
                    .append(" | ").append(ms(rs.stream().map(Result::longestGap).max(Duration::compareTo).orElseThrow()))
                    .append(" | ").append(ms(rs.stream().map(Result::servedGap).max(Duration::compareTo).orElseThrow()))
                    .append(" |\n");
        }
        return out.toString();
    }

    static Duration percentile(List<Duration> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static String ms(Duration d) {
        return d.toMillis() + " ms";
    }

    /** Every trial with two holders, with its timeline; VRRP alone (the baseline) fences nothing and is left out. */
    static String violations(List<Result> results) {
        return results.stream().filter(r -> r.scenario().mode != Mode.VRRP && !r.doubles().isEmpty())
                .map(r -> r.scenario() + " seed " + r.seed() + ":\n  " + String.join("\n  ", r.doubles()) + "\n" + r.timeline())
                .collect(Collectors.joining("\n"));
    }
}
