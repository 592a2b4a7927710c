package io.keepwatch.witness.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keepwatch.plugin.api.WitnessException;
import io.keepwatch.plugin.api.WitnessWatch;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * etcd's streaming watch over one instance's hold and candidacies, on a thread of its own. It calls
 * back on every event for those keys and each time a stream is established (the first included: what
 * happened between the caller's last read and the stream's start would otherwise go unseen).
 *
 * <p>A stream ends and is opened again, on the next endpoint, when its member drops it, loses its
 * leader (the stream asks for etcd's "hasleader" check, so a member cut off from the majority ends it
 * instead of going quiet) or sends nothing for {@link #idle}: a member that is silently unreachable
 * is left within that time.
 */
final class EtcdWatch implements WitnessWatch {

    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration LAST_RETRY = Duration.ofSeconds(2);

    private final String witness;
    private final EtcdGateway gateway;
    private final EtcdKeys keys;
    private final String key;
    private final Runnable changed;
    private final Duration idle;
    private final Logger log;
    private final Consumer<EtcdWatch> onClose;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Thread thread;
    private volatile EtcdGateway.Stream current;

    EtcdWatch(String witness, EtcdGateway gateway, EtcdKeys keys, String key, Runnable changed, Duration ttl,
              Logger log, Consumer<EtcdWatch> onClose) {
        this.witness = witness;
        this.gateway = gateway;
        this.keys = keys;
        this.key = key;
        this.changed = changed;
        this.idle = ttl.multipliedBy(3).compareTo(Duration.ofSeconds(10)) > 0 ? ttl.multipliedBy(3) : Duration.ofSeconds(10);
        this.log = log;
        this.onClose = onClose;
        this.thread = Thread.ofPlatform().daemon().name("witness-" + witness + "-watch-" + key).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    private boolean closed() {
        return closing.getCount() == 0;
    }

    private void run() {
        int endpoint = -1;
        Duration retry = FIRST_RETRY;
        while (!closed()) {
            try (EtcdGateway.Stream stream = gateway.stream("/v3/watch", createRequest(), endpoint, idle)) {
                current = stream;
                endpoint = stream.endpoint();
                if (closed()) {
                    return;
                }
                JsonNode created = stream.next();
                if (created == null || !created.path("created").asBoolean(false)) {
                    throw new IOException("etcd did not create the watch: " + created);
                }
                retry = FIRST_RETRY;
                notifyChanged();
                follow(stream);
            } catch (IOException | WitnessException e) {
                if (closed()) {
                    return;
                }
                log.debug("witness {}: watch of {} ended, opening it again: {}", witness, key, e.toString());
            } finally {
                current = null;
            }
            try {
                if (closing.await(retry.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
            retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
        }
    }

    /** Reads events until the stream ends (the caller then opens another). */
    private void follow(EtcdGateway.Stream stream) throws IOException {
        for (JsonNode message = stream.next(); message != null && !closed(); message = stream.next()) {
            if (message.path("canceled").asBoolean(false)) {
                throw new IOException("etcd canceled the watch: " + message.path("cancel_reason").asText(""));
            }
            boolean relevant = false;
            for (JsonNode event : message.path("events")) {
                relevant |= keys.belongs(EtcdGateway.text(event.path("kv").path("key")), key);
            }
            if (relevant) {
                notifyChanged();
            }
        }
    }

    private ObjectNode createRequest() {
        // [PREFIX/NAME, PREFIX/NAME0): the hold and everything under PREFIX/NAME/ ('0' follows '/');
        // the few other keys the range may hold are filtered out by EtcdKeys.belongs.
        String hold = keys.hold(key);
        ObjectNode request = EtcdGateway.MAPPER.createObjectNode();
        request.putObject("create_request")
                .put("key", EtcdGateway.base64(hold))
                .put("range_end", EtcdGateway.base64(EtcdKeys.prefixEnd(hold + "/")));
        return request;
    }

    private void notifyChanged() {
        try {
            changed.run();
        } catch (RuntimeException e) {
            log.warn("witness {}: the watcher of {} threw", witness, key, e);
        }
    }

    @Override
    public void close() {
        if (closed()) {
            return;
        }
        closing.countDown();
        onClose.accept(this);
        EtcdGateway.Stream stream = current;
        if (stream != null) {
            stream.call().cancel();
        }
        if (Thread.currentThread() != thread) {
            try {
                thread.join(gateway.timeout().toMillis() + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
