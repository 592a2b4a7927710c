package io.keepwatch.config.bind;

import io.keepwatch.config.diagnostic.Diagnostics;
import io.keepwatch.config.model.AddressOptions;
import io.keepwatch.config.model.VirtualIpAddress;
import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.vrrp.AddressFamily;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Binds one line of {@code virtual_ipaddress}:
 * {@code IP[/len] [brd IP] [dev IFNAME] [scope SCOPE] [label LABEL] [peer IP[/len]] [no_track] [home]
 * [-nodad] [mngtmpaddr] [noprefixroute] [autojoin] [preferred_lft N|forever]}.
 */
final class VirtualAddressBinder {
    private static final List<String> SCOPES = List.of("global", "site", "link", "host", "nowhere");

    private final Values values;
    private final Diagnostics diagnostics;

    VirtualAddressBinder(Values values) {
        this.values = values;
        this.diagnostics = values.diagnostics();
    }

    Optional<VirtualIpAddress> bind(ConfigNode line) {
        String text = line.keyword();
        int slash = text.indexOf('/');
        String addressText = slash < 0 ? text : text.substring(0, slash);
        Optional<InetAddress> address = Values.parseAddress(addressText);
        if (address.isEmpty()) {
            diagnostics.error(line.position(), "'" + text + "' is not an IP address");
            return Optional.empty();
        }
        int max = address.get() instanceof Inet4Address ? 32 : 128;
        int prefix = max;
        if (slash >= 0) {
            String p = text.substring(slash + 1);
            if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > max) {
                diagnostics.error(line.position(), "'" + text + "' has a prefix length that is not 0.." + max);
                return Optional.empty();
            }
            prefix = Integer.parseInt(p);
        }
        Optional<InetAddress> brd = Optional.empty();
        Optional<String> dev = Optional.empty(), scope = Optional.empty(), label = Optional.empty();
        boolean noTrack = false;
        boolean home = false, dad = false, mngtmpaddr = false, noprefixroute = false, autojoin = false;
        OptionalLong preferredLft = OptionalLong.empty();
        Optional<InetAddress> peer = Optional.empty();
        List<String> args = line.arguments();
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            switch (option) {
                case "no_track" -> noTrack = true;
                case "home" -> home = true;
                case "-nodad" -> dad = true;
                case "mngtmpaddr" -> mngtmpaddr = true;
                case "noprefixroute" -> noprefixroute = true;
                case "autojoin" -> autojoin = true;
                case "preferred_lft" -> {
                    String value = i + 1 < args.size() ? args.get(++i) : "";
                    if (value.equals("forever")) {
                        preferredLft = OptionalLong.of(AddressOptions.FOREVER);
                    } else if (value.matches("\\d{1,10}") && Long.parseLong(value) <= AddressOptions.FOREVER) {
                        preferredLft = OptionalLong.of(Long.parseLong(value));
                    } else {
                        diagnostics.warning(line.position(), "preferred_lft '" + value + "' of virtual address "
                                + text + " is neither a number of seconds nor forever; ignored");
                    }
                }
                case "peer" -> {
                    String value = i + 1 < args.size() ? args.get(++i) : "";
                    if (peer.isPresent()) {
                        diagnostics.warning(line.position(), "peer " + value + " of address " + text
                                + ": another peer is given already; ignored");
                    } else {
                        peer = peer(line, text, value, address.get(), slash >= 0 && prefix != max);
                        if (peer.isPresent()) {
                            prefix = peerPrefix(value, max);
                        }
                    }
                }
                case "track_group" -> {
                    i++;
                    // static_ipaddress lines lose theirs to StaticTrackGroupBinder first
                    diagnostics.warning(line.position(), "option 'track_group' of address " + text
                            + " belongs to static_ipaddress lines only; ignored");
                }
                default -> { }
            }
            if (List.of("no_track", "home", "-nodad", "mngtmpaddr", "noprefixroute", "autojoin", "preferred_lft",
                    "peer", "track_group").contains(option)) {
                continue;
            }
            if (!List.of("brd", "broadcast", "dev", "scope", "label").contains(option)) {
                diagnostics.warning(line.position(), "unknown option '" + option + "' of virtual address " + text + "; ignored");
                continue;
            }
            if (i + 1 >= args.size()) {
                diagnostics.error(line.position(), "option '" + option + "' of virtual address " + text + " needs a value");
                return Optional.empty();
            }
            String value = args.get(++i);
            switch (option) {
                case "brd", "broadcast" -> {
                    var b = values.address(line, value);
                    if (b.isEmpty()) return Optional.empty();
                    if (AddressFamily.of(b.get()) != AddressFamily.of(address.get())) {
                        diagnostics.error(line.position(), "broadcast " + value + " is not of the family of " + text);
                        return Optional.empty();
                    }
                    brd = b;
                }
                case "dev" -> dev = Optional.of(value);
                case "scope" -> {
                    if (!SCOPES.contains(value)) {
                        diagnostics.error(line.position(), "scope '" + value
                                + "' is not one of global, site, link, host, nowhere");
                        return Optional.empty();
                    }
                    scope = Optional.of(value);
                }
                default -> label = Optional.of(value);
            }
        }
        if (peer.isPresent() && brd.isPresent()) {
            diagnostics.warning(line.position(), "address " + text + " has both a broadcast and a peer address;"
                    + " the broadcast address is ignored");
            brd = Optional.empty();
        }
        return Optional.of(new VirtualIpAddress(address.get(), prefix, brd, dev, scope, label, noTrack,
                new AddressOptions(home, dad, mngtmpaddr, noprefixroute, autojoin, preferredLft, peer)));
    }

    /**
     * {@code peer ADDRESS[/len]}, as keepalived reads it: an invalid peer or one of the other family
     * is warned about and the address goes without; a prefix written on the address itself gives
     * way to the peer's.
     */
    private Optional<InetAddress> peer(ConfigNode line, String text, String value, InetAddress address,
                                       boolean addressHasPrefix) {
        int slash = value.indexOf('/');
        Optional<InetAddress> peer = Values.parseAddress(slash < 0 ? value : value.substring(0, slash));
        int max = address instanceof Inet4Address ? 32 : 128;
        if (peer.isEmpty() || (slash >= 0 && (!value.substring(slash + 1).matches("\\d{1,3}")
                || Integer.parseInt(value.substring(slash + 1)) > max))) {
            diagnostics.warning(line.position(), "peer '" + value + "' of address " + text
                    + " is not an address; the address is added without a peer");
            return Optional.empty();
        }
        if (AddressFamily.of(peer.get()) != AddressFamily.of(address)) {
            diagnostics.warning(line.position(), "peer " + value + " of address " + text
                    + " is of another family; the address is added without a peer");
            return Optional.empty();
        }
        if (addressHasPrefix) {
            diagnostics.warning(line.position(), "address " + text + " has a peer: its prefix length is the peer's,"
                    + " and the one written on the address is ignored");
        }
        return peer;
    }

    private static int peerPrefix(String value, int max) {
        int slash = value.indexOf('/');
        return slash < 0 ? max : Integer.parseInt(value.substring(slash + 1));
    }
}
