package io.keepwatch.notify.webhook;

import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.ConfigValues;
import io.keepwatch.plugin.api.Notifier;
import io.keepwatch.plugin.api.NotifierFactory;
import io.keepwatch.plugin.api.PluginConfigException;
import io.keepwatch.plugin.api.PluginContext;
import io.keepwatch.plugin.api.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.pf4j.Extension;

/**
 * Notifier type {@code webhook}:
 *
 * <pre>
 * vrrp_notifier ops {
 *     type webhook
 *     url https://hooks.example.com/keepwatch     # repeatable: every URL gets every event
 *     url http://127.0.0.1:9000/vrrp
 *     secret "shared secret"                      # optional: X-Keepwatch-Signature: sha256=HMAC
 *     timeout 5                                   # optional, seconds per request, default 5
 *     retries 3                                   # optional, retries after the first attempt, default 3
 *     retry_delay 1                               # optional, seconds before the first retry (doubling), default 1
 *     header Authorization "Bearer abc"           # optional, repeatable: NAME VALUE
 * }
 * </pre>
 */
@Extension
public final class WebhookNotifierFactory implements NotifierFactory {

    private static final Set<String> KEYWORDS =
            Set.of("type", "url", "secret", "timeout", "retries", "retry_delay", "header");

    @Override
    public String type() {
        return "webhook";
    }

    @Override
    public String description() {
        return "posts transitions as JSON, optionally HMAC-signed";
    }

    @Override
    public Notifier create(PluginContext context) {
        ConfigNode block = context.config();
        ConfigValues.rejectUnknown(block, KEYWORDS);
        List<HttpUrl> urls = new ArrayList<>();
        for (ConfigNode line : block.children("url")) {
            if (line.arguments().size() != 1) {
                throw new PluginConfigException(line.position(), "'url' needs exactly one URL");
            }
            HttpUrl url = HttpUrl.parse(line.arguments().getFirst());
            if (url == null) {
                throw new PluginConfigException(line.position(), "'url' must be an http:// or https:// URL, got '"
                        + line.arguments().getFirst() + "'");
            }
            urls.add(url);
        }
        if (urls.isEmpty()) {
            throw new PluginConfigException(block.position(), "missing 'url' in vrrp_notifier " + context.name());
        }
        Optional<String> secret = ConfigValues.optional(block, "secret");
        if (secret.isPresent() && secret.get().isEmpty()) {
            throw new PluginConfigException(block.child("secret").orElseThrow().position(), "'secret' must not be empty");
        }
        Duration timeout = ConfigValues.seconds(block, "timeout", Duration.ofSeconds(5));
        int retries = ConfigValues.integer(block, "retries", 0, 100, 3);
        Duration delay = ConfigValues.seconds(block, "retry_delay", Duration.ofSeconds(1));
        Headers.Builder headers = new Headers.Builder();
        for (ConfigNode line : block.children("header")) {
            if (line.arguments().size() < 2) {
                throw new PluginConfigException(line.position(), "'header' needs NAME VALUE");
            }
            try {
                headers.add(line.arguments().getFirst(),
                        String.join(" ", line.arguments().subList(1, line.arguments().size())));
            } catch (IllegalArgumentException e) {
                throw new PluginConfigException(line.position(), "bad header: " + e.getMessage());
            }
        }
        var settings = new WebhookNotifier.Settings(List.copyOf(urls), secret, timeout,
                new RetryPolicy(retries + 1, delay, 2.0, Duration.ofSeconds(60)), headers.build());
        context.logger().info("notifier {}: {}", context.name(), settings);
        OkHttpClient client = new OkHttpClient.Builder().followRedirects(false).retryOnConnectionFailure(false).build();
        return new WebhookNotifier(context.name(), settings, client, context.logger());
    }
}
