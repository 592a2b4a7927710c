package io.keepwatch.config.bind;

import io.keepwatch.config.diagnostic.Diagnostics;
import io.keepwatch.plugin.api.ConfigNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Without {@code dynamic_interfaces}, keepalived 2.2.7 refuses a file that names an interface the
 * host does not have: each such name is reported where it stands, then the VRRP process stops with
 * a configuration error ({@code keepalived -t} exits 5) and nothing runs. The names it looks up are
 * an instance's {@code interface} and {@code vrf} (a VRF device, which a kernel without VRF support
 * cannot have), {@code track_interface} entries (of instances and sync groups),
 * {@code dev} of address lines, {@code dev}/{@code oif} of route lines, {@code dev}/{@code iif}/
 * {@code oif} of rule lines and the interfaces of a {@code garp_group}. With the keyword they are
 * waited for instead, so nothing is reported.
 */
public final class MissingInterfaces {
    private static final Set<String> ADDRESS_BLOCKS = Set.of("virtual_ipaddress", "virtual_ipaddress_excluded",
            "static_ipaddress");
    private static final Set<String> ROUTE_BLOCKS = Set.of("virtual_routes", "static_routes");
    private static final Set<String> RULE_BLOCKS = Set.of("virtual_rules", "static_rules");
    /** IFNAMSIZ - 1: a longer name is refused by the binders, not looked up. */
    private static final int MAX_NAME = 15;

    private final Predicate<String> exists;
    private final boolean refuse;
    private final Diagnostics diagnostics;

    private MissingInterfaces(Predicate<String> exists, boolean refuse, Diagnostics diagnostics) {
        this.exists = exists;
        this.refuse = refuse;
        this.diagnostics = diagnostics;
    }

    /**
     * Reports the interfaces the top-level blocks {@code top} name that {@code exists} denies: as
     * errors when {@code refuse} (the file is about to run here), else as warnings (a check of a file
     * that may be meant for another host).
     */
    public static void check(List<ConfigNode> top, Predicate<String> exists, boolean refuse, Diagnostics diagnostics) {
        MissingInterfaces check = new MissingInterfaces(exists, refuse, diagnostics);
        for (ConfigNode block : top) {
            switch (block.keyword()) {
                case "vrrp_instance" -> check.instance(block);
                case "vrrp_sync_group" -> check.trackInterfaces(block, "vrrp_sync_group " + name(block));
                case "garp_group" -> check.garpGroup(block);
                default -> check.lines(block, "");
            }
        }
    }

    private void instance(ConfigNode block) {
        String owner = "vrrp_instance " + name(block);
        boolean hasInterface = false;
        for (ConfigNode n : block.children()) {
            if (n.keyword().equals("interface") && !n.arguments().isEmpty()) {
                require(n, n.arguments().getFirst(), owner);
                hasInterface = true;
            } else if (n.keyword().equals("vrf") && !n.arguments().isEmpty() && !hasInterface) {
                // after interface, keepalived ignores vrf without looking it up
                require(n, n.arguments().getFirst(), "vrf of " + owner);
            }
        }
        trackInterfaces(block, owner);
        block.children().forEach(n -> lines(n, " of " + owner));
    }

    private void trackInterfaces(ConfigNode block, String owner) {
        for (ConfigNode n : block.children("track_interface")) {
            for (ConfigNode entry : n.children()) {
                require(entry, entry.keyword(), "track_interface of " + owner);
            }
        }
    }

    private void garpGroup(ConfigNode block) {
        for (ConfigNode n : block.children()) {
            if (n.keyword().equals("interface") && !n.arguments().isEmpty()) {
                require(n, n.arguments().getFirst(), "garp_group");
            } else if (n.keyword().equals("interfaces")) {
                for (ConfigNode line : n.children()) {
                    require(line, line.keyword(), "garp_group");
                    line.arguments().forEach(name -> require(line, name, "garp_group"));
                }
            }
        }
    }

    /** The lines of {@code block} when it is an address, route or rule block. */
    private void lines(ConfigNode block, String owner) {
        if (ADDRESS_BLOCKS.contains(block.keyword())) {
            block.children().forEach(line -> named(line, Set.of("dev"), "address line" + owner));
        } else if (ROUTE_BLOCKS.contains(block.keyword())) {
            block.children().forEach(line -> named(line, Set.of("dev", "oif"), "route" + owner));
        } else if (RULE_BLOCKS.contains(block.keyword())) {
            block.children().forEach(line -> named(line, Set.of("dev", "iif", "oif"), "rule" + owner));
        }
    }

    /** Each word of {@code line} that follows one of {@code options}. */
    private void named(ConfigNode line, Set<String> options, String owner) {
        List<String> words = new ArrayList<>();
        words.add(line.keyword());
        words.addAll(line.arguments());
        for (int i = 0; i + 1 < words.size(); i++) {
            if (options.contains(words.get(i))) {
                require(line, words.get(i + 1), owner);
            }
        }
    }

    private void require(ConfigNode at, String name, String owner) {
        if (name.length() > MAX_NAME || exists.test(name)) {
            return;
        }
        String missing = "interface " + name + " of " + owner + " does not exist";
        String rule = "without dynamic_interfaces in global_defs every interface the file names must exist at start";
        if (refuse) {
            diagnostics.error(at.position(), missing + "; " + rule);
        } else {
            diagnostics.warning(at.position(), missing + " on this host: keepwatch run would refuse the file here ("
                    + rule + ")");
        }
    }

    private static String name(ConfigNode block) {
        return block.arguments().isEmpty() ? "" : block.arguments().getFirst();
    }
}
