package io.keepwatch.check.http;

import io.keepwatch.plugin.api.CheckResult;
import io.keepwatch.plugin.api.HealthCheck;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Up when the request gets an accepted status code (and, with {@code body_regex}, a body in which the
 * pattern is found) within the run's timeout.
 */
public final class HttpCheck implements HealthCheck {

    /** How much of a body is searched for {@code body_regex}. */
    static final long MAX_BODY = 1 << 20;

    private final OkHttpClient client;
    private final Request request;
    private final StatusCodes accepted;
    private final Optional<Pattern> bodyRegex;

    HttpCheck(OkHttpClient client, Request request, StatusCodes accepted, Optional<Pattern> bodyRegex) {
        this.client = client;
        this.request = request;
        this.accepted = accepted;
        this.bodyRegex = bodyRegex;
    }

    @Override
    public CheckResult check(Duration timeout) throws IOException {
        String target = request.method() + " " + shown(request.url());
        Call call = client.newCall(request);
        call.timeout().timeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
        try (Response response = call.execute()) {
            int code = response.code();
            if (!accepted.accepts(code)) {
                return CheckResult.down("HTTP " + code + " from " + target + " (expected " + accepted + ")");
            }
            if (bodyRegex.isPresent()) {
                ResponseBody body = response.body();
                String text = new String(body.source().peek().readByteArray(
                        Math.min(MAX_BODY, Math.max(0, sizeOrMax(body)))), StandardCharsets.UTF_8);
                if (!bodyRegex.get().matcher(text).find()) {
                    return CheckResult.down("HTTP " + code + " from " + target + ": body does not match /"
                            + bodyRegex.get().pattern() + "/");
                }
            }
            return CheckResult.up("HTTP " + code + " from " + target);
        } catch (InterruptedIOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw e;
            }
            return CheckResult.down(target + " timed out after " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return CheckResult.down(target + " failed: " + e);
        }
    }

    /** The URL without credentials or query, which may carry secrets, for messages and logs. */
    static String shown(okhttp3.HttpUrl url) {
        return url.newBuilder().username("").password("").query(null).build().toString();
    }

    // Reads what arrives up to the limit: a body shorter than MAX_BODY without a Content-Length
    // is read to its end.
    private static long sizeOrMax(ResponseBody body) throws IOException {
        long length = body.contentLength();
        if (length >= 0) {
            return length;
        }
        body.source().request(MAX_BODY);
        return body.source().getBuffer().size();
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
