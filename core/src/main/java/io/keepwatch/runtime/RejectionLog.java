package io.keepwatch.runtime;

import io.keepwatch.vrrp.codec.DecodeResult;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs rejected adverts without flooding: a peer with the wrong password sends one advert a second
 * forever, so each instance and reason is logged at most once a minute. The observer counts them
 * (advertRejected). Called from reader threads.
 */
final class RejectionLog {

    private static final Logger LOG = LoggerFactory.getLogger(RejectionLog.class);
    private static final long LOG_EVERY_NANOS = 60_000_000_000L;

    private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();

    void record(String instance, DecodeResult.Rejected rejection) {
        String key = instance + "/" + rejection.reason();
        long now = System.nanoTime();
        Long last = lastLogged.get(key);
        if (last == null || now - last >= LOG_EVERY_NANOS) {
            lastLogged.put(key, now);
            LOG.warn("({}) advert rejected: {} ({})", instance, rejection.reason(), rejection.detail());
        }
    }
}
