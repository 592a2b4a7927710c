package io.keepwatch.config.bind;

import io.keepwatch.config.diagnostic.Diagnostics;
import io.keepwatch.config.model.IpvlanConfig;
import io.keepwatch.config.model.VmacConfig;
import io.keepwatch.config.model.VmacNaming;
import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.SourcePosition;
import io.keepwatch.vrrp.AddressFamily;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The VMAC keywords of a {@code vrrp_instance} ({@code use_vmac}, {@code vmac_xmit_base},
 * {@code use_vmac_addr}, {@code use_ipvlan}) and of {@code global_defs} ({@code vmac_prefix},
 * {@code vmac_addr_prefix}), checked as keepalived's parser checks them: what cannot be used is
 * reported and left out, and the instance goes on without it.
 */
final class VmacBinder {

    /** Instance keywords this binder reads. */
    static final Set<String> INSTANCE_KEYWORDS = Set.of("use_vmac", "vmac_xmit_base", "use_vmac_addr", "use_ipvlan");
    /** IFNAMSIZ less the terminating NUL. */
    private static final int MAX_NAME = 15;
    private static final Pattern HEX_AND_COLONS = Pattern.compile("[0-9A-Fa-f:]+");

    private final Diagnostics diagnostics;
    /** VMAC names taken by earlier instances of the file: keepalived ignores a second use. */
    private final Set<String> takenNames = new HashSet<>();

