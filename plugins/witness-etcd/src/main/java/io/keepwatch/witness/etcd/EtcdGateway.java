package io.keepwatch.witness.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keepwatch.plugin.api.WitnessException;
import io.keepwatch.plugin.api.WitnessException.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * etcd's v3 API through its JSON gateway (grpc-gateway on the client port: {@code POST /v3/...},
 * protobuf fields in JSON, keys and values in base64, 64-bit numbers as strings).
 *
 * <p>Every call is bounded by the request timeout as a whole: the endpoints are tried in turn, from
 * the one that answered last, each with a share of the time left, so that one member that does not
 * answer (cut off, stopped, without a leader) cannot use up the time another could have answered in.
 * Every request the witness sends may be repeated on another member without harm (a grant at worst
 * leaves an unused lease that expires), which is what makes this failover safe.
 */
final class EtcdGateway implements AutoCloseable {

    private static final MediaType JSON = MediaType.get("application/json");
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** gRPC status codes etcd answers with (google.golang.org/grpc/codes). */
    static final int NOT_FOUND = 5;
    private static final int UNAUTHENTICATED = 16;
    /**
     * The answers about the request itself, which every member would repeat: a bad argument or failed
     * authentication (3), a missing lease (5), an existing entity (6), no permission (7), a failed
     * precondition (9), a compacted revision (11), an invalid token (16). Any other error is the
     * member's own state (no leader, a timeout, "context deadline exceeded" as code 2 from a member cut
     * off from the majority) and another member may do better.
     */
    private static final Set<Integer> ABOUT_THE_REQUEST = Set.of(3, 5, 6, 7, 9, 11, UNAUTHENTICATED);

    private final List<HttpUrl> endpoints;
    private final Duration timeout;
    private final Optional<EtcdSettings.Credentials> credentials;
    private final OkHttpClient client;
    /** The endpoint that answered last: where the next call starts. */
    private volatile int preferred;
    /** etcd's auth token, fetched before the first call when the block names a user. */
    private volatile String token;

    EtcdGateway(EtcdSettings settings) {
        this.endpoints = settings.endpoints();
        this.timeout = settings.timeout();
        this.credentials = settings.credentials();
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .followRedirects(false)
                .retryOnConnectionFailure(false)
                .connectTimeout(settings.timeout())
                .readTimeout(settings.timeout())
                .writeTimeout(settings.timeout());
        settings.tls().ifPresent(tls -> builder.sslSocketFactory(tls.socketFactory(), tls.trustManager()));
        this.client = builder.build();
    }

    Duration timeout() {
        return timeout;
    }

    List<HttpUrl> endpoints() {
        return endpoints;
    }

    /** An answer of etcd's that refuses the request (a gRPC status other than "try elsewhere"). */
    static final class Refused extends WitnessException {

        private static final long serialVersionUID = 1L;
        private final int code;

        Refused(int code, String message) {
            super(Kind.UNREACHABLE, "etcd refused: " + message + " (code " + code + ")");
            this.code = code;
        }

        int code() {
            return code;
        }
    }

    /** A failure on one endpoint after which another endpoint may do better. */
    private static final class TryElsewhere extends Exception {

        private static final long serialVersionUID = 1L;

        TryElsewhere(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    /**
     * POSTs {@code body} to {@code path} and returns etcd's answer (for a streaming method, its first
     * {@code result}).
     *
     * @throws Refused when etcd answered with an error that another member would repeat
     * @throws WitnessException UNREACHABLE when no endpoint answered within the timeout
     */
    JsonNode call(String path, ObjectNode body) throws WitnessException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int n = endpoints.size();
        int start = preferred;
        boolean reauthenticated = false;
        TryElsewhere last = null;
        // A second round after the first: a failure can be a pooled connection the member closed.
        for (int attempt = 0; attempt < 2 * n; attempt++) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            int index = (start + attempt) % n;
            long budget = attempt < n - 1 ? remaining / (n - attempt) : remaining;
            try {
                JsonNode answer = attempt(endpoints.get(index), path, body, budget);
                preferred = index;
                return answer;
            } catch (TryElsewhere e) {
                last = e;
            } catch (Refused e) {
                if (e.code() != UNAUTHENTICATED || credentials.isEmpty() || reauthenticated) {
                    throw e;
                }
                // The token expired (etcd's auth-token-ttl): authenticate again, once.
                token = null;
                reauthenticated = true;
                attempt--;
            }
        }
        throw new WitnessException(Kind.UNREACHABLE, "etcd did not answer " + path + " within "
                + timeout.toMillis() + " ms at " + endpoints + (last == null ? "" : ": " + last.getMessage()), last);
    }

    private JsonNode attempt(HttpUrl endpoint, String path, ObjectNode body, long budgetNanos)
            throws TryElsewhere, Refused {
        long deadline = System.nanoTime() + budgetNanos;
        if (credentials.isPresent() && token == null) {
            token = authenticate(endpoint, budgetNanos);
        }
        return post(endpoint, path, body, deadline - System.nanoTime(), token);
    }

