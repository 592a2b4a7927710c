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
        };
        new VirtualRoutes(null).around(next).priorityChanged("VI_1", VrrpState.MASTER, 90);
        assertThat(heard).containsExactly("VI_1 MASTER 90");
    }
}
