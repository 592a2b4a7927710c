package io.keepwatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.plugin.api.TransitionEvent;
import io.keepwatch.vrrp.VrrpState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The engine's transitions as notifiers hear them. */
class TransitionEventsTest {

    private static Transition move(String instance, String group, VrrpState from, VrrpState to) {
        return new Transition(instance, Optional.ofNullable(group), from, to, 150, "test", Instant.EPOCH, List.of());
    }

    @Test
    void stopIsStopAtShutdownAndDeletedWhenAReloadRemovedTheInstance() {
        TransitionEvents events = new TransitionEvents("lb1");

        assertThat(events.of(move("VI_1", null, VrrpState.MASTER, VrrpState.INIT), false))
                .extracting(TransitionEvent::newState).containsExactly(TransitionEvent.VrrpState.STOP);
        assertThat(events.of(move("VI_1", null, VrrpState.MASTER, VrrpState.INIT), true))
                .extracting(TransitionEvent::newState).containsExactly(TransitionEvent.VrrpState.DELETED);
    }

    @Test
    void groupEventsCarryPriorityZeroAsKeepalivedsGroupNotifyDoes() {
        TransitionEvents events = new TransitionEvents("lb1");

        List<TransitionEvent> out = events.of(move("VI_1", "G", VrrpState.BACKUP, VrrpState.MASTER), false);

        assertThat(out).extracting(TransitionEvent::scope, TransitionEvent::priority).containsExactly(
                org.assertj.core.groups.Tuple.tuple(TransitionEvent.Scope.INSTANCE, 150),
                org.assertj.core.groups.Tuple.tuple(TransitionEvent.Scope.GROUP, 0));
    }

    @Test
    void aGroupKeepsItsStateWhenAReloadChangesTheRouterId() {
        TransitionEvents events = new TransitionEvents("lb1");
        events.of(move("VI_1", "G", VrrpState.BACKUP, VrrpState.MASTER), false);

        events.routerId("lb2");
        List<TransitionEvent> out = events.of(move("VI_1", "G", VrrpState.MASTER, VrrpState.BACKUP), false);

        TransitionEvent group = out.get(1);
        assertThat(group.oldState()).isEqualTo(TransitionEvent.VrrpState.MASTER);
        assertThat(group.newState()).isEqualTo(TransitionEvent.VrrpState.BACKUP);
        assertThat(group.routerId()).isEqualTo("lb2");
        assertThat(events.of(move("VI_2", "G", VrrpState.MASTER, VrrpState.BACKUP), false))
                .as("the second member follows; the group has already moved").hasSize(1);
    }
}
