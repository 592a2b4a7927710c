package io.keepwatch.notify.webhook;

import io.keepwatch.plugin.api.AddressConflictEvent;
import io.keepwatch.plugin.api.Notifier;
import io.keepwatch.plugin.api.PermanentNotificationException;
import io.keepwatch.plugin.api.RetryPolicy;
import io.keepwatch.plugin.api.TransitionEvent;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;

/**
 * Posts each transition and each address conflict as JSON to every configured URL. A 2xx answer delivers; a 4xx other than 408
 * and 429 is a permanent refusal; anything else (5xx, timeout, connection failure) makes keepwatch
 * retry the event, and a retry goes only to the URLs that have not yet accepted it.
 */
public final class WebhookNotifier implements Notifier {

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    /** The bound settings; {@code secret} is never logged. */
    public record Settings(List<HttpUrl> urls, Optional<String> secret, Duration timeout, RetryPolicy retryPolicy,
                           Headers headers) {

        @Override
        public String toString() {
            return "webhook " + urls.stream().map(WebhookNotifier::shown).toList()
                    + (secret.isPresent() ? " secret ****" : "") + " timeout " + timeout.toMillis() + " ms";
        }
    }

    private final String name;
    private final Settings settings;
    private final OkHttpClient client;
    private final Logger log;
    /** By event (a {@link TransitionEvent} or an {@link AddressConflictEvent}): the URLs that took it. */
    private final Map<Object, Set<HttpUrl>> delivered = Collections.synchronizedMap(new WeakHashMap<>());

    WebhookNotifier(String name, Settings settings, OkHttpClient client, Logger log) {
        this.name = name;
        this.settings = settings;
        this.client = client;
        this.log = log;
    }

    @Override
    public void send(TransitionEvent event) throws Exception {
        post(event, WebhookPayload.of(event), "transition", event.name() + " " + event.newState());
    }

    @Override
    public void send(AddressConflictEvent event) throws Exception {
        post(event, WebhookPayload.of(event), "address_conflict", event.instance() + " conflict on "
                + event.address() + (event.ended() ? " ended" : ""));
    }

    /** Posts {@code body} to every URL that has not yet accepted {@code event}. */
    private void post(Object event, byte[] body, String kind, String what) throws Exception {
        Set<HttpUrl> done = delivered.computeIfAbsent(event, e -> Collections.synchronizedSet(new HashSet<>()));
        List<String> retryable = new ArrayList<>();
        List<String> permanent = new ArrayList<>();
        for (HttpUrl url : settings.urls()) {
            if (done.contains(url)) {
                continue;
            }
            Request.Builder request = new Request.Builder().url(url).post(RequestBody.create(body, JSON))
                    .headers(settings.headers())
                    .header("User-Agent", "keepwatch")
                    .header("X-Keepwatch-Event", kind)
                    .header("X-Keepwatch-Delivery", UUID.nameUUIDFromBytes(body).toString());
            settings.secret().ifPresent(s -> request.header(Signature.HEADER, Signature.sign(s, body)));
            Call call = client.newCall(request.build());
            call.timeout().timeout(settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
            try (Response response = call.execute()) {
                int code = response.code();
                if (code >= 200 && code < 300) {
                    done.add(url);
                    log.debug("webhook {}: {} accepted {}", name, shown(url), what);
                } else if (code >= 400 && code < 500 && code != 408 && code != 429) {
                    done.add(url);
                    permanent.add(shown(url) + " answered HTTP " + code);
                } else {
                    retryable.add(shown(url) + " answered HTTP " + code);
                }
            } catch (InterruptedIOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("webhook " + name + " interrupted");
                }
                retryable.add(shown(url) + " timed out after " + settings.timeout().toMillis() + " ms");
            } catch (IOException e) {
                retryable.add(shown(url) + " failed: " + e);
            }
        }
        if (!retryable.isEmpty()) {
            retryable.addAll(permanent);
            throw new IOException("webhook " + name + ": " + String.join("; ", retryable));
        }
        delivered.remove(event);
        if (!permanent.isEmpty()) {
            throw new PermanentNotificationException("webhook " + name + ": " + String.join("; ", permanent));
        }
    }

    @Override
    public RetryPolicy retryPolicy() {
        return settings.retryPolicy();
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    /** The URL without credentials or query, which may carry secrets. */
    static String shown(HttpUrl url) {
        return url.newBuilder().username("").password("").query(null).build().toString();
    }
}
