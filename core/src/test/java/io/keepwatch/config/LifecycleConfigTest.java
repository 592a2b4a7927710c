package io.keepwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.diagnostic.Diagnostic;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.Lifecycle;
import io.keepwatch.config.model.NotifyFifo;
import io.keepwatch.config.model.NotifyConflict;
import io.keepwatch.config.model.NotifyOptions;
import io.keepwatch.config.model.ReloadSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The notify FIFO, start-up/shutdown script and reload keywords, as keepalived reads them. */
class LifecycleConfigTest {

    private static final String INSTANCE = "vrrp_instance VI_1 { interface eth0\n virtual_router_id 7\n";

    private static ConfigResult read(String text) {
        return ModelRulesTest.read(text);
    }

    private static Lifecycle lifecycle(String globals) {
        return ModelRulesTest.valid("global_defs {\n" + globals + "\n}\n").global().lifecycle();
    }

    private static List<String> warnings(String text) {
        return read(text).warnings().stream().map(Diagnostic::toString).toList();
    }

    @Test
    void nothingSetMeansKeepalivedsDefaults() {
        Lifecycle l = lifecycle("");
        assertThat(l).isEqualTo(Lifecycle.DEFAULTS);
    }

    @Test
    void fifosWithOwnersAndScripts() {
        Lifecycle l = lifecycle("""
                notify_fifo /run/all.fifo
                notify_fifo_script "/usr/local/bin/read-fifo --verbose" nobody nogroup
                vrrp_notify_fifo /run/vrrp.fifo daemon adm
                fifo_write_vrrp_states_on_reload
                vrrp_notify_priority_changes
                """);
        NotifyFifo all = l.notifyFifo().orElseThrow();
        assertThat(all.path()).isEqualTo(Path.of("/run/all.fifo"));
        assertThat(all.user()).isEmpty();
        assertThat(all.script().orElseThrow().command().argv()).containsExactly("/usr/local/bin/read-fifo", "--verbose");
        assertThat(all.script().orElseThrow().user()).contains("nobody");
        assertThat(all.script().orElseThrow().group()).contains("nogroup");
        NotifyFifo vrrp = l.vrrpNotifyFifo().orElseThrow();
        assertThat(vrrp.user()).contains("daemon");
        assertThat(vrrp.group()).contains("adm");
        assertThat(vrrp.script()).isEmpty();
        assertThat(l.fifoWriteVrrpStatesOnReload()).isTrue();
        assertThat(l.vrrpNotifyPriorityChanges()).isTrue();
    }

    @Test
    void theSameFifoTwiceIsWrittenThroughNotifyFifoOnly() {
        String text = "global_defs {\n notify_fifo /run/k.fifo\n vrrp_notify_fifo /run/k.fifo\n}\n";
        Lifecycle l = ModelRulesTest.valid(text).global().lifecycle();
        assertThat(l.notifyFifo()).isPresent();
        assertThat(l.vrrpNotifyFifo()).isEmpty();
        assertThat(warnings(text)).containsExactly("m.conf:3: warning: notify FIFO /run/k.fifo has been specified"
                + " for global and vrrp FIFO; vrrp_notify_fifo ignored");
    }

    @Test
    void repeatedOrIncompleteFifoLinesAreWarnedAboutAndIgnored() {
        String text = """
                global_defs {
                 notify_fifo
                 notify_fifo /run/a.fifo
                 notify_fifo /run/b.fifo
                 vrrp_notify_fifo_script /bin/cat
                }
                """;
        assertThat(ModelRulesTest.valid(text).global().lifecycle().notifyFifo().orElseThrow().path())
                .isEqualTo(Path.of("/run/a.fifo"));
        assertThat(warnings(text)).containsExactly(
                "m.conf:2: warning: no notify_fifo name specified; ignored",
                "m.conf:4: warning: notify_fifo already specified; ignoring /run/b.fifo",
                "m.conf:5: warning: vrrp_notify_fifo_script without vrrp_notify_fifo; ignored");
    }

