package io.keepwatch.runtime.net;

import io.keepwatch.vrrp.codec.DecodeResult;
import io.keepwatch.vrrp.codec.HmacReplayGuard;
import io.keepwatch.vrrp.codec.HmacSettings;
import io.keepwatch.vrrp.codec.RejectReason;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;

/**
 * The anti-replay rule of one receiving instance with {@code auth_hmac}: an advert whose trailer
 * verified is still rejected when its timestamp is outside {@code time_window} of this host's clock,
 * or when its sequence is not after the last one accepted from its sender. The clock is read here;
 * the decision is the codec's ({@link HmacReplayGuard}). Thread-safe: the socket's reader and the
 * VRRP thread's catch-up both hand adverts over.
 */
final class HmacAdmission {
    /** For instances without auth_hmac: everything passes. */
    static final HmacAdmission NONE = new HmacAdmission(null, null, null);

    private final HmacSettings settings;
    private final HmacReplayGuard guard;
    /** A unicast instance's peers: the only senders a signed advert is taken from; null for multicast. */
    private final List<InetAddress> peers;

    private HmacAdmission(HmacSettings settings, HmacReplayGuard guard, List<InetAddress> peers) {
        this.settings = settings;
        this.guard = guard;
        this.peers = peers;
    }

    static HmacAdmission of(InstanceWiring wiring) {
        HmacSettings settings = wiring.expectation().authHmac();
        if (settings == null) {
            return NONE;
        }
        settings.keys().forEach(io.keepwatch.vrrp.codec.HmacKey::prepare);
        boolean unicast = wiring.expectation().unicast();
        return new HmacAdmission(settings, new HmacReplayGuard(settings, unicast ? wiring.destinations().size() : 0),
                unicast ? wiring.destinations() : null);
    }

    /** {@code result}, or its rejection when a verified trailer is stale or replayed. */
    DecodeResult admit(DecodeResult result) {
        if (guard == null || !(result instanceof DecodeResult.Accepted accepted) || accepted.trailer() == null) {
            return result;
        }
        String from = accepted.source().getHostAddress();
        int vrid = accepted.advert().vrid();
        if (peers != null && !peers.contains(accepted.source())) {
            // keepalived anchors a unicast sender's replay state on its unicast_peer entry
            return new DecodeResult.Rejected(RejectReason.UNICAST_SOURCE, vrid, "unicast source address " + from
                    + " not a unicast peer");
        }
        long now = Instant.now().getEpochSecond();
        long sequence = accepted.trailer().sequence();
        HmacReplayGuard.Outcome outcome;
        synchronized (this) {
            outcome = guard.admit(accepted.source(), sequence, now);
        }
        return switch (outcome) {
            case FRESH -> result;
            // keepalived's words
            case STALE -> new DecodeResult.Rejected(RejectReason.AUTH_HMAC_STALE, vrid, "stale authentication trailer from "
                    + from + ", clock skew " + HmacReplayGuard.skew(sequence, now) + " sec exceeds window "
                    + settings.timeWindowSeconds() + " sec");
            case REPLAYED -> new DecodeResult.Rejected(RejectReason.AUTH_HMAC_REPLAY, vrid,
                    "replayed authentication trailer from " + from);
        };
    }
}
