package io.keepwatch.witness.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keepwatch.plugin.api.WitnessException;
import io.keepwatch.plugin.api.WitnessException.Kind;
import io.keepwatch.plugin.api.WitnessSession;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A session: one etcd lease. Holds and candidacies are keys attached to it, so etcd deletes them when
 * the lease expires or is revoked.
 *
 * <p>etcd's leader sets a lease's expiry to the TTL from the moment it handles a grant or renewal (and a
 * new leader extends every lease), so the instant read before sending plus the granted TTL is never
 * later than the expiry etcd applies.
 */
final class EtcdSession implements WitnessSession {

    private final EtcdGateway gateway;
    private final EtcdKeys keys;
    private final String holder;
    private final long lease;
    private final Consumer<EtcdSession> onClose;
    private volatile long grantedTtl;
    private volatile long validUntilNanos;
    private volatile boolean lost;
    private volatile boolean closed;

    private EtcdSession(EtcdGateway gateway, EtcdKeys keys, String holder, long lease, long grantedTtl,
                        long validUntilNanos, Consumer<EtcdSession> onClose) {
        this.gateway = gateway;
        this.keys = keys;
        this.holder = holder;
        this.lease = lease;
        this.grantedTtl = grantedTtl;
        this.validUntilNanos = validUntilNanos;
        this.onClose = onClose;
    }

    /** Grants a lease of {@code ttl} (or etcd's minimum, if that is longer). */
    static EtcdSession open(EtcdGateway gateway, EtcdKeys keys, String holder, Duration ttl,
                            Consumer<EtcdSession> onClose) throws WitnessException {
        long sent = System.nanoTime();
        JsonNode answer = gateway.call("/v3/lease/grant",
                EtcdGateway.MAPPER.createObjectNode().put("TTL", String.valueOf(ttl.toSeconds())));
        long id = answer.path("ID").asLong(0);
        long granted = answer.path("TTL").asLong(0);
        if (id == 0 || granted <= 0) {
            throw new WitnessException(Kind.UNREACHABLE, "etcd granted no lease: " + answer);
        }
        return new EtcdSession(gateway, keys, holder, id, granted, sent + TimeUnit.SECONDS.toNanos(granted), onClose);
    }

    long lease() {
        return lease;
    }

    /** The TTL etcd granted, in seconds. */
    long grantedTtl() {
        return grantedTtl;
    }

    @Override
    public String holder() {
        return holder;
    }

    @Override
    public long validUntilNanos() {
        return validUntilNanos;
    }

    @Override
    public long keepAlive() throws WitnessException {
        usable();
        long sent = System.nanoTime();
        JsonNode answer = gateway.call("/v3/lease/keepalive",
                EtcdGateway.MAPPER.createObjectNode().put("ID", String.valueOf(lease)));
        // etcd answers a renewal of a lease it no longer has with TTL 0 (absent in JSON), not an error.
        long ttl = answer.path("TTL").asLong(0);
        if (ttl <= 0) {
            lost = true;
            throw lost("expired");
        }
        grantedTtl = ttl;
        validUntilNanos = sent + TimeUnit.SECONDS.toNanos(ttl);
        return validUntilNanos;
    }

    @Override
    public boolean acquire(String key) throws WitnessException {
        usable();
        String hold = keys.hold(key);
        ObjectNode txn = EtcdGateway.MAPPER.createObjectNode();
        txn.putArray("compare").addObject()
                .put("key", EtcdGateway.base64(hold)).put("target", "CREATE").put("result", "EQUAL")
                .put("create_revision", "0");
        txn.putArray("success").addObject().putObject("request_put")
                .put("key", EtcdGateway.base64(hold)).put("value", EtcdGateway.base64(holder))
                .put("lease", String.valueOf(lease));
        txn.putArray("failure").addObject().putObject("request_range").put("key", EtcdGateway.base64(hold));
        JsonNode answer = underLease(txn);
        if (answer.path("succeeded").asBoolean(false)) {
            return true;
        }
        // Taken: ours if a repeated request (after a failover) or an earlier acquire put it there.
        JsonNode kvs = answer.path("responses").path(0).path("response_range").path("kvs");
        if (kvs.isEmpty()) {
            return false;
        }
        JsonNode kv = kvs.get(0);
        return kv.path("lease").asLong(0) == lease && EtcdGateway.text(kv.path("value")).equals(holder);
    }

    @Override
    public void release(String key) throws WitnessException {
        usable();
        deleteIfOurs(keys.hold(key));
    }

    @Override
    public void stand(String key, int priority) throws WitnessException {
        usable();
        if (priority < 1 || priority > 255) {
            throw new IllegalArgumentException("a priority is 1 to 255, got " + priority);
        }
        ObjectNode txn = EtcdGateway.MAPPER.createObjectNode();
        txn.putArray("success").addObject().putObject("request_put")
                .put("key", EtcdGateway.base64(keys.candidacy(key, holder)))
                .put("value", EtcdGateway.base64(String.valueOf(priority)))
                .put("lease", String.valueOf(lease));
        underLease(txn);
    }

    @Override
    public void withdraw(String key) throws WitnessException {
        usable();
        deleteIfOurs(keys.candidacy(key, holder));
    }

    /** Deletes {@code key} if this session's lease holds it with this holder's value. */
    private void deleteIfOurs(String key) throws WitnessException {
        ObjectNode txn = EtcdGateway.MAPPER.createObjectNode();
        ArrayNode compare = txn.putArray("compare");
        compare.addObject().put("key", EtcdGateway.base64(key)).put("target", "LEASE").put("result", "EQUAL")
                .put("lease", String.valueOf(lease));
        txn.putArray("success").addObject().putObject("request_delete_range").put("key", EtcdGateway.base64(key));
        gateway.call("/v3/kv/txn", txn);
    }

    /** Runs a transaction that writes under the lease: etcd refuses it once the lease is gone. */
    private JsonNode underLease(ObjectNode txn) throws WitnessException {
        try {
            return gateway.call("/v3/kv/txn", txn);
        } catch (EtcdGateway.Refused e) {
            if (e.code() == EtcdGateway.NOT_FOUND) {
                lost = true;
                throw lost("gone (" + e.getMessage() + ")");
            }
            throw e;
        }
    }

    private void usable() throws WitnessException {
        if (closed) {
            throw new IllegalStateException("session of " + holder + " is closed");
        }
        if (lost) {
            throw lost("lost earlier");
        }
    }

    private WitnessException lost(String why) {
        return new WitnessException(Kind.LOST, "etcd lease " + Long.toHexString(lease) + " of " + holder + " " + why);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        onClose.accept(this);
        if (lost) {
            return;
        }
        try {
            gateway.call("/v3/lease/revoke", EtcdGateway.MAPPER.createObjectNode().put("ID", String.valueOf(lease)));
        } catch (WitnessException e) {
            // Unreachable or already gone: the lease expires by itself within its TTL.
        }
    }
}
