package io.keepwatch.testing.witness;

import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.PluginConfigException;
import io.keepwatch.plugin.api.PluginContext;
import io.keepwatch.plugin.api.Witness;
import io.keepwatch.plugin.api.WitnessFactory;
import java.nio.file.Path;
import java.time.Duration;
import org.pf4j.Extension;

/**
 * The {@code test-store} witness type: a client of a {@link WitnessServer} in the test's JVM.
 * Keywords: {@code socket PATH} (required) and {@code ttl SECONDS} (default 3). The daemon's router id
 * names it to the server, which may cut it off.
 */
@Extension
public final class SocketWitnessFactory implements WitnessFactory {

    public static final String TYPE = "test-store";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Witness create(PluginContext context) {
        ConfigNode block = context.config();
        Path socket = null;
        Duration ttl = Duration.ofSeconds(3);
        for (ConfigNode line : block.children()) {
            switch (line.keyword()) {
                case "type" -> { }
                case "socket" -> socket = Path.of(line.arguments().getFirst());
                case "ttl" -> ttl = Duration.ofSeconds(Long.parseLong(line.arguments().getFirst()));
                default -> throw new PluginConfigException(line.position(), "unknown keyword '" + line.keyword()
                        + "' in a " + TYPE + " witness");
            }
        }
        if (socket == null) {
            throw new PluginConfigException(block.position(), "a " + TYPE + " witness needs 'socket PATH'");
        }
        return new SocketWitness(socket, ttl, context.globals().routerId());
    }
}
