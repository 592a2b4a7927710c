package io.keepwatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keepwatch.config.ConfigLoader;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.plugin.api.AddressConflictEvent;
import io.keepwatch.plugin.api.TransitionEvent;
import io.keepwatch.script.ConfiguredScripts;
import io.keepwatch.testing.Deadline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keepalived's notify scripts, run for the events notifiers hear. */
class NotifyScriptNotifierTest {

    @TempDir
    Path dir;

    private Path recorder() throws Exception {
        Path script = dir.resolve("record.sh");
        Files.writeString(script, "#!/bin/sh\necho \"$*\" >> '" + dir.resolve("out") + "'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private static KeepalivedConfig config(String text) {
        return ConfigLoader.loadString("n.conf", text, Path.of("/nonexistent"), "any").config().orElseThrow();
    }

    private static TransitionEvent event(TransitionEvent.Scope scope, String name, TransitionEvent.VrrpState to,
                                         int priority) {
        return new TransitionEvent(scope, name, TransitionEvent.VrrpState.MASTER, to, priority, "test", Instant.EPOCH,
                "lb1", List.of());
    }

    /** The lines the scripts of VI_1 (with {@code line} added) record when a reload removes it. */
    private List<String> removed(String line) throws Exception {
        Path rec = recorder();
        KeepalivedConfig before = config("""
                vrrp_instance VI_1 {
                  interface eth0
                  virtual_router_id 1
                  notify_stop "%1$s stop"
                  notify_fault "%1$s fault"
                  notify "%1$s notify"
                  %2$s
                }
                """.formatted(rec, line.formatted(rec)));
        KeepalivedConfig after = config("vrrp_instance VI_2 {\n interface eth0\n virtual_router_id 2\n}\n");
        new NotifyScriptNotifier(() -> List.of(ConfiguredScripts.prepare(after), ConfiguredScripts.prepare(before)))
                .send(event(TransitionEvent.Scope.INSTANCE, "VI_1", TransitionEvent.VrrpState.DELETED, 100));
        return Files.readAllLines(dir.resolve("out"));
    }

    @Test
    void onlyInstancesAndGroupsWithAScriptAreHeardSoThatTheOthersGetNoLane() {
        KeepalivedConfig before = config("""
                vrrp_instance GONE {
                  interface eth0
                  virtual_router_id 9
                  notify_deleted /bin/true
                }
                """);
        KeepalivedConfig config = config("""
                vrrp_instance PLAIN {
                  interface eth0
                  virtual_router_id 1
                }
                vrrp_instance MASTER_ONLY {
                  interface eth0
                  virtual_router_id 2
                  notify_master /bin/true
                }
                vrrp_instance CONFLICT_ONLY {
                  interface eth0
                  virtual_router_id 3
                  notify_conflict /bin/true
                }
                vrrp_sync_group QUIET {
                  group {
                    PLAIN
                  }
                }
                vrrp_sync_group LOUD {
                  group {
                    MASTER_ONLY
                  }
                  notify /bin/true
                }
                """);
        NotifyScriptNotifier scripts = new NotifyScriptNotifier(
                () -> List.of(ConfiguredScripts.prepare(config), ConfiguredScripts.prepare(before)));
        assertThat(scripts.hears(TransitionEvent.Scope.INSTANCE, "PLAIN")).isFalse();
        assertThat(scripts.hears(TransitionEvent.Scope.INSTANCE, "MASTER_ONLY")).isTrue();
        assertThat(scripts.hears(TransitionEvent.Scope.INSTANCE, "CONFLICT_ONLY")).isTrue();
        assertThat(scripts.hears(TransitionEvent.Scope.INSTANCE, "GONE")).as("removed by the reload").isTrue();
        assertThat(scripts.hears(TransitionEvent.Scope.INSTANCE, "UNKNOWN")).isFalse();
        assertThat(scripts.hears(TransitionEvent.Scope.GROUP, "QUIET")).isFalse();
        assertThat(scripts.hears(TransitionEvent.Scope.GROUP, "LOUD")).isTrue();
    }

    @Test
    void notifyConflictRunsWithTheAddressTheForeignMacAndTheOtherHostAndOnlyWhereConfigured() throws Exception {
        Path rec = recorder();
        KeepalivedConfig config = config("""
                vrrp_instance VI_1 {
                  interface eth0
                  virtual_router_id 1
                  notify "%1$s notify"
                  notify_conflict "%1$s conflict"
                }
                vrrp_instance VI_2 {
                  interface eth0
                  virtual_router_id 2
                  notify "%1$s notify"
                }
                """.formatted(rec));
        NotifyScriptNotifier scripts = new NotifyScriptNotifier(() -> List.of(ConfiguredScripts.prepare(config)));
        scripts.send(new AddressConflictEvent("VI_1", "eth0", 1, "192.0.2.10", "52:54:00:12:34:56", Optional.empty(),
                false, Instant.EPOCH, "lb1"));
        scripts.send(new AddressConflictEvent("VI_1", "eth0", 1, "192.0.2.10", "52:54:00:12:34:56",
                Optional.of("192.0.2.12"), false, Instant.EPOCH, "lb1"));
        scripts.send(new AddressConflictEvent("VI_1", "eth0", 1, "192.0.2.10", "52:54:00:12:34:56",
                Optional.of("192.0.2.12"), true, Instant.EPOCH, "lb1"));
        scripts.send(new AddressConflictEvent("VI_2", "eth0", 2, "192.0.2.20", "52:54:00:12:34:56", Optional.empty(),
                false, Instant.EPOCH, "lb1"));
        assertThat(Files.readAllLines(dir.resolve("out"))).containsExactly(
                "conflict INSTANCE VI_1 noticed 192.0.2.10 52:54:00:12:34:56 ",
                "conflict INSTANCE VI_1 noticed 192.0.2.10 52:54:00:12:34:56 192.0.2.12",
                "conflict INSTANCE VI_1 ended 192.0.2.10 52:54:00:12:34:56 192.0.2.12");
    }

    @Test
    void anInstanceRemovedByAReloadIsFaultToItsOldScriptsWithoutNotifyDeleted() throws Exception {
        // keepalived's clear_diff_vrrp and send_instance_notifies: FAULT is the default for a removal
        assertThat(removed("")).containsExactly("fault", "notify INSTANCE VI_1 FAULT 100");
    }

    @Test
    void anInstanceRemovedByAReloadWithNotifyDeletedRunsItsDeletedScriptWithDeleted() throws Exception {
        assertThat(removed("notify_deleted \"%1$s deleted\""))
                .containsExactly("deleted", "notify INSTANCE VI_1 DELETED 100");
    }

    @Test
    void anInstanceInFaultRemovedWithoutNotifyDeletedIsNotNotified() throws Exception {
        Path rec = recorder();
        KeepalivedConfig before = config("""
                vrrp_instance VI_1 {
                  interface eth0
                  virtual_router_id 1
                  notify "%1$s notify"
                }
                """.formatted(rec));
        new NotifyScriptNotifier(() -> List.of(ConfiguredScripts.prepare(before)))
                .send(new TransitionEvent(TransitionEvent.Scope.INSTANCE, "VI_1", TransitionEvent.VrrpState.FAULT,
                        TransitionEvent.VrrpState.DELETED, 100, "test", Instant.EPOCH, "lb1", List.of()));
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aGroupsScriptsRunWithGroupAndItsName() throws Exception {
        Path rec = recorder();
        KeepalivedConfig cfg = config("""
                vrrp_instance VI_1 {
                  interface eth0
                  virtual_router_id 1
                }
                vrrp_sync_group G {
                  group {
                    VI_1
                  }
                  notify_backup "%1$s backup"
                  notify "%1$s notify"
                }
                """.formatted(rec));

        new NotifyScriptNotifier(() -> List.of(ConfiguredScripts.prepare(cfg)))
                .send(event(TransitionEvent.Scope.GROUP, "G", TransitionEvent.VrrpState.BACKUP, 0));

        assertThat(Files.readAllLines(dir.resolve("out"))).containsExactly("backup", "notify GROUP G BACKUP 0");
    }

    @Test
    void aNotifyScriptThatOverstaysItsTimeoutIsKilledWithEverythingItStarted() throws Exception {
        Path pids = dir.resolve("pids");
        Path script = dir.resolve("hang.sh");
        Files.writeString(script, "#!/bin/sh\nsleep 300 &\necho $! > '" + pids + "'\necho $$ >> '" + pids + "'\nwait\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        KeepalivedConfig cfg = config("""
                vrrp_instance VI_1 {
                  interface eth0
                  virtual_router_id 1
                  notify_master "%s"
                }
                """.formatted(script));

        NotifyScriptNotifier notifier = new NotifyScriptNotifier(() -> List.of(ConfiguredScripts.prepare(cfg)),
                Duration.ofMillis(500));
        assertThatThrownBy(() -> notifier.send(event(TransitionEvent.Scope.INSTANCE, "VI_1",
                TransitionEvent.VrrpState.MASTER, 100)))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("timed out after 0.5 s, its process group killed");
        List<String> started = Files.readAllLines(pids);
        assertThat(started).hasSize(2);
        for (String pid : started) {
            Deadline.await("pid " + pid + " gone", Duration.ofSeconds(5),
                    () -> ProcessHandle.of(Long.parseLong(pid.trim())).map(h -> !h.isAlive()).orElse(true));
        }
    }

    @Test
    void aNotifyScriptDisabledUnderScriptSecurityDoesNotRun() throws Exception {
        Path rec = recorder();
        Files.setPosixFilePermissions(rec, PosixFilePermissions.fromString("rwxrwxrwx"));
        KeepalivedConfig cfg = config("""
                global_defs {
                  script_user root
                  enable_script_security
                }
                vrrp_instance VI_1 {
                  interface eth0
                  virtual_router_id 1
                  notify_master "%1$s master"
                  notify "%1$s notify"
                }
                """.formatted(rec));
        ConfiguredScripts scripts = ConfiguredScripts.prepare(cfg);
        assertThat(scripts.problems()).hasSize(2);

        new NotifyScriptNotifier(() -> List.of(scripts))
                .send(event(TransitionEvent.Scope.INSTANCE, "VI_1", TransitionEvent.VrrpState.MASTER, 100));

        assertThat(dir.resolve("out")).doesNotExist();
    }
}
