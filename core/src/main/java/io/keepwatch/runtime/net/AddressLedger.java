package io.keepwatch.runtime.net;

import io.keepwatch.linux.AddressSpec;
import io.keepwatch.vrrp.VirtualAddress;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every address this process has added and not yet removed, with the device (by index) it was
 * added to. A removal takes exactly that address off exactly that device, whatever the
 * configuration says by then: a reload may have dropped the address, or moved it to another
 * device, before the removal runs. keepalived keeps the same fact per address (its "set" flag).
 * VRRP thread only.
 */
final class AddressLedger {

    /**
     * One address on the kernel's books because an instance added it.
     *
     * @param instance the vrrp_instance that added it
     * @param vip      the address as the engine knows it
     * @param ifIndex  the device it was added to
     * @param device   that device's name when it was added (for messages)
     * @param spec     what was sent to the kernel (prefix, broadcast, scope, label)
     */
    record Entry(String instance, VirtualAddress vip, int ifIndex, String device, AddressSpec spec) {
        boolean matches(int index, InetAddress address) {
            return ifIndex == index && vip.address().equals(address);
        }

        /**
         * Whether putting the address on {@code otherDevice} as {@code other} is the same address to
         * keepalived (compare_ipaddress: device, scope and label; the prefix is part of the
         * address already, and a changed broadcast alone is not another address).
         */
        boolean sameAs(String otherDevice, AddressSpec other) {
            return device.equals(otherDevice) && spec.scope() == other.scope()
                    && Objects.equals(spec.label(), other.label());
        }
    }

    /**
     * By instance, then by address. Keyed by types whose equals the failover fast path already
     * uses (String, VirtualAddress), not by a record: see package io.keepwatch.runtime.
     */
    private final Map<String, Map<VirtualAddress, Entry>> entries = new HashMap<>();

    void record(Entry entry) {
        Map<VirtualAddress, Entry> held = entries.get(entry.instance());
        if (held == null) {
            held = new LinkedHashMap<>();
            entries.put(entry.instance(), held);
        }
        held.put(entry.vip(), entry);
    }

    Optional<Entry> find(String instance, VirtualAddress vip) {
        Map<VirtualAddress, Entry> held = entries.get(instance);
        return held == null ? Optional.empty() : Optional.ofNullable(held.get(vip));
    }

    void forget(Entry entry) {
        Map<VirtualAddress, Entry> held = entries.get(entry.instance());
        if (held != null && held.get(entry.vip()) == entry) {
            held.remove(entry.vip());
        }
    }

    /** What {@code instance} holds now, oldest first. */
    List<Entry> of(String instance) {
        Map<VirtualAddress, Entry> held = entries.get(instance);
        return held == null ? List.of() : List.copyOf(held.values());
    }

    /** Whether some instance of this process added {@code address} to the device {@code ifIndex}. */
    boolean holds(int ifIndex, InetAddress address) {
        for (Map<VirtualAddress, Entry> held : entries.values()) {
            for (Entry entry : held.values()) {
                if (entry.matches(ifIndex, address)) {
                    return true;
                }
            }
        }
        return false;
    }
}
