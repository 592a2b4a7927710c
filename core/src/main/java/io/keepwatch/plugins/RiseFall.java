package io.keepwatch.plugins;

import java.util.Optional;

/**
 * keepalived's rise/fall hysteresis for one tracked check, as a counter {@code r} in
 * {@code [0, rise + fall - 1]}: the check is up while {@code r >= rise}. A success raises {@code r}
 * (jumping to the top once it reaches {@code rise}), a failure lowers it (dropping to 0 once it
 * reaches {@code rise}), so an up check needs {@code fall} consecutive failures to go down and a down
 * check {@code rise} consecutive successes to go up.
 *
 * <p>Start: without {@code init_fail} the state is unknown and the first result decides it
 * ({@code r = rise - 1}); with {@code init_fail} the check starts down ({@code r = 0}).
 */
public final class RiseFall {

    private final int rise;
    private final int fall;
    private int result;
    private boolean initial;

    /** A counter at its start state. */
    public RiseFall(int rise, int fall, boolean initFail) {
        if (rise < 1 || fall < 1) {
            throw new IllegalArgumentException("rise and fall must be at least 1, got " + rise + "/" + fall);
        }
        this.rise = rise;
        this.fall = fall;
        this.result = initFail ? 0 : rise - 1;
        this.initial = !initFail;
    }

    /**
     * Accounts for one run.
     *
     * @return the new state when this result changed it (or settled the initial unknown state)
     */
    public Optional<Boolean> apply(boolean success) {
        boolean wasInitial = initial;
        initial = false;
        int top = rise + fall - 1;
        if (success) {
            if (result < rise - 1) {
                result++;
                return Optional.empty();
            }
            if (result != top) {
                boolean changed = result < rise;
                result = top;
                return changed ? Optional.of(true) : Optional.empty();
            }
            return Optional.empty();
        }
        if (result > rise) {
            result--;
            return Optional.empty();
        }
        boolean changed = result == rise || wasInitial;
        result = 0;
        return changed ? Optional.of(false) : Optional.empty();
    }

    /** Whether the check currently counts as up (false while still unknown). */
    public boolean up() {
        return result >= rise;
    }
}
