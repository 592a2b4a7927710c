package io.keepwatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.vrrp.VrrpState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A listener that wraps another passes every kind of event on, priority changes too. */
class TransitionListenerChainTest {

    @Test
    void priorityChangesPassThroughTheRoutesToTheNotifyFifos() {
        List<String> heard = new ArrayList<>();
        TransitionListener next = new TransitionListener() {
            @Override
            public void onTransition(Transition transition) {
            }

            @Override
            public void priorityChanged(String instance, VrrpState state, int priority) {
                heard.add(instance + " " + state + " " + priority);
            }

            @Override
            public void masterRxLowerPriority(String instance, int priority) {
                heard.add(instance + " MASTER_RX_LOWER_PRI " + priority);
            }
        };
        TransitionListener chain = new VirtualRoutes(null).around(next);
        chain.priorityChanged("VI_1", VrrpState.MASTER, 90);
        chain.masterRxLowerPriority("VI_1", 90);
        assertThat(heard).containsExactly("VI_1 MASTER 90", "VI_1 MASTER_RX_LOWER_PRI 90");
    }
}
