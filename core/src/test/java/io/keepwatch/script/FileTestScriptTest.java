package io.keepwatch.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A script that is a shell redirection ({@code "</dev/tcp/127.0.0.1/80"}, keepalived's sample
 * port test) runs through the shell, unchecked, and succeeds or fails as the redirection does;
 * it is not refused as a program that does not exist.
 */
class FileTestScriptTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ScriptPolicy policy = new ScriptPolicy(
            new ScriptUsers(Optional.empty(), Optional.empty(), false, "kw-no-such-user"), ScriptPolicy.KILL_GRACE);

    private PreparedScript prepare(String... argv) throws ScriptRefused {
        return policy.prepare(List.of(argv), Optional.empty(), Optional.empty(), warning -> { });
    }

    @Test
    void aRedirectionFromAFileThatOpensSucceeds() throws Exception {
        assertThat(prepare("</dev/null").run(TIMEOUT).success()).isTrue();
    }

    @Test
    void aRedirectionFromAFileThatDoesNotOpenFailsInsteadOfBeingDisabled(@TempDir Path dir) throws Exception {
        assertThat(prepare("<" + dir.resolve("absent")).run(TIMEOUT).success()).isFalse();
        // what keepalived's sample writes: dash has no /dev/tcp, so the test fails there as under keepalived
        assertThat(prepare("</dev/tcp/127.0.0.1/9").run(TIMEOUT).success()).isFalse();
    }

    @Test
    void furtherWordsAndNotifyArgumentsStayWordsOfTheirOwn(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        PreparedScript script = prepare("<" + out, "ignored by the shell's redirection").withArguments(List.of("it's"));
        assertThat(script.argv()).containsExactly("/bin/sh", "-c", "<" + out + " \"$@\"", "sh",
                "ignored by the shell's redirection", "it's");
        Files.writeString(out, "");
        // the shell runs the first word after the redirection as a command: keepalived's system() does the same
        assertThat(script.run(TIMEOUT).success()).isFalse();
    }

    @Test
    void onlyALessThanSignFollowedByAPathIsAFileTest() {
        assertThat(ScriptPolicy.isFileTest("</dev/tcp/127.0.0.1/80")).isTrue();
        assertThat(ScriptPolicy.isFileTest("< \t/etc/passwd")).isTrue();
        assertThat(ScriptPolicy.isFileTest("<file")).isFalse();
        assertThat(ScriptPolicy.isFileTest("<")).isFalse();
        assertThat(ScriptPolicy.isFileTest("/bin/true")).isFalse();
        assertThat(ScriptPolicy.isFileTest(">/tmp/x")).isFalse();
    }
}
