package io.keepwatch.notify.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.plugin.api.TransitionEvent;
import io.keepwatch.plugin.api.TransitionEvent.Scope;
import io.keepwatch.plugin.api.TransitionEvent.VrrpState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertTextTest {

    private static TransitionEvent event(Scope scope, VrrpState from, VrrpState to) {
        return new TransitionEvent(scope, scope == Scope.GROUP ? "G1" : "VI_1", from, to, 50, "priority 50 wins",
                Instant.parse("2026-11-25T12:00:00Z"), "nginx_master", List.of("192.168.1.109/24"));
    }

    private static String subject(Scope scope, VrrpState to) {
        return AlertText.of(event(scope, VrrpState.BACKUP, to)).orElseThrow().subject();
    }

    private static String firstLine(Scope scope, VrrpState to) {
        return AlertText.of(event(scope, VrrpState.BACKUP, to)).orElseThrow().body().lines().findFirst().orElseThrow();
    }

    @Test
    void instanceSubjectsAreKeepalivedsWording() {
        assertThat(subject(Scope.INSTANCE, VrrpState.MASTER)).isEqualTo("[nginx_master] VRRP Instance VI_1 - Entering MASTER state");
        assertThat(subject(Scope.INSTANCE, VrrpState.BACKUP)).isEqualTo("[nginx_master] VRRP Instance VI_1 - Entering BACKUP state");
        assertThat(subject(Scope.INSTANCE, VrrpState.FAULT)).isEqualTo("[nginx_master] VRRP Instance VI_1 - Entering FAULT state");
        assertThat(subject(Scope.INSTANCE, VrrpState.STOP)).isEqualTo("[nginx_master] VRRP Instance VI_1 - Stopping");
        assertThat(subject(Scope.INSTANCE, VrrpState.DELETED)).isEqualTo("[nginx_master] VRRP Instance VI_1 - Deleted");
    }

    @Test
    void instanceBodiesStartWithKeepalivedsLine() {
        assertThat(firstLine(Scope.INSTANCE, VrrpState.MASTER)).isEqualTo("=> VRRP Instance is now owning VRRP VIPs <=");
        assertThat(firstLine(Scope.INSTANCE, VrrpState.BACKUP)).isEqualTo("=> VRRP Instance is no longer owning VRRP VIPs <=");
        assertThat(firstLine(Scope.INSTANCE, VrrpState.FAULT)).isEqualTo("=> VRRP Instance is no longer owning VRRP VIPs <=");
        assertThat(firstLine(Scope.INSTANCE, VrrpState.STOP)).isEqualTo("=> VRRP Instance stopping <=");
        assertThat(firstLine(Scope.INSTANCE, VrrpState.DELETED)).isEqualTo("=> VRRP Deleted at reload <=");
    }

    @Test
    void groupWording() {
        assertThat(subject(Scope.GROUP, VrrpState.MASTER)).isEqualTo("[nginx_master] VRRP Group G1 - Entering MASTER state");
        assertThat(subject(Scope.GROUP, VrrpState.STOP)).isEqualTo("[nginx_master] VRRP Group G1 - Stopping");
        assertThat(firstLine(Scope.GROUP, VrrpState.BACKUP)).isEqualTo("=> All VRRP group instances are now in BACKUP state <=");
        assertThat(firstLine(Scope.GROUP, VrrpState.FAULT)).isEqualTo("=> All VRRP group instances are now in FAULT state <=");
        assertThat(firstLine(Scope.GROUP, VrrpState.STOP)).isEqualTo("=> All VRRP group instances are now stopping <=");
        assertThat(AlertText.of(event(Scope.GROUP, VrrpState.MASTER, VrrpState.DELETED))).isEmpty();
    }

    @Test
    void noMailOnInit() {
        assertThat(AlertText.of(event(Scope.INSTANCE, VrrpState.BACKUP, VrrpState.INIT))).isEmpty();
    }

    @Test
    void bodyListsTheFacts() {
        String body = AlertText.of(event(Scope.INSTANCE, VrrpState.BACKUP, VrrpState.MASTER)).orElseThrow().body();
        assertThat(body).contains("Instance: VI_1\n", "Transition: BACKUP -> MASTER\n", "Priority: 50\n",
                "Reason: priority 50 wins\n", "Virtual addresses: 192.168.1.109/24\n", "Time: 2026-11-25T12:00:00Z\n",
                "Router: nginx_master\n");
    }
}