    private String authenticate(HttpUrl endpoint, long budgetNanos) throws TryElsewhere, Refused {
        EtcdSettings.Credentials user = credentials.orElseThrow();
        ObjectNode body = MAPPER.createObjectNode().put("name", user.user()).put("password", user.password());
        JsonNode answer = post(endpoint, "/v3/auth/authenticate", body, budgetNanos, null);
        String value = answer.path("token").asText("");
        if (value.isEmpty()) {
            throw new Refused(UNAUTHENTICATED, "no token in the answer to authenticate as " + user.user());
        }
        return value;
    }

    private JsonNode post(HttpUrl endpoint, String path, ObjectNode body, long budgetNanos, String authToken)
            throws TryElsewhere, Refused {
        if (budgetNanos <= 0) {
            throw new TryElsewhere("no time left for " + endpoint, null);
        }
        Call call = client.newCall(request(endpoint, path, body, authToken));
        call.timeout().timeout(budgetNanos, TimeUnit.NANOSECONDS);
        try (Response response = call.execute()) {
            ResponseBody content = response.body();
            String text = content.string();
            JsonNode answer = parse(text, endpoint);
            JsonNode error = answer.path("error");
            if (response.isSuccessful() && error.isMissingNode()) {
                return answer.has("result") ? answer.get("result") : answer;
            }
            // Unary calls answer {"error":"...","code":N}; streaming ones {"error":{"grpc_code":N,...}}.
            int code = error.isObject() ? error.path("grpc_code").asInt(error.path("code").asInt(-1))
                    : answer.path("code").asInt(-1);
            String message = error.isObject() ? error.path("message").asText() : answer.path("message").asText(text);
            if (!ABOUT_THE_REQUEST.contains(code)) {
                throw new TryElsewhere(endpoint + ": " + message + " (HTTP " + response.code() + ")", null);
            }
            throw new Refused(code, message);
        } catch (IOException e) {
            throw new TryElsewhere(endpoint + ": " + e, e);
        }
    }

    private static JsonNode parse(String text, HttpUrl endpoint) throws IOException {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || !node.isObject()) {
                throw new IOException("not a JSON object from " + endpoint + ": " + abbreviate(text));
            }
            return node;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException("not JSON from " + endpoint + ": " + abbreviate(text), e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    private Request request(HttpUrl endpoint, String path, ObjectNode body, String authToken) {
        Request.Builder builder = new Request.Builder()
                .url(endpoint.resolve(path))
                .post(RequestBody.create(body.toString(), JSON));
        if (authToken != null) {
            builder.header("Authorization", authToken);
        }
        return builder.build();
    }

    /**
     * Opens a streaming method (the watch) on the endpoint after {@code previous}'s, or the preferred one
     * first, on a client whose reads give up after {@code idle}. The caller reads the body line by line
     * (one JSON message per line) and closes the response.
     *
     * @param previous the endpoint index the last stream used, or -1 for none
     */
    Stream stream(String path, ObjectNode body, int previous, Duration idle) throws WitnessException {
        int index = previous < 0 ? preferred : (previous + 1) % endpoints.size();
        HttpUrl endpoint = endpoints.get(index);
        try {
            if (credentials.isPresent() && token == null) {
                token = authenticate(endpoint, timeout.toNanos());
            }
        } catch (TryElsewhere e) {
            throw new WitnessException(Kind.UNREACHABLE, e.getMessage(), e);
        }
        OkHttpClient streaming = client.newBuilder().readTimeout(idle).build();
        // grpc-gateway passes Grpc-Metadata-* on as gRPC metadata; etcd's "hasleader" makes a member
        // end the stream when it loses its leader, rather than keep it open and silent.
        Request request = request(endpoint, path, body, token).newBuilder()
                .header("Grpc-Metadata-hasleader", "true").build();
        Call call = streaming.newCall(request);
        try {
            Response response = call.execute();
            if (!response.isSuccessful()) {
                String text = response.body().string();
                response.close();
                if (response.code() == 401) {
                    token = null;
                }
                throw new WitnessException(Kind.UNREACHABLE, endpoint + path + ": HTTP " + response.code() + " "
                        + abbreviate(text));
            }
            return new Stream(index, call, response);
        } catch (IOException e) {
            throw new WitnessException(Kind.UNREACHABLE, endpoint + path + ": " + e, e);
        }
    }

    /** An open streaming response and the endpoint it came from. */
    record Stream(int endpoint, Call call, Response response) implements AutoCloseable {

        /** The next message, unwrapped from {@code {"result": ...}}; null at the end of the stream. */
        JsonNode next() throws IOException {
            String line = response.body().source().readUtf8Line();
            while (line != null && line.isBlank()) {
                line = response.body().source().readUtf8Line();
            }
            if (line == null) {
                return null;
            }
            JsonNode message = MAPPER.readTree(line);
            if (message.has("error")) {
                throw new IOException("etcd ended the stream: " + message.get("error"));
            }
            return message.path("result");
        }

        @Override
        public void close() {
            call.cancel();
            response.close();
        }
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static String text(JsonNode base64) {
        return new String(Base64.getDecoder().decode(base64.asText("")), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
