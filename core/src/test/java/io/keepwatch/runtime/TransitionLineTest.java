package io.keepwatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.vrrp.VrrpState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** keepalived 2.2.7's wording (vrrp.c, vrrp_scheduler.c, vrrp_sync.c) leads each line; keepwatch's reason follows. */
class TransitionLineTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            INIT   | BACKUP | start                     | (VI_1) Entering BACKUP STATE (init) - INIT -> BACKUP: start
            INIT   | FAULT  | interface eth0 down       | (VI_1) Entering FAULT STATE (init) - INIT -> FAULT: interface eth0 down
            BACKUP | MASTER | master down timer expired | (VI_1) Entering MASTER STATE - BACKUP -> MASTER: master down timer expired
            INIT   | MASTER | address owner             | (VI_1) Entering MASTER STATE - INIT -> MASTER: address owner
            MASTER | BACKUP | higher priority 200       | (VI_1) Entering BACKUP STATE - MASTER -> BACKUP: higher priority 200
            MASTER | FAULT  | tracker chk down          | (VI_1) Entering FAULT STATE - MASTER -> FAULT: tracker chk down
            FAULT  | BACKUP | tracker chk up            | (VI_1) Entering BACKUP STATE - FAULT -> BACKUP: tracker chk up
            """)
    void statesAreEnteredInKeepalivedsWords(VrrpState from, VrrpState to, String reason, String line) {
        assertThat(TransitionLine.instance("VI_1", from, to, reason, "STOP")).isEqualTo(line);
    }

    @Test
    void theStopHasNoKeepalivedLine() {
        assertThat(TransitionLine.instance("VI_1", VrrpState.MASTER, VrrpState.INIT, "shutdown", "STOP"))
                .isEqualTo("(VI_1) MASTER -> STOP: shutdown");
        assertThat(TransitionLine.instance("VI_1", VrrpState.BACKUP, VrrpState.INIT, "shutdown", "DELETED"))
                .isEqualTo("(VI_1) BACKUP -> DELETED: shutdown");
    }

    @Test
    void aSyncGroupSyncsItsInstances() {
        assertThat(TransitionLine.group("G1", VrrpState.MASTER, "VI_1", "master down timer expired"))
                .isEqualTo("VRRP_Group(G1) Syncing instances to MASTER state - VI_1: master down timer expired");
    }
}
