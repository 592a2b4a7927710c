package io.keepwatch.config.bind;

import io.keepwatch.config.diagnostic.Diagnostics;
import io.keepwatch.config.model.RouteConfig;
import io.keepwatch.config.model.RuleConfig;
import io.keepwatch.config.model.StaticTrackGroup;
import io.keepwatch.config.model.VirtualIpAddress;
import io.keepwatch.plugin.api.ConfigNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The top-level {@code track_group NAME { group { INSTANCE ... } }} blocks and the
 * {@code track_group NAME} option of static address, route and rule lines, as keepalived reads them
 * (vrrp_parser.c, vrrp_static_track.c): a member that is no vrrp_instance is left out, a group left
 * without members is dropped, and a line naming a group that is not defined keeps no group; each
 * with a warning, since keepalived goes on.
 */
final class StaticTrackGroupBinder {
    private final Diagnostics diagnostics;
    /** Members of each group that was defined and kept, by name in file order. */
    private final Map<String, List<String>> members = new LinkedHashMap<>();
    private final Map<String, List<List<Integer>>> lines = new LinkedHashMap<>();

    /**
     * @param blocks    the top-level {@code track_group} blocks, in file order
     * @param instances the names of the {@code vrrp_instance} blocks
     */
    StaticTrackGroupBinder(Values values, List<ConfigNode> blocks, Set<String> instances) {
        this.diagnostics = values.diagnostics();
        Set<String> defined = new HashSet<>();
        for (ConfigNode block : blocks) {
            if (block.arguments().size() != 1) {
                diagnostics.warning(block.position(), "track_group must have a name; block ignored");
                continue;
            }
            String name = block.arguments().getFirst();
            if (!defined.add(name)) {
                diagnostics.warning(block.position(), "track_group " + name + " is already defined; block ignored");
                continue;
            }
            List<String> kept = new ArrayList<>();
            boolean listed = false;
            for (ConfigNode n : values.block(block)) {
                if (!n.keyword().equals("group")) {
                    OutOfScope.warn(diagnostics, n, " in track_group");
                    continue;
                }
                if (listed) {
                    diagnostics.warning(n.position(), "track_group " + name + ": group is already given; ignored");
                    continue;
                }
                listed = true;
                for (ConfigNode member : values.block(n)) {
                    List<String> names = new ArrayList<>(List.of(member.keyword()));
                    names.addAll(member.arguments());
                    for (String instance : names) {
                        if (instances.contains(instance)) {
                            if (!kept.contains(instance)) kept.add(instance);
                        } else {
                            diagnostics.warning(member.position(), "track_group " + name + ": no vrrp_instance "
                                    + instance + "; left out");
                        }
                    }
                }
            }
            if (kept.isEmpty()) {
                diagnostics.warning(block.position(), "track_group " + name
                        + " has no vrrp_instance; nothing tracks the lines that name it");
                continue;
            }
            members.put(name, kept);
            lines.put(name, List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
        }
    }

    /** A static line without its {@code track_group NAME}, and the group it names (empty when none or unknown). */
    record Stripped(ConfigNode line, Optional<String> group) {}

    /** Takes {@code track_group NAME} off {@code line} for the line's own binder, which does not know it. */
    Stripped strip(ConfigNode line) {
        List<String> args = new ArrayList<>();
        String group = null;
        for (int i = 0; i < line.arguments().size(); i++) {
            String word = line.arguments().get(i);
            if (!word.equals("track_group")) {
                args.add(word);
                continue;
            }
            if (i + 1 >= line.arguments().size()) {
                diagnostics.warning(line.position(), "option 'track_group' of " + line.keyword()
                        + " needs a group name; ignored");
                continue;
            }
            String name = line.arguments().get(++i);
            if (group != null) {
                diagnostics.warning(line.position(), "track_group " + name + " of " + line.keyword()
                        + " is a duplicate; ignored");
            } else if (!members.containsKey(name)) {
                diagnostics.warning(line.position(), "track_group " + name + " of " + line.keyword()
                        + " is not defined (a track_group block before this line); ignored");
                group = "";
            } else {
                group = name;
            }
        }
        Optional<String> named = Optional.ofNullable(group).filter(g -> !g.isEmpty());
        return new Stripped(new ConfigNode(line.keyword(), args, line.children(), line.position()), named);
    }

    void address(Stripped s, VirtualIpAddress address, int index) {
        // an address without dev goes on default_interface, so it always has an interface
        named(s, 0, index, true, address.noTrack(), "");
    }

    void route(Stripped s, RouteConfig route, int index) {
        named(s, 1, index, route.device().isPresent(), route.noTrack(), "dev");
    }

    void rule(Stripped s, RuleConfig rule, int index) {
        named(s, 2, index, rule.iif().isPresent(), rule.noTrack(), "iif (dev)");
    }

    /** Records the line at {@code index} of block {@code block} (addresses, routes, rules) under its group. */
    private void named(Stripped s, int block, int index, boolean hasInterface, boolean noTrack, String option) {
        s.group().ifPresent(g -> {
            if (!hasInterface) {
                diagnostics.warning(s.line().position(), "static " + s.line().keyword() + " with track_group " + g
                        + " has no " + option + "; the group does not track it");
            } else if (noTrack) {
                diagnostics.warning(s.line().position(), "static " + s.line().keyword() + " has both track_group "
                        + g + " and no_track; the group does not track it");
            }
            lines.get(g).get(block).add(index);
        });
    }

    List<StaticTrackGroup> groups() {
        return members.entrySet().stream().map(e -> {
            List<List<Integer>> l = lines.get(e.getKey());
            return new StaticTrackGroup(e.getKey(), e.getValue(), l.get(0), l.get(1), l.get(2));
        }).toList();
    }
}
