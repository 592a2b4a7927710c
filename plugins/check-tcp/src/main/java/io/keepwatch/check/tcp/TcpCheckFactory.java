package io.keepwatch.check.tcp;

import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.ConfigValues;
import io.keepwatch.plugin.api.HealthCheck;
import io.keepwatch.plugin.api.HealthCheckFactory;
import io.keepwatch.plugin.api.HealthCheckSettings;
import io.keepwatch.plugin.api.PluginConfigException;
import io.keepwatch.plugin.api.PluginContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.pf4j.Extension;

/**
 * Check type {@code tcp}, with the keywords of keepalived's {@code TCP_CHECK}:
 *
 * <pre>
 * vrrp_check db {
 *     type tcp
 *     connect_ip 127.0.0.1        # address (or host name, resolved once at load)
 *     connect_port 5432
 *     bindto 127.0.0.1            # optional source address
 *     connect_timeout 1           # optional, seconds; default: the check's timeout
 *     send "PING\r\n"             # optional, escapes \r \n \t \\ \0 \xHH
 *     expect "+PONG"              # optional, bytes that must arrive before the timeout
 * }
 * </pre>
 */
@Extension
public final class TcpCheckFactory implements HealthCheckFactory {

    private static final Set<String> KEYWORDS;

    static {
        Set<String> k = new HashSet<>(HealthCheckSettings.GENERIC_KEYWORDS);
        k.addAll(List.of("connect_ip", "connect_port", "bindto", "connect_timeout", "send", "expect"));
        KEYWORDS = Set.copyOf(k);
    }

    @Override
    public String type() {
        return "tcp";
    }

    @Override
    public String description() {
        return "connects to a TCP port, optionally sends a string and expects a reply";
    }

    @Override
    public HealthCheck create(PluginContext context) {
        ConfigNode block = context.config();
        ConfigValues.rejectUnknown(block, KEYWORDS);
        InetAddress host = address(block, "connect_ip", ConfigValues.required(block, "connect_ip"));
        int port = ConfigValues.integer(block, "connect_port", 1, 65535, -1);
        if (port < 0) {
            throw new PluginConfigException(block.position(), "missing 'connect_port' in " + block.keyword() + " block");
        }
        Optional<InetSocketAddress> bind = ConfigValues.optional(block, "bindto")
                .map(a -> new InetSocketAddress(address(block, "bindto", a), 0));
        Optional<Duration> connectTimeout = block.child("connect_timeout")
                .map(l -> ConfigValues.seconds(block, "connect_timeout", Duration.ZERO));
        return new TcpCheck(new TcpCheck.Settings(new InetSocketAddress(host, port), bind, connectTimeout,
                bytes(block, "send"), bytes(block, "expect")));
    }

    private static Optional<byte[]> bytes(ConfigNode block, String keyword) {
        Optional<ConfigNode> line = block.child(keyword);
        if (line.isEmpty()) {
            return Optional.empty();
        }
        String text = String.join(" ", line.get().arguments());
        if (text.isEmpty()) {
            throw new PluginConfigException(line.get().position(), "'" + keyword + "' needs a value");
        }
        try {
            return Optional.of(Escapes.decode(text));
        } catch (IllegalArgumentException e) {
            throw new PluginConfigException(line.get().position(), "'" + keyword + "': " + e.getMessage());
        }
    }

    private static InetAddress address(ConfigNode block, String keyword, String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new PluginConfigException(block.child(keyword).map(ConfigNode::position).orElse(block.position()),
                    "'" + keyword + "': cannot resolve " + text);
        }
    }
}
