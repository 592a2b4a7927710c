package io.keepwatch.config.model;

import java.util.Objects;

/**
 * How an instance uses a {@code vrrp_witness} block: {@code witness NAME} (fencing: VRRP elects, and
 * the master holds its addresses only while it holds its key in the witness) or {@code election NAME}
 * (no VRRP at all: the key's holder is the master). keepwatch only; keepalived has neither.
 *
 * <p>An {@code election} instance sends and hears no adverts, so it needs no
 * {@code virtual_router_id}: its {@link VrrpInstanceConfig#virtualRouterId()} is 0 when none was written,
 * and it takes no part in the check that virtual router ids are unique on an interface.
 *
 * @param mode which of the two keywords, or {@link Mode#NONE}
 * @param witness the {@code vrrp_witness} block named; empty with {@link Mode#NONE}
 */
public record WitnessUse(Mode mode, String witness) {

    /** An instance without a witness: plain VRRP. */
    public static final WitnessUse NONE = new WitnessUse(Mode.NONE, "");

    /** The keyword an instance names its witness with. */
    public enum Mode {
        /** Plain VRRP. */
        NONE(""),
        /** {@code witness NAME}: VRRP elects, the witness fences. */
        FENCE("witness"),
        /** {@code election NAME}: the witness elects, no VRRP packets. */
        ELECTION("election");

        private final String keyword;

        Mode(String keyword) {
            this.keyword = keyword;
        }

        /** The configuration keyword, empty for {@link #NONE}. */
        public String keyword() {
            return keyword;
        }
    }

    public WitnessUse {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(witness, "witness");
        if ((mode == Mode.NONE) != witness.isEmpty()) {
            throw new IllegalArgumentException("a witness name goes with witness or election, and only there");
        }
    }

    /** {@code witness NAME}. */
    public static WitnessUse fence(String witness) {
        return new WitnessUse(Mode.FENCE, witness);
    }

    /** {@code election NAME}. */
    public static WitnessUse election(String witness) {
        return new WitnessUse(Mode.ELECTION, witness);
    }

    /** Whether the instance fences its VRRP mastership with a witness. */
    public boolean fences() {
        return mode == Mode.FENCE;
    }

    /** Whether the instance is elected by a witness instead of VRRP. */
    public boolean elects() {
        return mode == Mode.ELECTION;
    }
}
