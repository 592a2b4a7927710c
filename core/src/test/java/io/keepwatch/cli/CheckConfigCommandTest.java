package io.keepwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CheckConfigCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = TopCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    static String reference() throws Exception {
        return Path.of(CheckConfigCommandTest.class.getResource("/seed-master.conf").toURI()).toString();
    }

    @Test
    void referenceConfigurationIsValid() throws Exception {
        assertThat(run("check-config", "--no-interface-check", "-f", reference())).isEqualTo(0);
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString()).isEmpty();
    }

    /**
     * The reference files name the article's enp0s3, which this host lacks: a check away from the
     * host the file is written for warns of it and accepts the file.
     */
    @Test
    void referenceConfigurationIsValidOnAHostWithoutItsInterface() throws Exception {
        assumeFalse(Files.exists(Path.of("/sys/class/net/enp0s3")), "this host has the article's enp0s3");
        assertThat(run("check-config", "-f", reference())).isEqualTo(0);
        assertThat(err.toString()).contains(":16: warning: interface enp0s3 of vrrp_instance VI_1 does not exist"
                + " on this host: keepwatch run would refuse the file here");
    }

    @Test
    void anErrorIsReportedWithItsLineAndExitCode5(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("k.conf");
        Files.writeString(file, "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n priority 300\n}\n");
        assertThat(run("check-config", "--no-interface-check", "-f", file.toString())).isEqualTo(5);
        assertThat(err.toString()).isEqualTo(file + ":4: priority 300 is out of range 1..255" + System.lineSeparator());
    }

    /**
     * With --interface-check, as keepalived -t, an interface this host lacks is an error unless
     * dynamic_interfaces is set; without it, a warning.
     */
    @Test
    void aMissingInterfaceIsAnErrorWithInterfaceCheckAndAWarningWithout(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("k.conf");
        String instance = "vrrp_instance VI_1 {\n interface kwnosuch0\n virtual_router_id 51\n}\n";
        Files.writeString(file, instance);
        assertThat(run("check-config", "--interface-check", "-f", file.toString())).isEqualTo(5);
        assertThat(err.toString()).startsWith(file + ":2: interface kwnosuch0 of vrrp_instance VI_1 does not exist;");
        err.getBuffer().setLength(0);
        assertThat(run("check-config", "-f", file.toString())).isEqualTo(0);
        assertThat(err.toString()).startsWith(file + ":2: warning: interface kwnosuch0 of vrrp_instance VI_1 does not"
                + " exist on this host");
        err.getBuffer().setLength(0);
        assertThat(run("check-config", "--no-interface-check", "-f", file.toString())).isEqualTo(0);
        assertThat(err.toString()).isEmpty();
        Files.writeString(file, "global_defs {\n dynamic_interfaces\n}\n" + instance);
        assertThat(run("check-config", "--interface-check", "-f", file.toString())).isEqualTo(0);
    }

    @Test
    void disabledScriptsAreWarningsAndTheFileStaysValid(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("k.conf");
        Files.writeString(file, """
                global_defs {
                  enable_script_security
                  script_user kw-no-such-user
                }
                vrrp_script chk {
                  script "/bin/true"
                }
                vrrp_instance VI_1 {
                  interface eth0
                  virtual_router_id 51
                  track_script {
                    chk
                  }
                }
                """);
        assertThat(run("check-config", "--no-interface-check", "-f", file.toString())).isEqualTo(0);
        assertThat(err.toString()).isEqualTo(file + ": warning: vrrp_script chk disabled (whatever tracks it ignores"
                + " it): script_user kw-no-such-user does not exist; scripts without a user of their own do not run"
                + System.lineSeparator());
    }

    @Test
    void anUnreadableFileExitsWith4() {
        assertThat(run("check-config", "--no-interface-check", "-f", "/nonexistent/k.conf")).isEqualTo(4);
        assertThat(err.toString()).contains("/nonexistent/k.conf:0: no configuration file");
    }

    @Test
    void dumpPrintsTheEffectiveConfigurationWithTheSecretMasked() throws Exception {
        assertThat(run("check-config", "--no-interface-check", "-f", reference(), "--dump")).isEqualTo(0);
        assertThat(out.toString()).contains("auth_pass ********").doesNotContain("1111")
                .contains("priority 50").contains("garp_master_delay 5");
    }

    @Test
    void configIdSelectsConditionalLines(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("k.conf");
        Files.writeString(file, "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
                + " @lb1 priority 200\n @^lb1 priority 999\n}\n");
        assertThat(run("check-config", "--no-interface-check", "-f", file.toString(), "--config-id", "lb1", "--dump")).isEqualTo(0);
        assertThat(out.toString()).contains("priority 200");
        assertThat(run("check-config", "--no-interface-check", "-f", file.toString(), "--config-id", "lb2")).isEqualTo(5);
    }

    @Test
    void versionAndHelp() {
        assertThat(run("--version")).isEqualTo(0);
        assertThat(out.toString()).startsWith("keepwatch ");
        assertThat(run("check-config", "--help")).isEqualTo(0);
        assertThat(out.toString()).contains("--dump").contains("--config-id");
        assertThat(run("run", "--help")).isEqualTo(0);
    }

    @Test
    void runRefusesAFileItCannotReadAndOneWithErrors(@TempDir Path dir) throws Exception {
        assertThat(run("run", "-f", "/nonexistent/k.conf")).isEqualTo(4);

        Path broken = dir.resolve("broken.conf");
        Files.writeString(broken, "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 256\n}\n");
        assertThat(run("run", "-f", broken.toString())).isEqualTo(5);
        assertThat(err.toString()).contains("broken.conf:3:").contains("not started");
    }
}
