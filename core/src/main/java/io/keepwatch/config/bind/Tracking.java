package io.keepwatch.config.bind;

import io.keepwatch.config.model.NotifyScript;
import io.keepwatch.config.model.NotifyScripts;
import io.keepwatch.config.model.TrackedInterface;
import io.keepwatch.config.model.TrackedScript;
import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.SourcePosition;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The keywords instances and sync groups share: track_interface, track_script and notify*, and the
 * entry form that track_file and track_process share with track_script.
 */
final class Tracking {
    static final int MAX_WEIGHT = 253;

    private final Values values;
    private final Set<String> trackableScripts;
    private final Predicate<String> scriptReverse;
    /** Where each entry was written, for the warnings of {@link TrackingRules}. */
    private final Map<Object, SourcePosition> positions = new IdentityHashMap<>();

    /**
     * @param trackableScripts names of every vrrp_script and vrrp_check, which track_script may name
     * @param scriptReverse    whether the named script's own {@code weight} has {@code reverse}
     */
    Tracking(Values values, Set<String> trackableScripts, Predicate<String> scriptReverse) {
        this.values = values;
        this.trackableScripts = trackableScripts;
        this.scriptReverse = scriptReverse;
    }

    /** The line an entry made by this object was read from. */
    SourcePosition positionOf(Object entry) {
        return positions.get(entry);
    }

    List<TrackedInterface> interfaces(ConfigNode block) {
        List<TrackedInterface> out = new ArrayList<>();
        for (ConfigNode entry : values.block(block)) {
            Weight w = weight(entry, false, MAX_WEIGHT);
            if (w != null) {
                out.add(new TrackedInterface(entry.keyword(), w.value.orElse(0), Boolean.TRUE.equals(w.reverse)));
                positions.put(out.getLast(), entry.position());
            }
        }
        return out;
    }

    List<TrackedScript> scripts(ConfigNode block) {
        return entries(block, "track_script", trackableScripts::contains, "vrrp_script or vrrp_check", scriptReverse,
                MAX_WEIGHT);
    }

    /**
     * The entries of a {@code track_script}, {@code track_file} or {@code track_process} block:
     * {@code NAME [weight N [reverse|noreverse]]}, NAME one that {@code known} accepts.
     *
     * @param kinds     what NAME must name, for the error
     * @param reverseOf whether the named object's own {@code weight} has {@code reverse}
     */
    List<TrackedScript> entries(ConfigNode block, String keyword, Predicate<String> known, String kinds,
                                Predicate<String> reverseOf, int maxWeight) {
        List<TrackedScript> out = new ArrayList<>();
        for (ConfigNode entry : values.block(block)) {
            if (!known.test(entry.keyword())) {
                values.diagnostics().error(entry.position(), keyword + " '" + entry.keyword() + "' names no " + kinds);
                continue;
            }
            Weight w = weight(entry, true, maxWeight);
            if (w != null) {
                // keepalived (alloc_track_script, vrrp_alloc_track_file, alloc_track_process): "weight N"
                // without reverse/noreverse keeps the tracked object's own reverse
                boolean reverse = w.value.isPresent() && (w.reverse != null ? w.reverse : reverseOf.test(entry.keyword()));
                out.add(new TrackedScript(entry.keyword(), w.value, reverse));
                positions.put(out.getLast(), entry.position());
            }
        }
        return out;
    }

    /** @param reverse true, false ({@code noreverse}), or null when neither was written */
    private record Weight(OptionalInt value, Boolean reverse) {}

    /**
     * {@code NAME [weight N [reverse]]}, and for a script also {@code noreverse}; null (after an
     * error) when the line is unusable.
     */
    private Weight weight(ConfigNode entry, boolean script, int maxWeight) {
        List<String> args = entry.arguments();
        String form = script ? "'weight N [reverse|noreverse]'" : "'weight N [reverse]'";
        if (args.isEmpty()) return new Weight(OptionalInt.empty(), null);
        if (!args.getFirst().equals("weight") || args.size() < 2) {
            values.diagnostics().error(entry.position(), "'" + entry.keyword() + "' may only be followed by " + form);
            return null;
        }
        ConfigNode asWeight = new ConfigNode("weight", args.subList(1, args.size()), List.of(), entry.position());
        OptionalInt value = values.integer(asWeight, -maxWeight, maxWeight);
        if (value.isEmpty()) return null;
        Boolean reverse = null;
        if (args.size() > 2) {
            boolean known = args.get(2).equals("reverse") || script && args.get(2).equals("noreverse");
            if (!known || args.size() > 3) {
                values.diagnostics().error(entry.position(), "'" + entry.keyword() + "' may only be followed by " + form);
                return null;
            }
            reverse = args.get(2).equals("reverse");
        }
        return new Weight(value, reverse);
    }

    /** Whether this keyword is a notify script; if so, records it in {@code into}. */
    boolean notify(ConfigNode n, NotifyScripts[] into) {
        NotifyScripts s = into[0];
        switch (n.keyword()) {
            case "notify" -> notifyScript(n).ifPresent(v -> into[0] = new NotifyScripts(Optional.of(v), s.master(), s.backup(), s.fault(), s.stop()));
            case "notify_master" -> notifyScript(n).ifPresent(v -> into[0] = new NotifyScripts(s.any(), Optional.of(v), s.backup(), s.fault(), s.stop()));
            case "notify_backup" -> notifyScript(n).ifPresent(v -> into[0] = new NotifyScripts(s.any(), s.master(), Optional.of(v), s.fault(), s.stop()));
            case "notify_fault" -> notifyScript(n).ifPresent(v -> into[0] = new NotifyScripts(s.any(), s.master(), s.backup(), Optional.of(v), s.stop()));
            case "notify_stop" -> notifyScript(n).ifPresent(v -> into[0] = new NotifyScripts(s.any(), s.master(), s.backup(), s.fault(), Optional.of(v)));
            default -> {
                return false;
            }
        }
        return true;
    }

    private Optional<NotifyScript> notifyScript(ConfigNode n) {
        return notifyScript(values, n);
    }

    /**
     * {@code SCRIPT [username [groupname]]}: the script is one word, quoted when it has arguments
     * (every keepalived keyword that names a script with its user reads it so).
     */
    static Optional<NotifyScript> notifyScript(Values values, ConfigNode n) {
        List<String> args = n.arguments();
        if (args.size() > 3) {
            values.diagnostics().error(n.position(), n.keyword()
                    + " takes a script and at most a user and a group; quote a script that has arguments");
            return Optional.empty();
        }
        Optional<String> user = args.size() > 1 ? Optional.of(args.get(1)) : Optional.empty();
        Optional<String> group = args.size() > 2 ? Optional.of(args.get(2)) : Optional.empty();
        return values.command(n, args.isEmpty() ? List.of() : List.of(args.getFirst()))
                .map(c -> new NotifyScript(c, user, group));
    }
}
