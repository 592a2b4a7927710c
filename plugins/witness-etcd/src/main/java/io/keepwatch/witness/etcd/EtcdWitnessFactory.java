package io.keepwatch.witness.etcd;

import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.ConfigValues;
import io.keepwatch.plugin.api.PluginConfigException;
import io.keepwatch.plugin.api.PluginContext;
import io.keepwatch.plugin.api.Witness;
import io.keepwatch.plugin.api.WitnessFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;
import org.pf4j.Extension;

/**
 * Witness type {@code etcd}:
 *
 * <pre>
 * vrrp_witness main {
 *     type etcd
 *     endpoints http://10.0.0.11:2379 http://10.0.0.12:2379 http://10.0.0.13:2379
 *     ttl 3                  # optional, lease TTL in seconds, default 3
 *     prefix /keepwatch      # optional, default /keepwatch: keys are PREFIX/INSTANCE
 *     timeout 1              # optional, seconds per request over all endpoints, default ttl/3
 *     ca /etc/keepwatch/etcd-ca.pem        # optional TLS: trusted CA (PEM)
 *     cert /etc/keepwatch/etcd-client.pem  # optional TLS client certificate (PEM) ...
 *     key /etc/keepwatch/etcd-client.key   # ... and its unencrypted private key (PEM)
 *     user keepwatch         # optional etcd authentication ...
 *     password secret        # ... with this password
 * }
 * </pre>
 *
 * Nothing is contacted here: a store that is down at start is a runtime state.
 */
@Extension
public final class EtcdWitnessFactory implements WitnessFactory {

    private static final Set<String> KEYWORDS =
            Set.of("type", "endpoints", "ttl", "prefix", "timeout", "ca", "cert", "key", "user", "password");

    /** etcd stores a lease TTL as int64 seconds; a day is beyond any sensible fencing delay. */
    private static final int MAX_TTL = 86_400;

    @Override
    public String type() {
        return "etcd";
    }

    @Override
    public String description() {
        return "etcd v3 leases and transactions, through its JSON gateway";
    }

    @Override
    public Witness create(PluginContext context) {
        EtcdSettings settings = bind(context.config());
        context.logger().info("witness {}: {}", context.name(), settings);
        return new EtcdWitness(context.name(), settings, context.logger());
    }

    static EtcdSettings bind(ConfigNode block) {
        ConfigValues.rejectUnknown(block, KEYWORDS);
        List<HttpUrl> endpoints = endpoints(block);
        Duration ttl = Duration.ofSeconds(ConfigValues.integer(block, "ttl", 1, MAX_TTL, 3));
        String prefix = prefix(block);
        Duration timeout = ConfigValues.seconds(block, "timeout", ttl.dividedBy(3));
        if (timeout.compareTo(ttl) >= 0) {
            throw new PluginConfigException(block.child("timeout").orElseThrow().position(),
                    "'timeout' must be shorter than 'ttl' (" + ttl.toSeconds() + " s): a renewal must be able to"
                            + " fail and be retried before the lease runs out");
        }
        Optional<EtcdTls> tls = EtcdTls.bind(block);
        Optional<EtcdSettings.Credentials> credentials = credentials(block);
        return new EtcdSettings(endpoints, ttl, prefix, timeout, tls, credentials);
    }

    private static List<HttpUrl> endpoints(ConfigNode block) {
        List<HttpUrl> endpoints = new ArrayList<>();
        for (ConfigNode line : block.children("endpoints")) {
            if (line.arguments().isEmpty()) {
                throw new PluginConfigException(line.position(), "'endpoints' needs at least one URL");
            }
            for (String text : line.arguments()) {
                HttpUrl url = HttpUrl.parse(text);
                if (url == null || !url.encodedPath().equals("/") || url.query() != null) {
                    throw new PluginConfigException(line.position(),
                            "'endpoints' takes etcd client URLs like http://10.0.0.11:2379, got '" + text + "'");
                }
                endpoints.add(url);
            }
        }
        if (endpoints.isEmpty()) {
            throw new PluginConfigException(block.position(), "missing 'endpoints' in " + block.keyword() + " block");
        }
        return endpoints;
    }

    private static String prefix(ConfigNode block) {
        Optional<String> value = ConfigValues.optional(block, "prefix");
        if (value.isEmpty()) {
            return "/keepwatch";
        }
        String prefix = value.get();
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        if (prefix.isEmpty() || !value.get().startsWith("/")) {
            throw new PluginConfigException(block.child("prefix").orElseThrow().position(),
                    "'prefix' must be a key path like /keepwatch, got '" + value.get() + "'");
        }
        return prefix;
    }

    private static Optional<EtcdSettings.Credentials> credentials(ConfigNode block) {
        Optional<String> user = ConfigValues.optional(block, "user");
        Optional<String> password = ConfigValues.optional(block, "password");
        if (user.isPresent() != password.isPresent()) {
            ConfigNode line = block.child(user.isPresent() ? "user" : "password").orElseThrow();
            throw new PluginConfigException(line.position(), "'user' and 'password' go together");
        }
        return user.map(u -> new EtcdSettings.Credentials(u, password.orElseThrow()));
    }
}
