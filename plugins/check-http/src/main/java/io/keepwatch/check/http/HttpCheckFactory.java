package io.keepwatch.check.http;

import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.ConfigValues;
import io.keepwatch.plugin.api.HealthCheck;
import io.keepwatch.plugin.api.HealthCheckFactory;
import io.keepwatch.plugin.api.HealthCheckSettings;
import io.keepwatch.plugin.api.PluginConfigException;
import io.keepwatch.plugin.api.PluginContext;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import javax.net.ssl.X509TrustManager;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.pf4j.Extension;

/**
 * Check type {@code http}:
 *
 * <pre>
 * vrrp_check web {
 *     type http
 *     url https://127.0.0.1:8443/health     # http or https
 *     method GET                            # optional, default GET
 *     status_code 200-299 301               # optional, codes and ranges, default 200-299
 *     body_regex "\"status\":\s*\"UP\""     # optional, searched in the first MiB of the body
 *     header Host www.example.com           # optional, repeatable: NAME VALUE
 *     request_body "{}"                     # optional, for POST/PUT
 *     tls_verify off                        # optional, on|off, default on
 *     ca_file /etc/keepwatch/ca.pem         # optional, trust these CA certificates instead of the system's
 *     connect_timeout 1                     # optional, seconds; default: the check's timeout
 * }
 * </pre>
 *
 * Redirects are not followed: a 3xx is judged by {@code status_code} like any other status.
 */
@Extension
public final class HttpCheckFactory implements HealthCheckFactory {

    private static final Set<String> KEYWORDS;

    static {
        Set<String> k = new HashSet<>(HealthCheckSettings.GENERIC_KEYWORDS);
        k.addAll(List.of("url", "method", "status_code", "body_regex", "header", "request_body", "tls_verify",
                "ca_file", "connect_timeout"));
        KEYWORDS = Set.copyOf(k);
    }

    @Override
    public String type() {
        return "http";
    }

    @Override
    public String description() {
        return "requests an HTTP(S) URL and checks the status code and body";
    }

    @Override
    public HealthCheck create(PluginContext context) {
        ConfigNode block = context.config();
        ConfigValues.rejectUnknown(block, KEYWORDS);
        HttpUrl url = HttpUrl.parse(ConfigValues.required(block, "url"));
        if (url == null) {
            throw error(block, "url", "'url' must be an http:// or https:// URL");
        }
        String method = ConfigValues.optional(block, "method").orElse("GET").toUpperCase(Locale.ROOT);
        if (!method.matches("[A-Z]+")) {
            throw error(block, "method", "bad HTTP method '" + method + "'");
        }
        StatusCodes codes = StatusCodes.successful();
        if (block.child("status_code").isPresent()) {
            try {
                codes = StatusCodes.parse(ConfigValues.all(block, "status_code"));
            } catch (IllegalArgumentException e) {
                throw error(block, "status_code", e.getMessage());
            }
        }
        Optional<Pattern> regex;
        try {
            regex = ConfigValues.optional(block, "body_regex").map(Pattern::compile);
        } catch (PatternSyntaxException e) {
            throw error(block, "body_regex", "bad 'body_regex': " + e.getDescription());
        }
        Request.Builder request = new Request.Builder().url(url).header("User-Agent", "keepwatch-check");
        for (ConfigNode header : block.children("header")) {
            if (header.arguments().size() < 2) {
                throw new PluginConfigException(header.position(), "'header' needs NAME VALUE");
            }
            try {
                request.addHeader(header.arguments().getFirst(),
                        String.join(" ", header.arguments().subList(1, header.arguments().size())));
            } catch (IllegalArgumentException e) {
                throw new PluginConfigException(header.position(), "bad header: " + e.getMessage());
            }
        }
        Optional<String> body = ConfigValues.optional(block, "request_body");
        try {
            request.method(method, body.map(b -> RequestBody.create(b, null))
                    .orElse(requiresBody(method) ? RequestBody.create(new byte[0]) : null));
        } catch (IllegalArgumentException e) {
            throw error(block, "method", e.getMessage());
        }
        return new HttpCheck(client(block), request.build(), codes, regex);
    }

    private static boolean requiresBody(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    private static OkHttpClient client(ConfigNode block) {
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false);
        block.child("connect_timeout").ifPresent(l ->
                b.connectTimeout(ConfigValues.seconds(block, "connect_timeout", Duration.ofSeconds(1))));
        boolean verify = ConfigValues.optional(block, "tls_verify").map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "on", "yes", "true" -> true;
            case "off", "no", "false" -> false;
            default -> throw error(block, "tls_verify", "'tls_verify' must be on or off, got '" + v + "'");
        }).orElse(true);
        try {
            if (!verify) {
                X509TrustManager any = Tls.trustingAnything();
                b.sslSocketFactory(Tls.context(any).getSocketFactory(), any).hostnameVerifier((host, session) -> true);
            } else if (block.child("ca_file").isPresent()) {
                X509TrustManager ca = Tls.trusting(Path.of(ConfigValues.required(block, "ca_file")));
                b.sslSocketFactory(Tls.context(ca).getSocketFactory(), ca);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw error(block, "ca_file", "cannot read 'ca_file': " + e.getMessage());
        }
        return b.build();
    }

    private static PluginConfigException error(ConfigNode block, String keyword, String message) {
        return new PluginConfigException(block.child(keyword).map(ConfigNode::position).orElse(block.position()), message);
    }
}
