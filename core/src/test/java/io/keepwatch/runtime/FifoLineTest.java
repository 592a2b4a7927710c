package io.keepwatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.plugin.api.TransitionEvent;
import io.keepwatch.plugin.api.TransitionEvent.Scope;
import io.keepwatch.plugin.api.TransitionEvent.VrrpState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** keepalived's notify FIFO lines (vrrp_notify.c) and the states it names. */
class FifoLineTest {

    private static TransitionEvent event(Scope scope, VrrpState from, VrrpState to) {
        return new TransitionEvent(scope, "VI_1", from, to, 100, "test", Instant.EPOCH, "lb1", List.of());
    }

    @Test
    void linesAreTypeQuotedNameStateAndPriority() {
        assertThat(FifoLine.of(FifoLine.INSTANCE, "VI_1", "MASTER", 150)).isEqualTo("INSTANCE \"VI_1\" MASTER 150\n");
        assertThat(FifoLine.of(FifoLine.GROUP, "G 1", "BACKUP", 0)).isEqualTo("GROUP \"G 1\" BACKUP 0\n");
    }

    @Test
    void priorityChangesAreMasterPriorityOnlyInMaster() {
        assertThat(FifoLine.priority("VI_1", true, 140)).isEqualTo("INSTANCE \"VI_1\" MASTER_PRIORITY 140\n");
        assertThat(FifoLine.priority("VI_1", false, 90)).isEqualTo("INSTANCE \"VI_1\" BACKUP_PRIORITY 90\n");
        assertThat(FifoLine.of(FifoLine.INSTANCE, "VI_1", FifoLine.MASTER_RX_LOWER_PRI, 150))
                .isEqualTo("INSTANCE \"VI_1\" MASTER_RX_LOWER_PRI 150\n");
    }

    @Test
    void statesAreNamedAsKeepalivedNamesThem() {
        assertThat(NotifiedState.of(event(Scope.INSTANCE, VrrpState.BACKUP, VrrpState.MASTER), false)).contains("MASTER");
        assertThat(NotifiedState.of(event(Scope.INSTANCE, VrrpState.MASTER, VrrpState.STOP), false)).contains("STOP");
        assertThat(NotifiedState.of(event(Scope.INSTANCE, VrrpState.BACKUP, VrrpState.INIT), false)).isEmpty();
    }

    @Test
    void aRemovedInstanceIsDeletedOnlyWithNotifyDeleted() {
        assertThat(NotifiedState.of(event(Scope.INSTANCE, VrrpState.MASTER, VrrpState.DELETED), true)).contains("DELETED");
        assertThat(NotifiedState.of(event(Scope.INSTANCE, VrrpState.MASTER, VrrpState.DELETED), false)).contains("FAULT");
        // keepalived sends nothing for an instance in FAULT that goes without notify_deleted
        assertThat(NotifiedState.of(event(Scope.INSTANCE, VrrpState.FAULT, VrrpState.DELETED), false)).isEmpty();
        assertThat(NotifiedState.of(event(Scope.INSTANCE, VrrpState.FAULT, VrrpState.DELETED), true)).contains("DELETED");
        assertThat(NotifiedState.of(event(Scope.GROUP, VrrpState.MASTER, VrrpState.DELETED), true)).isEmpty();
    }
}
