package io.keepwatch.plugins.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keepwatch.cli.PluginsCommand;
import io.keepwatch.plugin.api.AddressConflictEvent;
import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.GlobalSettings;
import io.keepwatch.plugin.api.HealthCheck;
import io.keepwatch.plugin.api.HealthCheckFactory;
import io.keepwatch.plugin.api.HealthCheckSettings;
import io.keepwatch.plugin.api.PluginConfigException;
import io.keepwatch.plugin.api.SourcePosition;
import io.keepwatch.plugin.api.TransitionEvent;
import io.keepwatch.plugins.CheckScheduler;
import io.keepwatch.plugins.NamedNotifier;
import io.keepwatch.plugins.NotifierDispatcher;
import io.keepwatch.plugins.PluginHost;
import io.keepwatch.plugins.PluginInfo;
import io.keepwatch.plugins.PluginProblem;
import io.keepwatch.plugins.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The plugin host loading the packaged plugin jars, as the daemon does. */
class PluginHostIT {

    @TempDir
    Path tmp;

    private Path bundled;
    private Path thirdParty;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void directories() throws Exception {
        bundled = Files.createDirectory(tmp.resolve("share-plugins"));
        thirdParty = Files.createDirectory(tmp.resolve("etc-plugins"));
        try (Stream<Path> jars = Files.list(Jars.bundledDir())) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                Files.copy(jar, bundled.resolve(jar.getFileName()));
            }
        }
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    private PluginHost host() {
        PluginHost host = new PluginHost(List.of(bundled, thirdParty), new SimpleMeterRegistry());
        closing.add(host);
        host.start();
        return host;
    }

    private Path dropSample(String fileName, Map<String, String> manifest, List<Path> extra) throws Exception {
        Path target = thirdParty.resolve(fileName);
        Jars.variant(Jars.sampleJar(), target, manifest, extra);
        return target;
    }

    private static ConfigNode block(String keyword, String name, String... lines) {
        List<ConfigNode> children = new ArrayList<>();
        int n = 2;
        for (String line : lines) {
            List<String> words = List.of(line.split(" "));
            children.add(new ConfigNode(words.getFirst(), words.subList(1, words.size()), List.of(),
                    new SourcePosition("/etc/keepalived/keepalived.conf", n++, 5)));
        }
        return new ConfigNode(keyword, List.of(name), children, new SourcePosition("/etc/keepalived/keepalived.conf", 1, 1));
    }

    private static PluginInfo plugin(PluginHost host, String id) {
        return host.plugins().stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no plugin " + id + " in " + host.plugins()));
    }

    @Test
    void bundledPluginsLoadFromTheirJars() {
        PluginHost host = host();
        assertThat(host.checkFactories()).containsKeys("script", "tcp", "http");
        assertThat(host.notifierFactories()).containsKeys("smtp", "webhook");
        assertThat(plugin(host, "check-http").state()).isEqualTo("STARTED");
        assertThat(plugin(host, "check-http").checkTypes()).containsExactly("http");
        assertThat(plugin(host, "notify-webhook").notifierTypes()).containsExactly("webhook");
        assertThat(plugin(host, "notify-smtp").requires()).isEqualTo("1.0.0");
        assertThat(host.problems()).isEmpty();
    }

    @Test
    void thirdPartyPluginDroppedIntoTheDirectoryIsLoadedAndItsCheckRuns() throws Exception {
        dropSample("sample.jar", Map.of(), List.of());
        PluginHost host = host();
        PluginInfo sample = plugin(host, "sample");
        assertThat(sample.version()).isEqualTo("2.3.4");
        assertThat(sample.provider()).isEqualTo("Example Corp");
        assertThat(sample.checkTypes()).containsExactly("sample");

        Path flag = tmp.resolve("flag");
        Files.writeString(flag, "up");
        ConfigNode conf = block("vrrp_check", "flagged", "type sample", "flag_file " + flag, "interval 0.05", "timeout 5");
        HealthCheck check = host.createCheck("flagged", conf, GlobalSettings.of("r1"));
        LinkedBlockingQueue<String> changes = new LinkedBlockingQueue<>();
        try (CheckScheduler scheduler = new CheckScheduler(Ticker.system(),
                (name, up, message) -> changes.add(name + " " + up + " " + message), new SimpleMeterRegistry())) {
            scheduler.add("flagged", check, HealthCheckSettings.of(conf));
            scheduler.start();
            assertThat(changes.poll(10, TimeUnit.SECONDS)).isEqualTo("flagged true flag " + flag + " present");
            Files.delete(flag);
            assertThat(changes.poll(10, TimeUnit.SECONDS)).isEqualTo("flagged false flag " + flag + " missing");
        }
    }

    @Test
    void corruptJarAndFailingStartAreSkippedWithLoggedErrorsWhileOthersLoad() throws Exception {
        Files.writeString(thirdParty.resolve("corrupt.jar"), "this is not a zip file");
        dropSample("failing.jar", Map.of("Plugin-Id", "sample-failing",
                "Plugin-Class", "com.example.keepwatch.sample.FailingStartPlugin", "Sample-Type", "failing"), List.of());
        dropSample("sample.jar", Map.of(), List.of());

        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PluginHost host;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            host = host();
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        original.print(log);

        assertThat(host.checkFactories()).containsKeys("script", "tcp", "http", "sample").doesNotContainKey("failing");
        assertThat(host.notifierFactories()).containsKeys("smtp", "webhook");
        PluginInfo failing = plugin(host, "sample-failing");
        assertThat(failing.state()).isEqualTo("FAILED");
        assertThat(failing.error()).hasValueSatisfying(e -> assertThat(e).contains("sample failure in start()"));
        assertThat(host.problems()).extracting(PluginProblem::path).contains(thirdParty.resolve("corrupt.jar"));
        assertThat(log).contains("corrupt.jar").contains("plugin sample-failing").contains("sample failure in start()");
    }

    @Test
    void onADuplicateTypeTheEarlierDirectoryWins() throws Exception {
        dropSample("imposter.jar", Map.of("Plugin-Id", "sample-imposter", "Sample-Type", "http"), List.of());
        PluginHost host = host();
        assertThat(plugin(host, "check-http").checkTypes()).containsExactly("http");
        assertThat(plugin(host, "sample-imposter").checkTypes()).isEmpty();
        assertThat(plugin(host, "sample-imposter").warnings()).containsExactly(
                "check type 'http' refused: plugin check-http 0.1.0-SNAPSHOT already provides it");
    }

    @Test
    void pluginWithAMissingDependencyIsSkippedAlone() throws Exception {
        dropSample("needy.jar", Map.of("Plugin-Id", "sample-needy", "Plugin-Dependencies", "not-installed",
                "Sample-Type", "needy"), List.of());
        dropSample("sample.jar", Map.of(), List.of());
        PluginHost host = host();
        assertThat(host.checkFactories()).containsKeys("sample", "http").doesNotContainKey("needy");
        assertThat(host.plugins()).extracting(PluginInfo::id).doesNotContain("sample-needy");
        assertThat(host.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo(thirdParty.resolve("needy.jar"));
            assertThat(p.message()).isEqualTo("plugin sample-needy needs plugin not-installed, which is not installed: "
                    + thirdParty.resolve("needy.jar") + " skipped");
        });
    }

    @Test
    void pluginBuiltForAnotherMajorApiVersionIsRefused() throws Exception {
        dropSample("future.jar", Map.of("Plugin-Id", "sample-future", "Plugin-Requires", "2.0.0",
                "Sample-Type", "future"), List.of());
        PluginHost host = host();
        assertThat(host.checkFactories()).containsKey("http").doesNotContainKey("future");
        assertThat(plugin(host, "sample-future").state()).isEqualTo("DISABLED");
        assertThat(plugin(host, "sample-future").error()).contains("not started: built for plugin API 2.0.0, "
                + "keepwatch offers " + io.keepwatch.plugin.api.PluginApi.VERSION + " (the major versions must match)");
    }

    @Test
    void pluginJarWritableByOthersIsRefusedNamingTheFile() throws Exception {
        Path jar = dropSample("sample.jar", Map.of(), List.of());
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--rw-"));
        PluginHost host = host();
        assertThat(host.checkFactories()).containsKey("http").doesNotContainKey("sample");
        assertThat(host.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo(jar);
            assertThat(p.message()).isEqualTo("refusing plugin " + jar + ": " + jar.toRealPath()
                    + " is writable by other users (mode 646)");
        });
    }

    @Test
    void pluginDirectoryWritableByOthersIsRefused() throws Exception {
        dropSample("sample.jar", Map.of(), List.of());
        Files.setPosixFilePermissions(thirdParty, PosixFilePermissions.fromString("rwxrwxrwx"));
        PluginHost host = host();
        assertThat(host.checkFactories()).containsKey("http").doesNotContainKey("sample");
        assertThat(host.problems()).singleElement().satisfies(p ->
                assertThat(p.message()).startsWith("refusing plugin directory " + thirdParty)
                        .contains("is writable by other users (mode 777)"));
    }

    @Test
    void pluginBundlingItsOwnSlf4jPf4jAndApiCopiesStillWorks() throws Exception {
        List<Path> libs = List.of(Jars.origin(HealthCheckFactory.class), Jars.origin(org.slf4j.Logger.class),
                Jars.origin(org.pf4j.Plugin.class));
        Path jar = dropSample("bundling.jar", Map.of("Plugin-Id", "sample-bundling", "Sample-Type", "bundling"), libs);
        assertThat(Jars.contains(jar, "org/slf4j/Logger.class")).isTrue();
        assertThat(Jars.contains(jar, "io/keepwatch/plugin/api/HealthCheckFactory.class")).isTrue();
        assertThat(Jars.contains(jar, "org/pf4j/Plugin.class")).isTrue();

        PluginHost host = host();
        HealthCheckFactory factory = host.checkFactories().get("bundling");
        assertThat(factory).as("extension visible through the host's interface").isNotNull();
        Path flag = Files.writeString(tmp.resolve("f"), "x");
        HealthCheck check = host.createCheck("b", block("vrrp_check", "b", "type bundling", "flag_file " + flag),
                GlobalSettings.of("r1"));
        assertThat(check.check(Duration.ofSeconds(1)).up()).isTrue();
    }

    @Test
    void theHttpPluginsShareTheHostsOkHttpAndAPluginBundlingAnotherOkHttpKeepsItsOwn() throws Exception {
        Path jar = dropSample("okhttp4.jar", Map.of("Plugin-Id", "sample-okhttp4", "Sample-Type", "okhttp4"),
                Jars.okHttp4());
        assertThat(Jars.contains(jar, "okhttp3/OkHttpClient.class")).isTrue();
        for (String bundledPlugin : List.of("keepwatch-check-http.jar", "keepwatch-notify-webhook.jar")) {
            assertThat(Jars.contains(bundled.resolve(bundledPlugin), "okhttp3/OkHttpClient.class"))
                    .as(bundledPlugin + " bundles no OkHttp").isFalse();
            assertThat(Jars.contains(bundled.resolve(bundledPlugin), "kotlin/Unit.class")).isFalse();
        }
        PluginHost host = host();

        // The test's class path stands for keepwatch's lib/, which holds OkHttp 5.
        for (String id : List.of("check-http", "notify-webhook")) {
            assertThat(host.manager().getPluginClassLoader(id).loadClass("okhttp3.OkHttpClient"))
                    .as(id).isSameAs(okhttp3.OkHttpClient.class);
        }
        ClassLoader own = host.manager().getPluginClassLoader("sample-okhttp4");
        Class<?> client = own.loadClass("okhttp3.OkHttpClient");
        assertThat(client.getClassLoader()).isSameAs(own);
        assertThat(own.loadClass("okhttp3.OkHttp").getField("VERSION").get(null)).isEqualTo("4.12.0");

        // and the plugin's own OkHttp works (reflection: the test itself is compiled against OkHttp 5)
        MockWebServer server = new MockWebServer();
        closing.add(server);
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        server.enqueue(new MockResponse.Builder().code(204).build());
        Class<?> builder = own.loadClass("okhttp3.Request$Builder");
        Object request = builder.getMethod("build").invoke(builder.getMethod("url", String.class)
                .invoke(builder.getConstructor().newInstance(), "http://127.0.0.1:" + server.getPort() + "/own"));
        Object call = client.getMethod("newCall", own.loadClass("okhttp3.Request"))
                .invoke(client.getConstructor().newInstance(), request);
        try (AutoCloseable response = (AutoCloseable) own.loadClass("okhttp3.Call").getMethod("execute").invoke(call)) {
            assertThat(own.loadClass("okhttp3.Response").getMethod("code").invoke(response)).isEqualTo(204);
        }
        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("User-Agent")).isEqualTo("okhttp/4.12.0");
    }

    @Test
    void bundledHttpCheckAndWebhookNotifierWorkThroughTheHost() throws Exception {
        MockWebServer server = new MockWebServer();
        closing.add(server);
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        server.enqueue(new MockResponse.Builder().code(200).body("ok").build());
        server.enqueue(new MockResponse.Builder().code(200).build());
        PluginHost host = host();

        HealthCheck http = host.createCheck("web", block("vrrp_check", "web", "type http",
                "url http://127.0.0.1:" + server.getPort() + "/health", "status_code 200"), GlobalSettings.of("r1"));
        assertThat(http.check(Duration.ofSeconds(2)).up()).isTrue();
        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getTarget()).isEqualTo("/health");

        Map<String, ConfigNode> blocks = new LinkedHashMap<>();
        blocks.put("ops", block("vrrp_notifier", "ops", "type webhook",
                "url http://127.0.0.1:" + server.getPort() + "/hook", "secret k"));
        List<NamedNotifier> notifiers = host.createNotifiers(blocks, GlobalSettings.of("r1"));
        assertThat(notifiers).extracting(NamedNotifier::name).containsExactly("ops");
        try (NotifierDispatcher dispatcher = new NotifierDispatcher(notifiers, new SimpleMeterRegistry())) {
            dispatcher.publish(new TransitionEvent(TransitionEvent.Scope.INSTANCE, "VI_1",
                    TransitionEvent.VrrpState.BACKUP, TransitionEvent.VrrpState.MASTER, 100, "test",
                    Instant.parse("2026-11-25T12:00:00Z"), "r1", List.of("10.0.0.1/24")));
            RecordedRequest hook = server.takeRequest(10, TimeUnit.SECONDS);
            assertThat(hook).isNotNull();
            assertThat(hook.getTarget()).isEqualTo("/hook");
            assertThat(hook.getHeaders().get("X-Keepwatch-Signature")).startsWith("sha256=");
            assertThat(hook.getBody().utf8()).contains("\"name\":\"VI_1\"", "\"new_state\":\"MASTER\"");
        }
    }

    @Test
    void aThirdPartyNotifierWrittenBeforeAddressConflictsIgnoresThemAndKeepsItsTransitions() throws Exception {
        dropSample("sample.jar", Map.of(), List.of());
        PluginHost host = host();
        Path journal = tmp.resolve("events.log");
        List<NamedNotifier> notifiers = host.createNotifiers(
                Map.of("journal", block("vrrp_notifier", "journal", "type sample", "file " + journal)),
                GlobalSettings.of("r1"));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (NotifierDispatcher dispatcher = new NotifierDispatcher(notifiers, registry)) {
            dispatcher.publish(new AddressConflictEvent("VI_1", "eth0", 51, "10.0.0.1", "52:54:00:00:00:02",
                    java.util.Optional.empty(), false, Instant.parse("2026-11-25T12:00:00Z"), "r1"));
            dispatcher.publish(new TransitionEvent(TransitionEvent.Scope.INSTANCE, "VI_1",
                    TransitionEvent.VrrpState.BACKUP, TransitionEvent.VrrpState.MASTER, 100, "test",
                    Instant.parse("2026-11-25T12:00:01Z"), "r1", List.of("10.0.0.1/24")));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (registry.get("keepwatch.notifications.sent").tags("notifier", "journal", "type", "sample").functionCounter().count() < 2) {
                assertThat(System.nanoTime()).as("both events handled within 10 s").isLessThan(deadline);
                Thread.sleep(10);
            }
        }
        assertThat(Files.readString(journal)).isEqualTo("INSTANCE VI_1 BACKUP MASTER 100 test\n");
        assertThat(registry.get("keepwatch.notifications.failed").tags("notifier", "journal", "type", "sample").functionCounter().count())
                .isZero();
    }

    @Test
    void smtpNotifierComesFromGlobalDefsAloneWhenAlertsAreOn() {
        PluginHost host = host();
        var globals = new GlobalSettings("r1", List.of("ops@example.com"), java.util.Optional.empty(),
                java.util.Optional.of("127.0.0.1"), 25, Duration.ofSeconds(1), java.util.Optional.empty(), true,
                Map.of(), Map.of());
        assertThat(host.createNotifiers(Map.of(), globals)).extracting(NamedNotifier::type).containsExactly("smtp");
        assertThat(host.createNotifiers(Map.of(), GlobalSettings.of("r1"))).isEmpty();
    }

    @Test
    void theScriptPluginRunsThroughTheHostsScriptRunner() throws Exception {
        PluginHost host = host();
        Path out = Files.createTempDirectory("kw-script-");
        Files.setAttribute(out, "unix:mode", 01777);
        ConfigNode block = block("vrrp_check", "chk", "type script",
                "script /bin/sh -c 'id -u > " + out.resolve("uid") + "'", "user nobody");
        // The plugin's context carries keepwatch's runner: the user change crosses the plugin's class loader.
        try {
            HealthCheck check = host.createCheck("chk", block, GlobalSettings.of("r1"));
            assertThat(check.check(Duration.ofSeconds(5)).up()).isTrue();
            assertThat(Files.readString(out.resolve("uid")).trim()).isEqualTo("65534");
        } finally {
            Files.deleteIfExists(out.resolve("uid"));
            Files.delete(out);
        }
    }

    @Test
    void unknownTypesAndBadBlocksAreConfigurationErrors() {
        PluginHost host = host();
        assertThatThrownBy(() -> host.createCheck("x", block("vrrp_check", "x", "type gopher"), GlobalSettings.of("r")))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageStartingWith("/etc/keepalived/keepalived.conf:2: unknown check type 'gopher' (known: ");
        assertThatThrownBy(() -> host.createCheck("x", block("vrrp_check", "x", "interval 1"), GlobalSettings.of("r")))
                .hasMessage("/etc/keepalived/keepalived.conf:1: missing 'type' in vrrp_check block");
        assertThatThrownBy(() -> host.createCheck("x", block("vrrp_check", "x", "type http", "url nope"),
                GlobalSettings.of("r")))
                .hasMessage("/etc/keepalived/keepalived.conf:3: 'url' must be an http:// or https:// URL");
    }

    @Test
    void pluginsCommandListsPluginsVersionsAndTypes() throws Exception {
        dropSample("sample.jar", Map.of(), List.of());
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new PluginsCommand());
        cli.setOut(new PrintWriter(out));
        // the bundled plugins come from keepwatch.home, as installed; --plugin-dir adds to them
        int code = cli.execute("--plugin-dir", thirdParty.toString());
        String text = out.toString();
        assertThat(code).isZero();
        assertThat(text).containsPattern("check-http\\s+0\\.1\\.0-SNAPSHOT\\s+STARTED\\s+http\\s+-");
        assertThat(text).containsPattern("notify-smtp\\s+\\S+\\s+STARTED\\s+-\\s+smtp");
        assertThat(text).containsPattern("sample\\s+2\\.3\\.4\\s+STARTED\\s+sample\\s+sample");
    }

}
