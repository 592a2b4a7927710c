package io.keepwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon started without CAP_NET_ADMIN and CAP_NET_RAW stops at once with one line saying so,
 * and exit code 77, before it touches any socket. setpriv(1) drops the capabilities from the
 * permitted and effective sets of the child (as a non-root user they are missing anyway).
 */
class RunWithoutCapabilitiesTest {

    @Test
    void missingCapabilitiesGiveOneLineAndExit77(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("keepalived.conf");
        Files.writeString(config, """
                vrrp_instance VI_1 {
                    interface lo
                    virtual_router_id 51
                    virtual_ipaddress {
                        192.0.2.10/32
                    }
                }
                """);
        List<String> command = new ArrayList<>(List.of("setpriv", "--inh-caps=-all", "--ambient-caps=-all",
                "--bounding-set=-net_admin,-net_raw", "--"));
        command.addAll(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-cp", classPath(), "io.keepwatch.cli.Main",
                "run", "-f", config.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keepwatch exits by itself").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as(output).isEqualTo(77);
        assertThat(output.lines().filter(l -> l.startsWith("keepwatch:")).toList())
                .singleElement().asString().contains("CAP_NET_");
    }

    private static String classPath() {
        String path = System.getProperty("surefire.test.class.path");
        return path != null ? path : System.getProperty("java.class.path");
    }
}
