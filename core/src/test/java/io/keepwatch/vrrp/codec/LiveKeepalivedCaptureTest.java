package io.keepwatch.vrrp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same checks as {@link CapturedKeepalivedTest} against frames captured now, from the
 * keepalived installed on this machine, by running captures/capture.sh (network namespaces, root).
 * Skipped when not root, except under CI=true, where that fails.
 */
@Tag("netns")
class LiveKeepalivedCaptureTest extends KeepalivedFramesContract {
    private static final Path SCRIPT = Path.of("src/test/resources/captures/capture.sh");

    @TempDir
    static Path out;

    @BeforeAll
    static void capture() throws IOException, InterruptedException {
        if (!isRoot()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("the netns tests need root, and CI=true");
            }
            Assumptions.abort("not root: cannot create network namespaces");
        }
        Path log = out.resolve("capture.log");
        Process p = new ProcessBuilder("bash", SCRIPT.toString(), out.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // The script records for 10 s; allow for a slow, shared machine.
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroy();
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            fail("capture.sh did not finish within 90 s:\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        assertThat(p.exitValue()).as("capture.sh exit code; output:%n%s", Files.readString(log, StandardCharsets.UTF_8)).isZero();
    }

    private static boolean isRoot() throws IOException, InterruptedException {
        Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
        String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        return id.waitFor(10, TimeUnit.SECONDS) && "0".equals(uid);
    }

    @Override
    List<byte[]> frames(String name) {
        try {
            return Pcap.read(Files.readAllBytes(out.resolve(name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
