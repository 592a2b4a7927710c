package io.keepwatch.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.cli.MainAccess;
import io.keepwatch.config.ConfigLoader;
import io.keepwatch.config.ConfigPrinter;
import io.keepwatch.config.ConfigResult;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.metrics.StatusStore;
import io.keepwatch.vrrp.VrrpState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The VRRPv2 password reaches the wire and nothing else: not the dump, status, page or files. */
class SecretMaskingTest {

    private static final String PASSWORD = "Zq7secrt";

    private static final String CONFIG = """
            vrrp_instance VI_1 {
              state BACKUP
              interface eth0
              virtual_router_id 51
              priority 100
              authentication {
                auth_type PASS
                auth_pass %s
              }
              virtual_ipaddress {
                10.0.0.100/24
              }
            }
            """.formatted(PASSWORD);

    @Test
    void checkConfigDumpMasksThePassword(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keepalived.conf");
        Files.writeString(file, CONFIG);
        ConfigResult result = ConfigLoader.load(file, "host");
        KeepalivedConfig config = result.config().orElseThrow();
        assertThat(config.instances().getFirst().authentication().password().reveal()).isEqualTo(PASSWORD);
        assertThat(ConfigPrinter.print(config)).doesNotContain(PASSWORD).contains("auth_pass ********");
        assertThat(config.toString()).doesNotContain(PASSWORD);

        MainAccess.Result cli = MainAccess.run("check-config", "--no-interface-check", "--dump", "-f", file.toString());
        assertThat(cli.exitCode()).isZero();
        assertThat(cli.out() + cli.err()).doesNotContain(PASSWORD).contains("********");
    }

    @Test
    void pluginBlockSecretsAreMaskedInTheDump(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keepalived.conf");
        Files.writeString(file, CONFIG + """
                vrrp_notifier mail {
                  type smtp
                  smtp_password Hunter2pw
                }
                vrrp_notifier hook {
                  type webhook
                  url https://ops:UrlPassw0rd@hooks.example/x
                  secret WebHookS3cret
                  headers {
                    Authorization "Bearer Tok3nValue"
                  }
                }
                """);
        // No plugin is installed here, so check-config refuses the blocks: not one secret in what it says.
        MainAccess.Result cli = MainAccess.run("check-config", "--no-interface-check", "--dump", "-f", file.toString(),
                "--plugin-dir", dir.toString(), "--no-bundled-plugins");
        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(5);
        KeepalivedConfig config = ConfigLoader.load(file, "host").config().orElseThrow();
        String dump = ConfigPrinter.print(config);
        assertThat(dump).contains("smtp_password ********").contains("secret ********")
                .contains("Authorization ********").contains("https://********@hooks.example/x");
        for (String secret : new String[] {PASSWORD, "Hunter2pw", "WebHookS3cret", "Tok3nValue", "UrlPassw0rd"}) {
            assertThat(cli.out() + cli.err() + dump).doesNotContain(secret);
        }
        assertThat(ConfigPrinter.print(config, true)).as("a usable file keeps them").contains("WebHookS3cret");
    }

    @Test
    void statusPageAndDumpsCarryNoPassword(@TempDir Path dir) throws Exception {
        StatusStore statistics = new StatusStore();
        statistics.published(Snapshots.instance("VI_1", VrrpState.MASTER, 100));
        DaemonStatus status = DaemonStatus.of(statistics, Snapshots.T0);
        Dumps dumps = new Dumps(statistics, dir.resolve("k.data"), dir.resolve("k.stats"), () -> ZoneOffset.UTC);
        String state = Files.readString(dumps.writeState());
        String stats = Files.readString(dumps.writeStats());

        // the snapshot type has no field that could hold it; the dump says the type only
        assertThat(io.keepwatch.runtime.InstanceStatus.class.getRecordComponents())
                .noneMatch(c -> c.getName().toLowerCase().contains("pass") || c.getName().contains("secret"));
        assertThat(state).contains("Authentication type = SIMPLE_PASSWORD").doesNotContain("Password");
        for (String text : new String[] {StatusJson.write(status), StatusPage.render(status, "h"), state, stats}) {
            assertThat(text).doesNotContain(PASSWORD);
        }
        assertThat(Files.getPosixFilePermissions(dir.resolve("k.data")))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }
}
