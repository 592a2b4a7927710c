package io.keepwatch.runtime;

import io.keepwatch.vrrp.codec.DecodeResult;
import io.keepwatch.vrrp.codec.RejectReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts rejected adverts per instance and reason, and logs them without flooding: a peer with the
 * wrong password sends one advert a second forever, so each instance and reason is logged at most
 * once a minute. Called from reader threads.
 */
final class RejectionLog {

    private static final Logger LOG = LoggerFactory.getLogger(RejectionLog.class);
    private static final long LOG_EVERY_NANOS = 60_000_000_000L;

    private final Map<String, Map<RejectReason, AtomicLong>> counts = new ConcurrentHashMap<>();
    private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();

    void record(String instance, DecodeResult.Rejected rejection) {
        counts.computeIfAbsent(instance, i -> new ConcurrentHashMap<>())
                .computeIfAbsent(rejection.reason(), r -> new AtomicLong())
                .incrementAndGet();
        String key = instance + "/" + rejection.reason();
        long now = System.nanoTime();
        Long last = lastLogged.get(key);
        if (last == null || now - last >= LOG_EVERY_NANOS) {
            lastLogged.put(key, now);
            LOG.warn("({}) advert rejected: {} ({})", instance, rejection.reason(), rejection.detail());
        }
    }

    /** Counts so far for one instance. */
    Map<RejectReason, Long> counts(String instance) {
        Map<RejectReason, Long> out = new EnumMap<>(RejectReason.class);
        counts.getOrDefault(instance, Map.of()).forEach((r, n) -> out.put(r, n.get()));
        return out;
    }
}
