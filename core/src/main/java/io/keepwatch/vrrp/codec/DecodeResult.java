package io.keepwatch.vrrp.codec;

import java.net.InetAddress;
import java.util.Objects;

/** The outcome of decoding one received packet: accepted, or rejected for exactly one reason. */
public sealed interface DecodeResult {

    /**
     * A valid advert.
     *
     * @param advert                 its fields
     * @param source                 the sender's address (the tie-breaker of RFC 5798 6.4.3)
     * @param addressListMismatch    its address count or addresses differ from ours: not a reason to
     *                               drop it (keepalived >= 2.3.3), but worth counting
     * @param advertIntervalMismatch VRRPv3 only: its Max Advert Int differs from ours (RFC 5798 7.1
     *                               lets a backup adopt the master's interval)
     * @param ahSequence             with {@code auth_type AH}, the AH sequence number (the receiver
     *                               drops one it has seen before, {@link AhSequence}); else
     *                               {@link #NO_AH_SEQUENCE}
     * @param groupChecksum          its VRRPv3 checksum holds only with the multicast group as the
     *                               pseudo-header's destination, which the expectation allowed
     *                               ({@link PseudoHeaderDestination#PACKET_OR_GROUP}): the sender
     *                               uses keepalived's old unicast checksum
     * @param trailer                with {@code auth_hmac}, the verified trailer it carried (whose
     *                               sequence the receiver's {@link HmacReplayGuard} still has to
     *                               admit); null when it carried none
     */
    record Accepted(VrrpAdvert advert, InetAddress source, boolean addressListMismatch,
                    boolean advertIntervalMismatch, long ahSequence, boolean groupChecksum,
                    SignedBy trailer) implements DecodeResult {
        public static final long NO_AH_SEQUENCE = -1;

        public Accepted(VrrpAdvert advert, InetAddress source, boolean addressListMismatch,
                        boolean advertIntervalMismatch, long ahSequence, boolean groupChecksum) {
            this(advert, source, addressListMismatch, advertIntervalMismatch, ahSequence, groupChecksum, null);
        }

        public Accepted(VrrpAdvert advert, InetAddress source, boolean addressListMismatch,
                        boolean advertIntervalMismatch) {
            this(advert, source, addressListMismatch, advertIntervalMismatch, NO_AH_SEQUENCE, false);
        }

        public Accepted {
            Objects.requireNonNull(advert, "advert");
            Objects.requireNonNull(source, "source");
        }
    }

    /**
     * A verified {@code auth_hmac} trailer.
     *
     * @param keyId    the key it was signed with
     * @param sequence its 64-bit sequence ({@link HmacSequence})
     */
    record SignedBy(int keyId, long sequence) {
    }

    /**
     * A rejected packet.
     *
     * @param reason the first fault found, in keepalived's order
     * @param vrid   the VRID the packet claims, or -1 if it is too short to carry one
     * @param detail a human-readable account for a rate-limited log line
     */
    record Rejected(RejectReason reason, int vrid, String detail) implements DecodeResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