    VmacBinder(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** One instance's VMAC keywords as they are read. */
    static final class Written {
        boolean enabled;
        String name;
        String mac;
        SourcePosition macAt;
        boolean xmitBase;
        SourcePosition xmitBaseAt;
        boolean useVmacAddr;
        boolean ipvlan;
        SourcePosition ipvlanAt;
        String ipvlanName;
        InetAddress ipvlanAddress;
        int ipvlanPrefix;
        IpvlanConfig.Mode ipvlanMode;
    }

    /** Reads one of {@link #INSTANCE_KEYWORDS} into {@code w}. */
    void read(ConfigNode n, Written w, String label) {
        switch (n.keyword()) {
            case "use_vmac" -> useVmac(n, w, label);
            case "vmac_xmit_base" -> {
                w.xmitBase = true;
                w.xmitBaseAt = n.position();
            }
            case "use_vmac_addr" -> w.useVmacAddr = true;
            case "use_ipvlan" -> useIpvlan(n, w, label);
            default -> throw new IllegalArgumentException(n.keyword());
        }
    }

    /** {@code use_vmac [NAME] [MAC]}: a word with a colon is the MAC, any other word the name (keepalived). */
    private void useVmac(ConfigNode n, Written w, String label) {
        w.enabled = true;
        List<String> args = n.arguments();
        for (int i = 0; i < args.size() && i < 2; i++) {
            String word = args.get(i);
            if (word.contains(":")) {
                if (w.mac != null) {
                    diagnostics.warning(n.position(), label + ": use_vmac: MAC address already given; '" + word
                            + "' ignored");
                } else {
                    w.mac = mac(n, word, label);
                    w.macAt = n.position();
                }
            } else {
                w.name = name(n, word, w.name, label + ": use_vmac");
            }
        }
        if (args.size() > 2) {
            diagnostics.warning(n.position(), label + ": use_vmac takes an interface name and a MAC address;"
                    + " the rest is ignored");
        }
    }

    /**
     * {@code use_ipvlan [NAME] [ADDRESS] [bridge|private|vepa]}, in any order, as keepalived reads it: a
     * mode word, an address (with an optional prefix length), else the name.
     */
    private void useIpvlan(ConfigNode n, Written w, String label) {
        if (w.ipvlan) {
            diagnostics.warning(n.position(), label + ": use_ipvlan already given; ignored");
            return;
        }
        w.ipvlan = true;
        w.ipvlanAt = n.position();
        for (String word : n.arguments()) {
            Optional<IpvlanConfig.Mode> mode = Arrays.stream(IpvlanConfig.Mode.values())
                    .filter(m -> m.keyword().equals(word)).findFirst();
            String[] cidr = word.split("/", 2);
            Optional<InetAddress> address = Values.parseAddress(cidr[0]);
            if (mode.isPresent()) {
                if (w.ipvlanMode != null) {
                    diagnostics.warning(n.position(), label + ": use_ipvlan: mode already given; '" + word + "' ignored");
                } else {
                    w.ipvlanMode = mode.get();
                }
            } else if (address.isPresent()) {
                int max = address.get() instanceof Inet4Address ? 32 : 128;
                Integer prefix = cidr.length == 1 ? Integer.valueOf(max) : prefixLength(cidr[1], max);
                if (prefix == null) {
                    diagnostics.warning(n.position(), label + ": use_ipvlan: invalid address " + word + "; ignored");
                } else if (w.ipvlanAddress != null) {
                    diagnostics.warning(n.position(), label + ": use_ipvlan: address already given; '" + word
                            + "' ignored");
                } else {
                    w.ipvlanAddress = address.get();
                    w.ipvlanPrefix = prefix;
                }
            } else {
                w.ipvlanName = name(n, word, w.ipvlanName, label + ": use_ipvlan");
            }
        }
    }

    private static Integer prefixLength(String text, int max) {
        try {
            int value = Integer.parseInt(text);
            return value >= 0 && value <= max ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The interface name {@code word} of a use_vmac or use_ipvlan line, or {@code current} when
     * keepalived would ignore it (a second name, an invalid one, one another instance took).
     */
    private String name(ConfigNode n, String word, String current, String what) {
        String ignored = null;
        if (current != null) {
            ignored = what + ": interface name already given; '" + word + "' ignored";
        } else if (!validName(word)) {
            ignored = what + ": interface name '" + word + "' is too long or has invalid characters; ignored";
        } else if (!takenNames.add(word)) {
            ignored = what + ": another vrrp_instance already uses " + word + "; name ignored";
        }
        if (ignored != null) {
            diagnostics.warning(n.position(), ignored);
            return current;
        }
        return word;
    }

    /** The kernel's dev_name_valid: 1..15 characters, no '/', ':' or white space, not "." or "..". */
    private static boolean validName(String name) {
        return !name.isEmpty() && name.length() <= MAX_NAME && !name.equals(".") && !name.equals("..")
                && name.chars().noneMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c));
    }

    /**
     * Five or six hex octets; five take the VRID as the sixth. A multicast address, or one of the
     * RFC 5798 virtual router MACs (00:00:5e:00:01:xx, 00:00:5e:00:02:xx), is refused as keepalived
     * refuses it. Null when refused.
     */
    private String mac(ConfigNode n, String text, String label) {
        String[] octets = text.endsWith(":") ? text.substring(0, text.length() - 1).split(":", -1) : text.split(":", -1);
        boolean valid = HEX_AND_COLONS.matcher(text).matches() && (octets.length == 5 || octets.length == 6);
        for (int i = 0; valid && i < octets.length; i++) {
            valid = !octets[i].isEmpty() && octets[i].length() <= 2;
        }
        if (!valid) {
            diagnostics.warning(n.position(), label + ": use_vmac: invalid MAC address " + text + "; ignored");
            return null;
        }
        int[] b = new int[octets.length];
        for (int i = 0; i < octets.length; i++) {
            b[i] = Integer.parseInt(octets[i], 16);
        }
        if ((b[0] & 0x01) != 0) {
            diagnostics.warning(n.position(), label + ": use_vmac: MAC address " + text + " is multicast; ignored");
            return null;
        }
        if (b[0] == 0 && b[1] == 0 && b[2] == 0x5e && b[3] == 0 && (b[4] == 1 || b[4] == 2)) {
            diagnostics.warning(n.position(), label + ": use_vmac: MAC address " + text
                    + " is an RFC 5798 virtual router address, which the VRID chooses; ignored");
            return null;
        }
        StringBuilder normal = new StringBuilder();
        for (int i = 0; i < b.length; i++) {
            normal.append(i == 0 ? "" : ":").append(String.format(Locale.ROOT, "%02x", b[i]));
        }
        return normal.toString();
    }

    /**
     * The instance's VMAC after keepalived's cross-checks: unicast needs {@code vmac_xmit_base} (set,
     * with a warning); {@code vmac_xmit_base} needs {@code use_vmac}, and neither it nor a given MAC
     * may be used with {@code vrrp_strict} (cleared, with a warning).
     */
    VmacConfig complete(Written w, String label, boolean unicast, boolean strict, SourcePosition blockAt,
                        AddressFamily family) {
        if (w.ipvlan && w.enabled) {
            // keepalived makes the ipvlan when both are given
            diagnostics.warning(w.ipvlanAt, label + ": use_vmac and use_ipvlan; the ipvlan is made, use_vmac ignored");
            w.enabled = false;
        }
        Optional<IpvlanConfig> ipvlan = ipvlan(w, label, family);
        if (w.xmitBase && !w.enabled) {
            diagnostics.warning(w.xmitBaseAt, label + ": vmac_xmit_base is only valid with use_vmac; ignored");
            w.xmitBase = false;
        }
        if (!w.enabled) {
            return w.useVmacAddr || ipvlan.isPresent()
                    ? new VmacConfig(false, Optional.empty(), Optional.empty(), false, w.useVmacAddr, ipvlan)
                    : VmacConfig.NONE;
        }
        if (strict && w.mac != null) {
            diagnostics.warning(w.macAt, label + ": use_vmac: a MAC address cannot be given with vrrp_strict;"
                    + " cleared");
            w.mac = null;
        }
        if (unicast && !w.xmitBase) {
            diagnostics.warning(blockAt, label + ": unicast with use_vmac needs vmac_xmit_base; set");
            w.xmitBase = true;
            w.xmitBaseAt = blockAt;
        }
        if (strict && w.xmitBase) {
            diagnostics.warning(w.xmitBaseAt, label + ": vmac_xmit_base does not work with vrrp_strict; cleared");
            w.xmitBase = false;
        }
        return new VmacConfig(true, Optional.ofNullable(w.name), Optional.ofNullable(w.mac), w.xmitBase,
                w.useVmacAddr);
    }

    /**
     * use_ipvlan after keepalived's checks: an address of the
     * other family is dropped, and an IPv4 ipvlan without an address keeps the instance in FAULT
     * (warned here, refused when the instance starts), as keepalived's configuration fault does.
     */
    private Optional<IpvlanConfig> ipvlan(Written w, String label, AddressFamily family) {
        if (!w.ipvlan) {
            return Optional.empty();
        }
        if (w.ipvlanAddress != null && (w.ipvlanAddress instanceof Inet4Address) != (family == AddressFamily.IPV4)) {
            diagnostics.warning(w.ipvlanAt, label + ": use_ipvlan: address " + w.ipvlanAddress.getHostAddress()
                    + " is not of the instance's family; ignored");
            w.ipvlanAddress = null;
        }
        if (w.ipvlanAddress == null && family == AddressFamily.IPV4) {
            diagnostics.warning(w.ipvlanAt, label + ": an IPv4 ipvlan needs an address (the adverts' source);"
                    + " the instance stays in FAULT");
        }
        return Optional.of(new IpvlanConfig(Optional.ofNullable(w.ipvlanName), Optional.ofNullable(w.ipvlanAddress),
                w.ipvlanAddress == null ? 0 : w.ipvlanPrefix,
                w.ipvlanMode == null ? IpvlanConfig.Mode.BRIDGE : w.ipvlanMode));
    }

    /** {@code vmac_prefix} and {@code vmac_addr_prefix} in global_defs. */
    VmacNaming global(ConfigNode n, VmacNaming current, Values values) {
        boolean addr = n.keyword().equals("vmac_addr_prefix");
        Optional<String> prefix = values.word(n);
        if (prefix.isEmpty()) {
            return current;
        }
        if (addr && current.addrPrefix().isPresent()) {
            diagnostics.warning(n.position(), "vmac_addr_prefix has already been given; '" + prefix.get()
                    + "' ignored");
            return current;
        }
        if (!validName(prefix.get())) {
            diagnostics.warning(n.position(), n.keyword() + " '" + prefix.get() + "' is too long or has invalid"
                    + " characters; ignored");
            return current;
        }
        return addr ? new VmacNaming(current.prefix(), prefix) : new VmacNaming(prefix.get(), current.addrPrefix());
    }
}
