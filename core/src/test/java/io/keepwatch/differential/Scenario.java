package io.keepwatch.differential;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One differential case: the configuration file of each host of the {@link Topology}, the events
 * that happen after the daemons start, and the differences from keepalived that are known and
 * explained. A run starts every host's daemon, observes, then after each event observes again; it
 * always ends with {@link Event.StopAll}. A check-only scenario compares the configuration check and
 * starts nothing.
 *
 * @param advertInterval the longest advert_int of the files: how long a step must stay unchanged
 *                       before it is observed (a little over Master_Down_Interval)
 */
record Scenario(String name, Map<String, String> configs, List<Event> events, Duration advertInterval,
        boolean startsDaemons, List<Declared> declared) {

    /** Written in a file, this is replaced by a path that exists once {@link Event.CheckFails} happened on the host. */
    static final String CHECK_FAILED = "%CHECK_FAILED%";

    /** The parts of an observation a difference is found in. */
    enum Aspect {
        CONFIG_CHECK, ADDRESSES, ROUTING, STATES, ADVERTS;

        /** What each step observes, in the order reports show it. */
        static final java.util.List<Aspect> OBSERVED = java.util.List.of(ADDRESSES, ROUTING, STATES, ADVERTS);
    }

    /**
     * A difference that is known and explained: in {@code step} (or every step, {@code "*"}), the
     * {@code aspect} differs, because of {@code reason}. A racy one depends on how a race ends,
     * so it may or may not occur in a run.
     */
    record Declared(String step, Aspect aspect, String reason, boolean racy) {
        boolean covers(String step, Aspect aspect) {
            return (this.step.equals("*") || this.step.equals(step)) && this.aspect == aspect;
        }

        @Override
        public String toString() {
            return "[" + step + "] " + aspect + ": " + reason;
        }
    }

    /** A scenario where {@code hosts} (by default h1 and h2) run the same file. */
    static Scenario of(String name, String config, String... hosts) {
        Map<String, String> configs = new LinkedHashMap<>();
        for (String h : hosts.length == 0 ? new String[] {"h1", "h2"} : hosts) {
            configs.put(h, config);
        }
        return new Scenario(name, configs, List.of(), Duration.ofSeconds(1), true, List.of());
    }

    /** A scenario where the hosts run different files ({@code host, file, host, file ...}). */
    static Scenario perHost(String name, String... hostAndConfig) {
        Map<String, String> configs = new LinkedHashMap<>();
        for (int i = 0; i < hostAndConfig.length; i += 2) {
            configs.put(hostAndConfig[i], hostAndConfig[i + 1]);
        }
        return new Scenario(name, configs, List.of(), Duration.ofSeconds(1), true, List.of());
    }

    /** A file of keepalived's samples directory, unchanged. */
    static String sample(String fileName) {
        try {
            return Files.readString(Path.of("/usr/share/doc/keepalived/samples", fileName));
        } catch (IOException e) {
            throw new UncheckedIOException("keepalived's samples are not installed (Debian's keepalived package)", e);
        }
    }

    Scenario advertInterval(Duration interval) {
        return new Scenario(name, configs, events, interval, startsDaemons, declared);
    }

    /** Only the configuration check is compared; no daemon starts. */
    Scenario checkOnly() {
        return new Scenario(name, configs, events, advertInterval, false, declared);
    }

    Scenario then(Event event) {
        List<Event> more = new ArrayList<>(events);
        more.add(event);
        return new Scenario(name, configs, more, advertInterval, startsDaemons, declared);
    }

    /** {@code hosts} (by default every host with a file) reload their file changed by {@code edit}. */
    Scenario thenReload(String change, UnaryOperator<String> edit, String... hosts) {
        return then(new Event.Reload(hosts.length == 0 ? List.copyOf(configs.keySet()) : List.of(hosts), change, edit));
    }

    /** Declares a known difference; a declared difference that no longer occurs fails the scenario too. */
    Scenario differs(String step, Aspect aspect, String reason) {
        List<Declared> more = new ArrayList<>(declared);
        more.add(new Declared(step, aspect, reason, false));
        return new Scenario(name, configs, events, advertInterval, startsDaemons, more);
    }

    /**
     * Declares a known difference that depends on a race, so it occurs in some runs only; unlike
     * {@link #differs}, its absence does not fail the scenario.
     */
    Scenario mayDiffer(String step, Aspect aspect, String reason) {
        List<Declared> more = new ArrayList<>(declared);
        more.add(new Declared(step, aspect, reason, true));
        return new Scenario(name, configs, events, advertInterval, startsDaemons, more);
    }

    /** The events of a run: the scenario's own, then every daemon stops. */
    List<Event> steps() {
        List<Event> all = new ArrayList<>(events);
        all.add(new Event.StopAll());
        return all;
    }

    /** How long a step must stay unchanged: Master_Down_Interval (3 adverts plus skew) and a margin. */
    Duration quiet() {
        return advertInterval.multipliedBy(4).plusMillis(400);
    }

    @Override
    public String toString() {
        return name;
    }
}
