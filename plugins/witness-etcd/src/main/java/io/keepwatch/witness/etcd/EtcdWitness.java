package io.keepwatch.witness.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keepwatch.plugin.api.Witness;
import io.keepwatch.plugin.api.WitnessCandidate;
import io.keepwatch.plugin.api.WitnessException;
import io.keepwatch.plugin.api.WitnessSession;
import io.keepwatch.plugin.api.WitnessWatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/** One {@code vrrp_witness} block of type {@code etcd}: sessions are etcd leases, holds are keys. */
final class EtcdWitness implements Witness {

    private final String name;
    private final EtcdSettings settings;
    private final Logger log;
    private final EtcdGateway gateway;
    private final EtcdKeys keys;
    private final Set<EtcdSession> sessions = ConcurrentHashMap.newKeySet();
    private final Set<EtcdWatch> watches = ConcurrentHashMap.newKeySet();

    EtcdWitness(String name, EtcdSettings settings, Logger log) {
        this.name = name;
        this.settings = settings;
        this.log = log;
        this.gateway = new EtcdGateway(settings);
        this.keys = new EtcdKeys(settings.prefix());
    }

    @Override
    public Duration ttl() {
        return settings.ttl();
    }

    @Override
    public WitnessSession open(String holder) throws WitnessException {
        if (holder.isEmpty()) {
            throw new IllegalArgumentException("a holder needs a name");
        }
        EtcdSession session = EtcdSession.open(gateway, keys, holder, settings.ttl(), sessions::remove);
        sessions.add(session);
        log.info("witness {}: session of {} opened, lease {} for {} s", name, holder,
                Long.toHexString(session.lease()), session.grantedTtl());
        return session;
    }

    @Override
    public Optional<String> holder(String key) throws WitnessException {
        JsonNode answer = gateway.call("/v3/kv/range",
                EtcdGateway.MAPPER.createObjectNode().put("key", EtcdGateway.base64(keys.hold(key))));
        JsonNode kvs = answer.path("kvs");
        return kvs.isEmpty() ? Optional.empty() : Optional.of(EtcdGateway.text(kvs.get(0).path("value")));
    }

    @Override
    public List<WitnessCandidate> candidates(String key) throws WitnessException {
        String start = keys.candidates(key);
        ObjectNode range = EtcdGateway.MAPPER.createObjectNode()
                .put("key", EtcdGateway.base64(start))
                .put("range_end", EtcdGateway.base64(EtcdKeys.prefixEnd(start)));
        List<WitnessCandidate> candidates = new ArrayList<>();
        for (JsonNode kv : gateway.call("/v3/kv/range", range).path("kvs")) {
            String holder = EtcdGateway.text(kv.path("key")).substring(start.length());
            String value = EtcdGateway.text(kv.path("value"));
            try {
                candidates.add(new WitnessCandidate(holder, Integer.parseInt(value)));
            } catch (NumberFormatException e) {
                log.warn("witness {}: candidacy of {} for {} has no priority ('{}'), ignored", name, holder, key, value);
            }
        }
        return candidates;
    }

    @Override
    public WitnessWatch watch(String key, Runnable changed) {
        EtcdWatch watch = new EtcdWatch(name, gateway, keys, key, changed, settings.ttl(), log, watches::remove);
        watches.add(watch);
        watch.start();
        return watch;
    }

    @Override
    public void close() {
        for (EtcdWatch watch : List.copyOf(watches)) {
            watch.close();
        }
        for (EtcdSession session : List.copyOf(sessions)) {
            session.close();
        }
        gateway.close();
    }
}
