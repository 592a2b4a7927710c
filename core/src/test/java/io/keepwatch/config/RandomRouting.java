package io.keepwatch.config;

import io.keepwatch.config.model.RouteConfig;
import io.keepwatch.config.model.RoutePrefix;
import io.keepwatch.config.model.RuleConfig;
import io.keepwatch.config.model.StaticNetwork;
import io.keepwatch.config.model.VirtualIpAddress;
import io.keepwatch.config.model.VirtualRouting;
import io.keepwatch.vrrp.AddressFamily;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeMap;

/** Random routes and rules as the binder leaves them (tracked ones carry protocol 18 and a dev). */
final class RandomRouting {
    private static final List<String> TYPES = List.of("unicast", "blackhole", "unreachable", "prohibit", "throw");
    private static final List<String> ACTIONS = List.of("table", "goto", "nop", "blackhole", "unreachable",
            "prohibit", "l3mdev");

    private RandomRouting() {}

    static VirtualRouting virtual(Random r, AddressFamily family) {
        return new VirtualRouting(list(r, 3, () -> route(r, family)), list(r, 3, () -> rule(r, family)));
    }

    static StaticNetwork statics(Random r) {
        List<VirtualIpAddress> addresses = list(r, 2, () -> VirtualIpAddress.of(address(r, AddressFamily.IPV4), 24))
                .stream().map(a -> new VirtualIpAddress(a.address(), a.prefixLength(), Optional.empty(),
                        Optional.of("eth" + r.nextInt(3)), Optional.empty(), Optional.empty(), false,
                        io.keepwatch.config.model.AddressOptions.NONE)).toList();
        return new StaticNetwork(addresses, list(r, 2, () -> route(r, AddressFamily.IPV4)),
                list(r, 2, () -> rule(r, AddressFamily.IPV6)));
    }

    static RouteConfig route(Random r, AddressFamily family) {
        boolean noTrack = r.nextBoolean();
        Optional<String> dev = noTrack && r.nextBoolean() ? Optional.empty() : Optional.of("eth" + r.nextInt(3));
        OptionalInt protocol = noTrack ? (r.nextBoolean() ? OptionalInt.empty() : OptionalInt.of(r.nextInt(256)))
                : OptionalInt.of(18);
        Map<String, Long> metrics = new TreeMap<>();
        if (r.nextBoolean()) metrics.put("mtu", 1000L + r.nextInt(500));
        if (r.nextBoolean()) metrics.put("initcwnd", (long) r.nextInt(20));
        return new RouteConfig(family, TYPES.get(r.nextInt(TYPES.size())), prefix(r, family),
                family == AddressFamily.IPV6 && r.nextBoolean() ? Optional.of(prefix(r, family)) : Optional.empty(),
                maybe(r, () -> address(r, family)), maybe(r, () -> address(r, family)), dev,
                r.nextBoolean() ? RouteConfig.TABLE_MAIN : 1 + r.nextInt(100_000),
                r.nextBoolean() ? OptionalLong.empty() : OptionalLong.of(r.nextInt(5000)),
                List.of(0, 200, 253, 254).get(r.nextInt(4)), protocol, r.nextInt(4) * 4, r.nextBoolean(), metrics,
                List.of("prepend", "append", "add").get(r.nextInt(3)), noTrack);
    }

    static RuleConfig rule(Random r, AddressFamily family) {
        String action = ACTIONS.get(r.nextInt(ACTIONS.size()));
        long priority = r.nextInt(30_000);
        boolean noTrack = r.nextBoolean();
        OptionalLong fwmark = r.nextBoolean() ? OptionalLong.of(r.nextInt(1000)) : OptionalLong.empty();
        return new RuleConfig(family, action, action.equals("table") ? 1 + r.nextInt(300) : 0,
                action.equals("goto") ? priority + 1 + r.nextInt(100) : -1, maybe(r, () -> prefix(r, family)),
                maybe(r, () -> prefix(r, family)), r.nextBoolean(), priority, r.nextInt(4) * 4, fwmark,
                fwmark.isPresent() && r.nextBoolean() ? OptionalLong.of(0xff) : OptionalLong.empty(),
                maybe(r, () -> "eth" + r.nextInt(3)), maybe(r, () -> "eth" + r.nextInt(3)),
                noTrack ? OptionalInt.empty() : OptionalInt.of(18),
                action.equals("table") && r.nextBoolean() ? OptionalInt.of(r.nextInt(33)) : OptionalInt.empty(),
                r.nextBoolean() ? OptionalInt.of(6) : OptionalInt.empty(),
                maybe(r, () -> new RuleConfig.Range(100, 200)), maybe(r, () -> new RuleConfig.Range(80, 80)),
                maybe(r, () -> new RuleConfig.Range(1000, 1999)), noTrack);
    }

    private static RoutePrefix prefix(Random r, AddressFamily family) {
        return new RoutePrefix(address(r, family), family == AddressFamily.IPV4 ? r.nextInt(33) : r.nextInt(129));
    }

    private static InetAddress address(Random r, AddressFamily family) {
        byte[] b = new byte[family == AddressFamily.IPV4 ? 4 : 16];
        r.nextBytes(b);
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static <T> Optional<T> maybe(Random r, java.util.function.Supplier<T> s) {
        return r.nextBoolean() ? Optional.of(s.get()) : Optional.empty();
    }

    private static <T> List<T> list(Random r, int max, java.util.function.Supplier<T> s) {
        List<T> out = new ArrayList<>();
        for (int i = r.nextInt(max + 1); i > 0; i--) out.add(s.get());
        return out;
    }
}
