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
     * Whether a link of that name exists now; when the links cannot be read, every name is taken
     * as existing, so that nothing is refused for it.
     */
    public static Predicate<String> existing() {
        try {
            return now()::contains;
        } catch (IOException | RuntimeException e) {
            return name -> true;
        }
    }
}
