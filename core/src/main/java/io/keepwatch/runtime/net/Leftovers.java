package io.keepwatch.runtime.net;

import io.keepwatch.linux.Constants;
import io.keepwatch.linux.IfAddress;
import io.keepwatch.linux.Link;
import io.keepwatch.linux.LinkDetails;
import io.keepwatch.linux.RtNetlink;
import io.keepwatch.vrrp.VirtualAddress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an earlier run may have left in the kernel: a run ended by kill -9 never removed what it
 * had added. keepalived removes its configured addresses at start for this reason; keepwatch
 * does the same for each instance before it starts, for every address it would add
 * (virtual_ipaddress and virtual_ipaddress_excluded, each on its own device), except those an
 * instance of this process holds (a reload starts instances next to running ones).
 *
 * <p>The kernel is read once per kind of object, not once per address. Each kind has its own
 * dump and its own match: addresses now; routes and rules, once keepwatch adds them, join the same
 * way, and their leftovers go through the same ledger-shaped removal.
 */
final class Leftovers {

    private final List<IfAddress> addresses;
    private final Map<String, Integer> indexes = new HashMap<>();

    private Leftovers(List<IfAddress> addresses, List<Link> links) {
        this.addresses = addresses;
        links.forEach(link -> indexes.put(link.name(), link.index()));
    }

    /** Reads the kernel's addresses and links (one dump each). */
    static Leftovers scan(RtNetlink netlink) throws IOException {
        return new Leftovers(netlink.addresses(), netlink.links());
    }

    /**
     * The addresses of {@code vips} that are on the device {@code wiring} puts them on, with the
     * prefix it gives them, and that no instance in {@code ledger} holds: each as the entry an
     * earlier run would have recorded for it.
     */
    List<AddressLedger.Entry> addresses(InstanceWiring wiring, Collection<VirtualAddress> vips, AddressLedger ledger) {
        List<AddressLedger.Entry> found = new ArrayList<>();
        for (VirtualAddress vip : vips) {
            String device = wiring.deviceOf(vip);
            Integer index = indexes.get(device);
            if (index == null || ledger.holds(index, vip.address())) {
                continue;
            }
            boolean present = addresses.stream()
                    .anyMatch(a -> a.matches(index, vip.address()) && a.prefixLength() == vip.prefixLength());
            if (present) {
                found.add(new AddressLedger.Entry(wiring.instance(), vip, index, device, wiring.specOf(vip)));
            }
        }
        return found;
    }

    /**
     * The VMACs an earlier run left (it was killed before it could delete them) among {@code links}:
     * private-mode macvlans with a VRRP virtual router MAC (00:00:5e:00:01:xx or 00:00:5e:00:02:xx)
     * and a name keepwatch generates ({@code prefix[N].VRID}), that no instance holds ({@code held}).
     * A VMAC named in the configuration is taken over by its instance instead (see {@link Vmacs}).
     */
    static List<LinkDetails> vmacs(List<LinkDetails> links, String prefix, Set<String> held) {
        Pattern generated = Pattern.compile(Pattern.quote(prefix) + "\\d*\\.\\d{1,3}");
        return links.stream()
                .filter(l -> l.isMacvlan() && l.macvlanMode() == Constants.MACVLAN_MODE_PRIVATE)
                .filter(l -> l.link().mac() != null && VmacRequest.isVrrpMac(l.link().mac().bytes()))
                .filter(l -> generated.matcher(l.name()).matches() && !held.contains(l.name()))
                .toList();
    }
}
