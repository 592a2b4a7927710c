package io.keepwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.diagnostic.Diagnostic;
import io.keepwatch.config.model.ProcessSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The process and scheduling keywords of global_defs, with keepalived's ranges and messages. */
class ProcessKeywordsTest {

    private static ConfigResult read(String globals) {
        return ConfigLoader.loadString("p.conf", "global_defs {\n" + globals + "\n}\n", Path.of("/nonexistent"), "n");
    }

    private static ProcessSettings valid(String globals) {
        ConfigResult r = read(globals);
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).isEmpty();
        return r.config().orElseThrow().global().process();
    }

    private static List<String> warnings(String globals) {
        return read(globals).warnings().stream().map(Diagnostic::toString).toList();
    }

    private static List<String> errors(String globals) {
        return read(globals).errors().stream().map(Diagnostic::toString).toList();
    }

    @Test
    void defaultsAreKeepalivedsAndChangeNothing() {
        ProcessSettings p = valid("");
        assertThat(p).isEqualTo(ProcessSettings.DEFAULTS);
        assertThat(p.rlimitRttimeMicros()).isEqualTo(10_000);
        assertThat(p.maxAutoPriority()).isZero();
        assertThat(p.minAutoPriorityDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.umask()).isEmpty();
    }

    @Test
    void everyKeyword() {
        ProcessSettings p = valid("""
                vrrp_rt_priority 30
                vrrp_no_swap
                vrrp_cpu_affinity 1 0 1
                vrrp_rlimit_rttime 1
                max_auto_priority 40
                min_auto_priority_delay 250000
                umask 027
                process_name kw
                vrrp_process_name kw_vrrp
                """);
        assertThat(p.rtPriority()).hasValue(30);
        assertThat(p.noSwap()).isTrue();
        assertThat(p.cpuAffinity()).containsExactly(0, 1);
        assertThat(p.rlimitRttimeMicros()).isEqualTo(2); // keepalived: the soft limit, half of it, must not be 0
        assertThat(p.maxAutoPriority()).isEqualTo(40);
        assertThat(p.minAutoPriorityDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(p.umask()).hasValue(027);
        assertThat(p.processName()).contains("kw");
        assertThat(p.vrrpProcessName()).contains("kw_vrrp");
    }

    @Test
    void keepalivedsOtherForms() {
        assertThat(valid("max_auto_priority").maxAutoPriority()).isEqualTo(99);
        assertThat(valid("max_auto_priority -1").maxAutoPriority()).isZero();
        assertThat(valid("process_names").vrrpProcessName()).contains("keepalived_vrrp");
        assertThat(valid("vrrp_priority -5").nice()).hasValue(-5);
        assertThat(valid("umask IWGRP | IRWXO".replace("IRWXO", "IROTH|IWOTH|IXOTH")).umask()).hasValue(0027);
        assertThat(valid("umask 0x1ff").umask()).hasValue(0777);
        assertThat(valid("umask 0").umask()).hasValue(0);
    }

    @Test
    void outOfRangeIsClampedOrTruncatedWithAWarning() {
        assertThat(read("vrrp_rt_priority 150").config().orElseThrow().global().process().rtPriority()).hasValue(99);
        assertThat(warnings("vrrp_rt_priority 150")).containsExactly(
                "p.conf:2: warning: vrrp_rt_priority 150 is out of range 1..99; 99 is used");
        assertThat(warnings("process_name a_name_of_twenty_ch")).containsExactly(
                "p.conf:2: warning: process_name 'a_name_of_twenty_ch' is longer than 15 characters; 'a_name_of_twent' is used");
        assertThat(warnings("vrrp_priority 5\nvrrp_rt_priority 10")).containsExactly(
                "p.conf:2: warning: vrrp_priority is not applied with vrrp_rt_priority (as in keepalived): the VRRP threads"
                        + " run at the realtime priority");
        assertThat(warnings("vrrp_rlimit_rtime 20000")).containsExactly(
                "p.conf:2: warning: vrrp_rlimit_rtime is deprecated; use vrrp_rlimit_rttime");
    }

    @Test
    void badValuesAreErrorsNamingTheLine() {
        assertThat(errors("umask 0999")).containsExactly("p.conf:2: umask '0999' is not a mask in 0..0777");
        assertThat(errors("umask 01777")).containsExactly("p.conf:2: umask '01777' is not a mask in 0..0777");
        assertThat(errors("umask IWGRP IROTH")).containsExactly(
                "p.conf:2: umask 'IWGRP IROTH' is not bit names joined by |");
        assertThat(errors("umask IWGRP|IRWXO")).containsExactly("p.conf:2: umask: unknown bit 'IRWXO'"
                + " (IRUSR, IWUSR, IXUSR, IRGRP, IWGRP, IXGRP, IROTH, IWOTH, IXOTH)");
        assertThat(errors("umask IWGRP |")).containsExactly("p.conf:2: umask 'IWGRP |' ends with |");
        assertThat(errors("vrrp_priority 20")).containsExactly("p.conf:2: vrrp_priority 20 is out of range -20..19");
        assertThat(errors("vrrp_cpu_affinity 0 x")).containsExactly("p.conf:2: vrrp_cpu_affinity 'x' is not a number");
        assertThat(errors("vrrp_cpu_affinity")).containsExactly("p.conf:2: vrrp_cpu_affinity needs CPU numbers");
        assertThat(errors("min_auto_priority_delay 0")).containsExactly(
                "p.conf:2: min_auto_priority_delay 0 is out of range 1..10000000");
        assertThat(errors("vrrp_rlimit_rttime 0")).containsExactly(
                "p.conf:2: vrrp_rlimit_rttime '0' is not a number of microseconds in 1..4294967295");
        assertThat(errors("max_auto_priority 100")).containsExactly(
                "p.conf:2: max_auto_priority 100 is out of range -1..99");
    }
}
