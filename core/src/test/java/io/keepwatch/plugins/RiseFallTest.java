package io.keepwatch.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class RiseFallTest {

    private static List<Optional<Boolean>> feed(RiseFall rf, boolean... results) {
        List<Optional<Boolean>> out = new ArrayList<>();
        for (boolean r : results) {
            out.add(rf.apply(r));
        }
        return out;
    }

    @Test
    void firstResultDecidesWithoutInitFail() {
        assertThat(new RiseFall(3, 3, false).apply(true)).contains(true);
        assertThat(new RiseFall(3, 3, false).apply(false)).contains(false);
    }

    @Test
    void initFailStartsDownAndNeedsRiseSuccesses() {
        RiseFall rf = new RiseFall(3, 2, true);
        assertThat(rf.up()).isFalse();
        assertThat(feed(rf, false, true, true, true))
                .containsExactly(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(true));
    }

    @Test
    void upNeedsFallConsecutiveFailuresToGoDown() {
        RiseFall rf = new RiseFall(2, 3, false);
        rf.apply(true);
        assertThat(feed(rf, false, false, true, false, false, false)).containsExactly(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(false));
    }

    @Test
    void downNeedsRiseConsecutiveSuccessesToGoUp() {
        RiseFall rf = new RiseFall(2, 1, false);
        rf.apply(false);
        assertThat(feed(rf, true, false, true, true)).containsExactly(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(true));
    }

    /** Reference model: the state flips after exactly rise successes / fall failures in a row. */
    @Property
    void matchesTheConsecutiveRunModel(@ForAll @IntRange(min = 1, max = 5) int rise,
                                       @ForAll @IntRange(min = 1, max = 5) int fall,
                                       @ForAll @Size(max = 60) List<Boolean> results) {
        RiseFall rf = new RiseFall(rise, fall, true);
        boolean up = false;
        int run = 0;
        boolean last = false;
        for (boolean r : results) {
            run = r == last ? run + 1 : 1;
            last = r;
            Optional<Boolean> change = rf.apply(r);
            boolean flips = up ? (!r && run >= fall) : (r && run >= rise);
            if (flips) {
                up = !up;
            }
            assertThat(change).isEqualTo(flips ? Optional.of(up) : Optional.empty());
            assertThat(rf.up()).isEqualTo(up);
        }
    }
}
