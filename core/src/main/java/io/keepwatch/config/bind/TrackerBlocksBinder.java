package io.keepwatch.config.bind;

import io.keepwatch.config.diagnostic.Diagnostics;
import io.keepwatch.config.model.TrackFileConfig;
import io.keepwatch.config.model.TrackProcessConfig;
import io.keepwatch.config.model.TrackProcessConfig.ParamMatch;
import io.keepwatch.plugin.api.ConfigNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Binds the top-level {@code track_file} (or {@code vrrp_track_file}) and {@code vrrp_track_process}
 * blocks, with keepalived's rules (keepalived/trackers/track_file.c, keepalived/vrrp/vrrp_parser.c).
 */
final class TrackerBlocksBinder {
    /** keepalived's bound on a tracked file's or process's weight. */
    static final int MAX_WEIGHT = 254;
    private static final int MAX_QUORUM = 65_535;
    private static final long MAX_DELAY_SECONDS = 3600;

    private final Values values;
    private final Diagnostics diagnostics;

    TrackerBlocksBinder(Values values) {
        this.values = values;
        this.diagnostics = values.diagnostics();
    }

    Optional<TrackFileConfig> file(ConfigNode block) {
        String name = block.arguments().getFirst();
        if (block.keyword().equals("vrrp_track_file")) {
            diagnostics.warning(block.position(), "vrrp_track_file is deprecated; read as track_file");
        }
        int before = diagnostics.all().size();
        String file = null;
        int weight = TrackFileConfig.DEFAULT_WEIGHT;
        boolean reverse = false;
        Optional<TrackFileConfig.InitFile> init = Optional.empty();
        for (ConfigNode n : block.children()) {
            switch (n.keyword()) {
                case "file" -> {
                    Optional<String> path = values.word(n);
                    if (file != null && path.isPresent()) {
                        diagnostics.warning(n.position(), "track_file " + name + ": file already set; "
                                + path.get() + " ignored");
                    } else if (path.isPresent()) {
                        file = path.get();
                    }
                }
                case "weight" -> {
                    OptionalInt w = values.integer(n, -MAX_WEIGHT, MAX_WEIGHT);
                    if (w.isPresent()) weight = w.getAsInt();
                    reverse = reverse(n, "track_file " + name);
                }
                case "init_file" -> init = Optional.of(initFile(n, name));
                default -> diagnostics.warning(n.position(), "unknown keyword '" + n.keyword() + "' in track_file "
                        + name + "; ignored");
            }
        }
        if (file == null) diagnostics.error(block.position(), "track_file " + name + " has no file");
        if (values.errorsSince(before)) return Optional.empty();
        return Optional.of(new TrackFileConfig(name, file, weight, reverse, init));
    }

    private TrackFileConfig.InitFile initFile(ConfigNode n, String name) {
        int value = 0;
        boolean overwrite = false;
        for (String word : n.arguments()) {
            if (word.equals("overwrite")) {
                overwrite = true;
            } else if (Character.isDigit(word.charAt(0)) || word.charAt(0) == '-') {
                OptionalInt v = values.integer(n, word, Integer.MIN_VALUE, Integer.MAX_VALUE);
                if (v.isPresent()) {
                    value = v.getAsInt();
                    if (value < -MAX_WEIGHT || value > MAX_WEIGHT) {
                        // keepalived writes it all the same, after the same warning
                        diagnostics.warning(n.position(), "track_file " + name + ": init_file value " + value
                                + " is outside the sensible range -254..254");
                    }
                }
            } else {
                diagnostics.warning(n.position(), "track_file " + name + ": unknown init_file option '" + word
                        + "'; ignored");
            }
        }
        return new TrackFileConfig.InitFile(value, overwrite);
    }

