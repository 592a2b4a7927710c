package io.keepwatch.plugins.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.cli.TopCommand;
import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.GlobalSettings;
import io.keepwatch.plugin.api.PluginApi;
import io.keepwatch.plugin.api.SourcePosition;
import io.keepwatch.plugin.api.TransitionEvent;
import io.keepwatch.plugins.NamedNotifier;
import io.keepwatch.plugins.NotifierDispatcher;
import io.keepwatch.plugins.PluginHost;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * What an operator sees of a mistake in a plugin block or a plugin directory: {@code check-config},
 * {@code run} and {@code plugins} as the command line runs them, against the packaged plugin jars
 * (bundled ones from keepwatch.home, as installed) and broken jars built here.
 */
class PluginValidationIT {

    private static final String ERRORS = "5";

    @TempDir
    Path tmp;

    private Path thirdParty;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    /** What the daemon's log (standard error) said during the last {@link #keepwatch} call. */
    private String log = "";

    @BeforeEach
    void directories() throws Exception {
        thirdParty = Files.createDirectory(tmp.resolve("etc-plugins"));
        Files.copy(Jars.sampleJar(), thirdParty.resolve("sample.jar"));
    }

    private int keepwatch(String... args) {
        CommandLine cli = TopCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private <T> T captureLog(Callable<T> call) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            return call.call();
        } finally {
            System.setErr(original);
            log = captured.toString(StandardCharsets.UTF_8);
            original.print(log);
        }
    }

    private Path conf(String text) throws Exception {
        return Files.writeString(tmp.resolve("keepalived.conf"), text + """
                vrrp_instance VI_1 {
                  state MASTER
                  interface eth0
                  virtual_router_id 51
                  priority 150
                  virtual_ipaddress {
                    10.77.0.100/24
                  }
                }
                """);
    }

    private Path brokenPlugin() throws Exception {
        String fixtures = "io.keepwatch.plugins.it.fixtures.";
        return Jars.plugin(thirdParty.resolve("broken.jar"), Map.of("Plugin-Id", "broken", "Plugin-Version", "1.0.1",
                        "Plugin-Requires", PluginApi.VERSION, "Plugin-Class", "org.pf4j.Plugin"),
                List.of(fixtures + "ThrowingNotifierFactory", fixtures + "LoggingNotifierFactory"),
                List.of(fixtures + "ThrowingNotifierFactory", fixtures + "LoggingNotifierFactory"));
    }

    @Test
    void checkConfigReportsEveryBadPluginBlockAtItsLineAndExits5() throws Exception {
        Path file = conf("""
                vrrp_check web {
                  type gopher
                }
                vrrp_check redis {
                  type tcp
                  connect_ip 127.0.0.1
                  connect_prot 6379
                }
                vrrp_check flag {
                  type sample
                }
                vrrp_notifier ops {
                  type webhook
                }
                vrrp_notifier pager {
                  type pager
                }
                """);
        assertThat(keepwatch("check-config", "-f", file.toString(), "--plugin-dir", thirdParty.toString()))
                .hasToString(ERRORS);
        assertThat(err.toString().lines()).containsExactly(
                file + ":2: unknown check type 'gopher' (known: http, script, tcp, sample)",
                file + ":7: unknown keyword 'connect_prot' in vrrp_check block",
                file + ":9: missing 'flag_file' in vrrp_check block",
                file + ":12: missing 'url' in vrrp_notifier ops",
                file + ":16: unknown notifier type 'pager' (known: smtp, webhook, sample)");
    }

    @Test
    void checkConfigAcceptsGoodPluginBlocks() throws Exception {
        Path file = conf("""
                vrrp_check redis {
                  type tcp
                  connect_ip 127.0.0.1
                  connect_port 6379
                }
                vrrp_notifier ops {
                  type webhook
                  url http://127.0.0.1:9/hook
                }
                """);
        assertThat(keepwatch("check-config", "-f", file.toString())).isZero();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    @Timeout(60)
    void runRefusesBrokenPluginBlocksBeforeAnythingStarts() throws Exception {
        Path file = conf("""
                vrrp_check web {
                  type http
                  ulr http://127.0.0.1/health
                }
                """);
        Path socket = tmp.resolve("control.sock");
        assertThat(keepwatch("run", "-f", file.toString(), "--control-socket", socket.toString(),
                "--metrics-listen", "none")).hasToString(ERRORS);
        assertThat(err.toString().lines()).containsExactly(
                file + ":3: unknown keyword 'ulr' in vrrp_check block",
                "keepwatch: not started: " + file + " has errors (see above)");
        assertThat(socket).doesNotExist();
    }

    @Test
    void pluginDirectoriesAddToTheBundledPluginsUnlessNoBundledPluginsSaysOtherwise() throws Exception {
        String blocks = """
                vrrp_check redis {
                  type tcp
                  connect_ip 127.0.0.1
                  connect_port 6379
                }
                vrrp_check flag {
                  type sample
                  flag_file /run/in-service
                }
                """;
        Path file = conf(blocks);
        assertThat(keepwatch("check-config", "-f", file.toString(), "--plugin-dir", thirdParty.toString())).isZero();
        assertThat(err.toString()).isEmpty();

        assertThat(keepwatch("check-config", "-f", file.toString(), "--plugin-dir", thirdParty.toString(),
                "--no-bundled-plugins")).hasToString(ERRORS);
        assertThat(err.toString()).isEqualTo(file + ":2: unknown check type 'tcp' (known: sample)\n");

        err.getBuffer().setLength(0);
        Path configured = conf("global_defs {\n  plugin_dir " + thirdParty + "\n  no_bundled_plugins\n}\n" + blocks);
        assertThat(keepwatch("check-config", "-f", configured.toString())).hasToString(ERRORS);
        assertThat(err.toString()).isEqualTo(configured + ":6: unknown check type 'tcp' (known: sample)\n");
    }

    @Test
    void aPluginDirectoryThatDoesNotExistIsAConfigurationError() throws Exception {
        Path missing = tmp.resolve("no-such-dir");
        Path file = conf("");
        assertThat(keepwatch("check-config", "-f", file.toString(), "--plugin-dir", missing.toString()))
                .hasToString(ERRORS);
        assertThat(err.toString()).isEqualTo("keepwatch: plugin directory " + missing + " does not exist\n");

        err.getBuffer().setLength(0);
        Path configured = conf("global_defs {\n  plugin_dir " + missing + "\n}\n");
        assertThat(keepwatch("check-config", "-f", configured.toString())).hasToString(ERRORS);
        assertThat(err.toString()).isEqualTo(configured + ":2: plugin_dir " + missing + " does not exist\n");

        err.getBuffer().setLength(0);
        assertThat(keepwatch("plugins", "--plugin-dir", missing.toString())).hasToString(ERRORS);
        assertThat(err.toString()).isEqualTo("keepwatch: plugin directory " + missing + " does not exist\n");
    }

    @Test
    void aFactoryThatThrowsIsAConfigurationErrorAndNeverTakesAnotherNotifierDown() throws Exception {
        brokenPlugin();
        Path file = conf("""
                vrrp_notifier x {
                  type throwing
                }
                """);
        assertThat(keepwatch("check-config", "-f", file.toString(), "--plugin-dir", thirdParty.toString()))
                .hasToString(ERRORS);
        assertThat(err.toString()).isEqualTo(file + ":1: plugin broken 1.0.1 failed to set up type 'throwing': "
                + "java.lang.IllegalStateException: factory bug while binding x\n");

        // Where a configuration was not checked first, each block still stands alone.
        try (PluginHost host = new PluginHost(List.of(Jars.bundledDir(), thirdParty), new SimpleMeterRegistry())) {
            host.start();
            Map<String, ConfigNode> blocks = new LinkedHashMap<>();
            blocks.put("bad", block("bad", "type gopher"));
            blocks.put("x", block("x", "type throwing"));
            blocks.put("ops", block("ops", "type webhook", "url http://127.0.0.1:9/hook"));
            blocks.put("audit", block("audit", "type logging"));
            List<NamedNotifier> created = captureLog(() -> host.createNotifiers(blocks, GlobalSettings.of("lb1")));
            assertThat(created).extracting(NamedNotifier::name).containsExactly("ops", "audit");
            assertThat(log).contains("test.conf:2: unknown notifier type 'gopher'")
                    .contains("test.conf:1: plugin broken 1.0.1 failed to set up type 'throwing'")
                    .contains("plugin broken 1.0.1: notifier audit ready");

            // A plugin's failures are logged with its id and version.
            NamedNotifier audit = created.get(1);
            captureLog(() -> {
                try (NotifierDispatcher dispatcher = new NotifierDispatcher(List.of(audit), new SimpleMeterRegistry())) {
                    dispatcher.publish(new TransitionEvent(TransitionEvent.Scope.INSTANCE, "VI_1",
                            TransitionEvent.VrrpState.BACKUP, TransitionEvent.VrrpState.MASTER, 150, "test",
                            Instant.parse("2026-12-01T12:00:00Z"), "lb1", List.of()));
                }
                return null;
            });
            assertThat(log).contains("notifier audit (logging, plugin broken 1.0.1) gave up on VI_1 BACKUP -> MASTER "
                    + "after 1 attempt(s)");
        }
    }

    private static ConfigNode block(String name, String... lines) {
        List<ConfigNode> children = new java.util.ArrayList<>();
        int n = 2;
        for (String line : lines) {
            List<String> words = List.of(line.split(" "));
            children.add(new ConfigNode(words.getFirst(), words.subList(1, words.size()), List.of(),
                    new SourcePosition("test.conf", n++, 3)));
        }
        return new ConfigNode("vrrp_notifier", List.of(name), children, new SourcePosition("test.conf", 1, 1));
    }

    @Test
    void pluginsCommandSaysWhyInKeepwatchsWordsAndDescribesEachPlugin() throws Exception {
        Path sample = Jars.sampleJar();
        Jars.variant(sample, thirdParty.resolve("future.jar"), Map.of("Plugin-Id", "future", "Plugin-Requires", "2.0.0",
                "Sample-Type", "future"), List.of());
        Jars.variant(sample, thirdParty.resolve("failing.jar"), Map.of("Plugin-Id", "failing",
                "Plugin-Class", "com.example.keepwatch.sample.FailingStartPlugin", "Sample-Type", "failing"), List.of());
        Jars.variant(sample, thirdParty.resolve("noclass.jar"), Map.of("Plugin-Id", "noclass",
                "Plugin-Class", "com.example.Missing", "Sample-Type", "noclass"), List.of());
        Jars.variant(sample, thirdParty.resolve("needy.jar"), Map.of("Plugin-Id", "needy",
                "Plugin-Dependencies", "not-installed", "Sample-Type", "needy"), List.of());
        Jars.without(sample, thirdParty.resolve("unindexed.jar"), Set.of("META-INF/extensions.idx"));
        Files.delete(thirdParty.resolve("sample.jar"));
        Jars.variant(sample, thirdParty.resolve("described.jar"), Map.of("Plugin-Id", "described",
                "Plugin-Description", "Up while a flag file exists", "Sample-Type", "described"), List.of());
        Jars.variant(sample, thirdParty.resolve("imposter.jar"), Map.of("Plugin-Id", "imposter",
                "Sample-Type", "http"), List.of());
        Jars.variant(sample, thirdParty.resolve("twin.jar"), Map.of("Plugin-Id", "described",
                "Sample-Type", "twin"), List.of());

        assertThat(captureLog(() -> keepwatch("plugins", "--plugin-dir", thirdParty.toString()))).isOne();
        String text = out.toString();
        String api = PluginApi.VERSION;
        assertThat(text).containsPattern("check-http +\\S+ +STARTED +http +- +-\n    \\S");
        assertThat(text).contains("""
                described                2.3.4            STARTED  described                sample                   -
                    Up while a flag file exists
                """);
        assertThat(text).contains("""
                failing                  2.3.4            FAILED   -                        -                        -
                    error: not started: its start() threw java.lang.IllegalStateException: sample failure in start()
                """);
        assertThat(text).contains("""
                future                   2.3.4            DISABLED -                        -                        -
                    error: not started: built for plugin API 2.0.0, keepwatch offers %s (the major versions must match)
                """.formatted(api));
        assertThat(text).containsPattern("""
                imposter +2.3.4 +STARTED +- +- +-
                    .*
                    warning: check type 'http' refused: plugin check-http 0.1.0-SNAPSHOT already provides it
                    warning: notifier type 'sample' refused: plugin described 2.3.4 already provides it
                """);
        assertThat(text).contains("""
                noclass                  2.3.4            FAILED   -                        -                        -
                    error: not started: its Plugin-Class com.example.Missing cannot be loaded: \
                java.lang.ClassNotFoundException: com.example.Missing
                """);
        assertThat(text).containsPattern("""
                sample +2.3.4 +STARTED +- +- +-
                    .*
                    warning: has no extension index \\(META-INF/extensions.idx\\), so none of its checks or notifiers \
                can be found: build it with PF4J's annotation processor enabled \\(maven-compiler-plugin <proc>full</proc>\\)
                """);
        assertThat(text).contains("not loaded: plugin needy needs plugin not-installed, which is not installed: "
                + thirdParty.resolve("needy.jar") + " skipped\n");
        assertThat(text).contains("not loaded: plugin " + thirdParty.resolve("twin.jar") + " not loaded: its Plugin-Id "
                + "described is already taken by " + thirdParty.resolve("described.jar") + "\n");
        // The log names the jar of every refusal, and PF4J's own words and stack traces stay out of it.
        assertThat(log).contains("plugin imposter 2.3.4 (" + thirdParty.resolve("imposter.jar")
                        + ") check type 'http' refused: plugin check-http 0.1.0-SNAPSHOT already provides it")
                .contains("plugin sample 2.3.4 (" + thirdParty.resolve("unindexed.jar") + ") has no extension index")
                .doesNotContain("org.pf4j", "\tat ", "Plugin '");
    }
}
