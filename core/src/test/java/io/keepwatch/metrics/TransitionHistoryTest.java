package io.keepwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.control.Snapshots;
import io.keepwatch.runtime.Transition;
import io.keepwatch.vrrp.VrrpState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TransitionHistoryTest {

    private static Transition at(Instant time, VrrpState from, VrrpState to) {
        return new Transition("VI_1", Optional.empty(), from, to, 100, "test", time, List.of());
    }

    @Test
    void keepsTheHourAndTheLastTransitionBeforeIt() {
        TransitionHistory history = new TransitionHistory();
        Instant now = Snapshots.T0;
        history.add(at(now.minusSeconds(9000), VrrpState.INIT, VrrpState.BACKUP));
        history.add(at(now.minusSeconds(5000), VrrpState.BACKUP, VrrpState.MASTER));
        history.add(at(now.minusSeconds(600), VrrpState.MASTER, VrrpState.BACKUP));
        assertThat(history.of("VI_1", now)).extracting(Transition::to)
                .as("MASTER at the hour's start, BACKUP since").containsExactly(VrrpState.MASTER, VrrpState.BACKUP);
        assertThat(history.of("VI_2", now)).isEmpty();
        history.removed("VI_1");
        assertThat(history.of("VI_1", now)).isEmpty();
    }

    @Test
    void aFlappingInstanceKeepsItsNewestTransitionsOnly() {
        TransitionHistory history = new TransitionHistory();
        Instant now = Snapshots.T0;
        for (int i = 0; i < 1000; i++) {
            boolean master = i % 2 == 0;
            history.add(at(now.minusSeconds(1000 - i), master ? VrrpState.BACKUP : VrrpState.MASTER,
                    master ? VrrpState.MASTER : VrrpState.BACKUP));
        }
        List<Transition> kept = history.of("VI_1", now);
        assertThat(kept).hasSize(TransitionHistory.MAX_PER_INSTANCE);
        assertThat(kept.getLast().time()).isEqualTo(now.minusSeconds(1));
    }
}
