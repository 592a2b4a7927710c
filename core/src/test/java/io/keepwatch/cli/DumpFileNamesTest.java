package io.keepwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** data_use_instance: the namespace's name goes before the extension, as keepalived names its files. */
class DumpFileNamesTest {

    @Test
    void theNamespaceGoesBeforeTheExtension() {
        assertThat(DumpFileNames.insert(Path.of("/tmp/keepwatch.data"), "blue")).isEqualTo(Path.of("/tmp/keepwatch.blue.data"));
        assertThat(DumpFileNames.insert(Path.of("/var/dump"), "blue")).isEqualTo(Path.of("/var/dump.blue"));
    }
}