    @Test
    void startupAndShutdownScriptsWithTimeouts() {
        Lifecycle l = lifecycle("""
                startup_script_timeout 3
                startup_script "/etc/keepalived/up.sh fast"
                shutdown_script /etc/keepalived/down.sh root
                """);
        assertThat(l.startupScript().orElseThrow().timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(l.startupScript().orElseThrow().script().command().argv())
                .containsExactly("/etc/keepalived/up.sh", "fast");
        // keepalived: 10 seconds unless set
        assertThat(l.shutdownScript().orElseThrow().timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(l.shutdownScript().orElseThrow().script().user()).contains("root");
    }

    @Test
    void aTimeoutOutOfRangeIsIgnored() {
        String text = "global_defs {\n shutdown_script /bin/true\n shutdown_script_timeout 1001\n}\n";
        assertThat(ModelRulesTest.valid(text).global().lifecycle().shutdownScript().orElseThrow().timeout())
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(warnings(text)).containsExactly(
                "m.conf:3: warning: shutdown_script_timeout '1001' must be in [1, 1000]; ignored");
    }

    @Test
    void reloadKeywords() {
        ReloadSettings r = lifecycle("""
                reload_check_config
                reload_time_file /run/keepalived/reload_time
                reload_repeat
                reload_file
                config_save_dir /tmp
                data_use_instance
                """).reload();
        assertThat(r.checkConfigLog()).contains(Path.of("/dev/null"));
        assertThat(r.timeFile()).contains(Path.of("/run/keepalived/reload_time"));
        assertThat(r.repeat()).isTrue();
        assertThat(r.reloadFile()).contains(ReloadSettings.DEFAULT_RELOAD_FILE);
        assertThat(r.configSaveDir()).contains(Path.of("/tmp"));
        assertThat(lifecycle("reload_check_config /var/log/kw-check.log\nreload_file /run/kw.reload").reload())
                .extracting(ReloadSettings::checkConfigLog, ReloadSettings::reloadFile)
                .containsExactly(Optional.of(Path.of("/var/log/kw-check.log")), Optional.of(Path.of("/run/kw.reload")));
        assertThat(lifecycle("data_use_instance").dataUseInstance()).isTrue();
    }

    @Test
    void aSaveDirectoryThatCannotBeMadeIsIgnored() {
        String text = "global_defs {\n config_save_dir /etc/hostname\n config_save_dir /nonexistent/kw/save\n}\n";
        assertThat(ModelRulesTest.valid(text).global().lifecycle().reload().configSaveDir()).isEmpty();
        assertThat(warnings(text)).containsExactly(
                "m.conf:2: warning: config_save_dir /etc/hostname exists and is not a directory; ignored",
                "m.conf:3: warning: config_save_dir /nonexistent/kw/save: its parent directory does not exist; ignored");
    }

    @Test
    void instanceNotifyDeletedAndPriorityChanges() {
        KeepalivedConfig c = ModelRulesTest.valid(INSTANCE + " notify_deleted\n notify_priority_changes false\n}\n"
                + INSTANCE.replace("VI_1", "VI_2").replace(" 7", " 8") + " notify_deleted \"/bin/gone VI_2\" nobody\n}\n"
                + INSTANCE.replace("VI_1", "VI_3").replace(" 7", " 9") + "}\n");
        assertThat(c.instance("VI_1").orElseThrow().notifyOptions())
                .isEqualTo(new NotifyOptions(true, Optional.empty(), Optional.of(false)));
        NotifyOptions two = c.instance("VI_2").orElseThrow().notifyOptions();
        assertThat(two.deleted()).isTrue();
        assertThat(two.deletedScript().orElseThrow().command().argv()).containsExactly("/bin/gone", "VI_2");
        assertThat(two.deletedScript().orElseThrow().user()).contains("nobody");
        assertThat(c.instance("VI_3").orElseThrow().notifyOptions()).isEqualTo(NotifyOptions.DEFAULTS);
    }

    @Test
    void instanceNotifyConflictWithItsUserAndAScriptLineTooLongIsAnError() {
        KeepalivedConfig c = ModelRulesTest.valid(INSTANCE + " notify_conflict \"/bin/split VI_1\" nobody nogroup\n}\n"
                + INSTANCE.replace("VI_1", "VI_2").replace(" 7", " 8") + "}\n");
        var script = c.instance("VI_1").orElseThrow().notifyConflict().script().orElseThrow();
        assertThat(script.command().argv()).containsExactly("/bin/split", "VI_1");
        assertThat(script.user()).contains("nobody");
        assertThat(script.group()).contains("nogroup");
        assertThat(c.instance("VI_2").orElseThrow().notifyConflict()).isEqualTo(NotifyConflict.NONE);
        assertThat(read(INSTANCE + " notify_conflict /bin/split a b c\n}\n").errors()).extracting(Object::toString)
                .containsExactly("m.conf:3: notify_conflict takes a script and at most a user and a group; "
                        + "quote a script that has arguments");
    }

    @Test
    void syncGroupPriorityChangesAndNoNotifyDeleted() {
        String text = INSTANCE + "}\nvrrp_sync_group G {\n group { VI_1 }\n notify_priority_changes\n notify_deleted\n}\n";
        assertThat(ModelRulesTest.valid(text).syncGroups().getFirst().notifyPriorityChanges()).contains(true);
        assertThat(warnings(text)).containsExactly("m.conf:7: warning: vrrp_sync_group G: notify_deleted applies to"
                + " a vrrp_instance only (keepalived notifies no sync group of its removal); ignored");
    }

    @Test
    void theDumpReadsBackTheSame() {
        KeepalivedConfig c = ModelRulesTest.valid("""
                global_defs {
                 notify_fifo /run/all.fifo nobody
                 notify_fifo_script "/usr/local/bin/read-fifo -v" nobody nogroup
                 vrrp_notify_fifo /run/v.fifo
                 startup_script /bin/true
                 reload_check_config /tmp/check.log
                 reload_time_file /run/rt
                }
                """ + INSTANCE + " notify_deleted /bin/gone\n}\n");
        assertThat(ModelRulesTest.valid(ConfigPrinter.print(c, true))).isEqualTo(c);
    }
}
