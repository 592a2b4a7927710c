package io.keepwatch.runtime;

import io.keepwatch.linux.Link;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether each link of the namespace is usable (up and running), as the last link dump or netlink
 * event said; a link never seen counts as down. {@link Instances} owns it, on the VRRP thread.
 */
final class LinkTable {

    private final Map<String, Boolean> up = new HashMap<>();

    static boolean usable(Link link) {
        return link.isUp() && link.isRunning();
    }

    boolean isUp(String name) {
        return up.getOrDefault(name, false);
    }

    /** Records the state of link {@code name}; true when it is new or has changed. */
    boolean record(String name, boolean isUp) {
        Boolean before = up.put(name, isUp);
        return before == null || before != isUp;
    }

    /** Every link recorded, down ones included. */
    List<String> names() {
        return List.copyOf(up.keySet());
    }
}
