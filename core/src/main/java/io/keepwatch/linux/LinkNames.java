package io.keepwatch.linux;

import java.io.IOException;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The names of the links of the calling thread's network namespace, read once through rtnetlink. */
public final class LinkNames {
    private LinkNames() {}

    /** The names of every link now. */
    public static Set<String> now() throws IOException {
        try (RtNetlink rtnl = RtNetlink.open()) {
            return rtnl.links().stream().map(Link::name).collect(Collectors.toUnmodifiableSet());
        }
    }

    /**
     * Whether a link of that name exists; when the links cannot be read, every name is taken as
     * existing, so that nothing is refused for it. The links are read at the first test, not here:
     * a configuration is read and checked before it names its first interface, and at start that
     * overlaps the C library's linking, which the first netlink call waits for.
     */
    public static Predicate<String> existing() {
        return new Predicate<>() {
            private Set<String> names;
            private boolean unreadable;

            @Override
            public synchronized boolean test(String name) {
                if (names == null && !unreadable) {
                    try {
                        names = now();
                    } catch (IOException | RuntimeException e) {
                        unreadable = true;
                    }
                }
                return unreadable || names.contains(name);
            }
        };
    }
}
