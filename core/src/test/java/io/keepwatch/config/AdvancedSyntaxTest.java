package io.keepwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.model.KeepalivedConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A configuration written with parameters, a multi-line parameter, {@code ~SEQ} and {@code ~LST}
 * binds into the same model as the same configuration written out by hand.
 */
class AdvancedSyntaxTest {

    private static KeepalivedConfig load(String name) throws Exception {
        Path file = Path.of(AdvancedSyntaxTest.class.getResource("/syntax/" + name).toURI());
        ConfigResult result = ConfigLoader.load(file, "node1");
        assertThat(result.diagnostics()).as(name).isEmpty();
        return result.config().orElseThrow();
    }

    @Test
    void bindsLikeItsExpandedForm() throws Exception {
        KeepalivedConfig written = load("advanced.conf");
        KeepalivedConfig expanded = load("advanced-expanded.conf");

        assertThat(written.instances()).extracting(i -> i.name()).containsExactly("VI_10", "VI_20", "VI_30", "VI_6");
        assertThat(written.instances().getFirst().priority()).isEqualTo(150);
        assertThat(written.scripts().getFirst().script().argv()).containsExactly("/usr/bin/test", "-e", "/run/service#1");
        assertThat(ConfigPrinter.print(written, true)).isEqualTo(ConfigPrinter.print(expanded, true));
        assertThat(written.instances()).isEqualTo(expanded.instances());
        assertThat(written.global()).isEqualTo(expanded.global());
    }
}