    Optional<TrackProcessConfig> process(ConfigNode block) {
        String name = block.arguments().getFirst();
        String label = "vrrp_track_process " + name;
        int before = diagnostics.all().size();
        String process = null;
        List<String> parameters = List.of();
        ParamMatch match = ParamMatch.NONE;
        boolean fullCommand = false;
        int weight = 0;
        boolean reverse = false;
        int quorum = 1;
        int quorumMax = TrackProcessConfig.NO_QUORUM_MAX;
        Duration forkDelay = Duration.ZERO;
        Duration terminateDelay = Duration.ZERO;
        for (ConfigNode n : block.children()) {
            switch (n.keyword()) {
                case "process" -> {
                    Optional<String> word = values.word(n);
                    if (process != null && word.isPresent()) {
                        diagnostics.warning(n.position(), label + ": process already set; " + word.get() + " ignored");
                    } else if (word.isPresent()) {
                        process = word.get();
                        parameters = new ArrayList<>(n.arguments().subList(1, n.arguments().size()));
                        if (!parameters.isEmpty()) {
                            // keepalived: arguments mean the whole command line is compared, exactly by default
                            fullCommand = true;
                            if (match == ParamMatch.NONE) match = ParamMatch.EXACT;
                        }
                    }
                }
                case "param_match" -> {
                    Optional<ParamMatch> m = paramMatch(n, label);
                    if (m.isPresent()) {
                        match = m.get();
                        fullCommand = true;
                    }
                }
                case "full_command" -> fullCommand = true;
                case "weight" -> {
                    OptionalInt w = values.integer(n, -MAX_WEIGHT, MAX_WEIGHT);
                    if (w.isPresent()) weight = w.getAsInt();
                    reverse = reverse(n, label);
                }
                case "quorum" -> {
                    OptionalInt q = values.integer(n, 1, MAX_QUORUM);
                    if (q.isPresent() && q.getAsInt() > quorumMax) {
                        diagnostics.warning(n.position(), label + ": quorum " + q.getAsInt()
                                + " is more than quorum_max " + quorumMax + "; ignored");
                    } else if (q.isPresent()) {
                        quorum = q.getAsInt();
                    }
                }
                case "quorum_max" -> {
                    OptionalInt q = values.integer(n, 0, MAX_QUORUM);
                    if (q.isEmpty()) break;
                    int max = q.getAsInt();
                    // keepalived allows quorum_max 0 (the process must not run) when no quorum was set
                    if ((max != 0 || quorum > 1) && max < quorum) {
                        diagnostics.warning(n.position(), label + ": quorum_max " + max + " is less than quorum "
                                + quorum + "; ignored");
                    } else {
                        quorumMax = max;
                        quorum = max == 0 ? 0 : Math.max(quorum, 1);
                    }
                }
                case "delay" -> {
                    Optional<Duration> d = delay(n);
                    if (d.isPresent()) {
                        forkDelay = d.get();
                        terminateDelay = d.get();
                    }
                }
                case "fork_delay" -> forkDelay = delay(n).orElse(forkDelay);
                case "terminate_delay" -> terminateDelay = delay(n).orElse(terminateDelay);
                default -> diagnostics.warning(n.position(), "unknown keyword '" + n.keyword() + "' in " + label
                        + "; ignored");
            }
        }
        if (process == null) diagnostics.error(block.position(), label + " has no process");
        if (values.errorsSince(before)) return Optional.empty();
        return Optional.of(new TrackProcessConfig(name, process, parameters, match, weight, reverse, quorum, quorumMax,
                forkDelay, terminateDelay, fullCommand));
    }

    private Optional<ParamMatch> paramMatch(ConfigNode n, String label) {
        if (n.arguments().isEmpty()) return Optional.of(ParamMatch.EXACT);
        return switch (n.arguments().getFirst()) {
            case "initial" -> Optional.of(ParamMatch.INITIAL);
            case "partial" -> Optional.of(ParamMatch.PARTIAL);
            default -> {
                diagnostics.warning(n.position(), label + ": param_match '" + n.arguments().getFirst()
                        + "' is neither initial nor partial; ignored");
                yield Optional.empty();
            }
        };
    }

    private Optional<Duration> delay(ConfigNode n) {
        return values.seconds(n, MAX_DELAY_SECONDS).filter(d -> {
            if (d.isZero()) diagnostics.error(n.position(), n.keyword() + " must be more than 0");
            return !d.isZero();
        });
    }

    /** {@code weight N [reverse]}: whether {@code reverse} follows; anything else is warned about. */
    private boolean reverse(ConfigNode n, String label) {
        if (n.arguments().size() < 2) return false;
        if (n.arguments().get(1).equals("reverse") && n.arguments().size() == 2) return true;
        diagnostics.warning(n.position(), label + ": weight may only be followed by 'reverse'; '"
                + String.join(" ", n.arguments().subList(1, n.arguments().size())) + "' ignored");
        return false;
    }
}
