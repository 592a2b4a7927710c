package io.keepwatch.runtime.witness;

import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.GlobalSettings;
import io.keepwatch.plugins.NamedWitness;
import io.keepwatch.plugins.PluginHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The witnesses that fence instances ({@code witness NAME}) in the configuration in force: one witness
 * per {@code vrrp_witness} block that some fenced instance names, created by its plugin, and one session for this host with each, kept by a
 * {@link SessionKeeper} thread. A reload keeps a witness whose block (and the host's identity) did
 * not change, with its session and holds; a changed or removed one is closed (its lease revoked).
 *
 * <p>The host's identity in the stores ({@link #holder}) is its {@code router_id} ({@code global_defs};
 * the host name when not set): hosts sharing a witness must have different ones.
 *
 * <p>The keys wanted ({@link #want}) are kept here too, so that an instance that becomes master
 * before the plugins are loaded is not forgotten: its witness tries for the key once it runs.
 */
public final class WitnessSessions implements AutoCloseable, WitnessFences.Keys {

    private static final Logger LOG = LoggerFactory.getLogger(WitnessSessions.class);
    /** How long a stop or reload waits for a witness thread to give up its keys and session. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(3);

    private final WitnessListener listener;
    private final Map<String, SessionKeeper> keepers = new LinkedHashMap<>();
    private final Map<String, Object> shapes = new LinkedHashMap<>();
    private final Map<String, Set<String>> wanted = new LinkedHashMap<>();
    private final Map<String, Set<String>> followed = new LinkedHashMap<>();
    private boolean closed;

    public WitnessSessions(WitnessListener listener) {
        this.listener = listener;
    }

    /** The holder identity of this host: its router id. */
    public static String holder(GlobalSettings globals) {
        return globals.routerId();
    }

    /**
     * Starts, keeps or closes witnesses for {@code config}: those no instance names are not started.
     * A block its plugin cannot bind (checked before the configuration was accepted) is logged and
     * left out: its instances stay without a session, so they never hold their addresses.
     */
    public synchronized void apply(PluginHost host, KeepalivedConfig config, GlobalSettings globals) {
        if (closed) {
            return;
        }
        Set<String> used = new LinkedHashSet<>();
        config.instances().forEach(i -> {
            if (i.witness().fences()) used.add(i.witness().witness()); // election runs keep their own
        });
        Map<String, Object> next = new LinkedHashMap<>();
        for (String name : used) {
            ConfigNode block = config.witnesses().get(name);
            if (block != null) {
                next.put(name, List.of(shape(block), holder(globals)));
            }
        }
        List<SessionKeeper> ending = new ArrayList<>();
        for (String name : List.copyOf(keepers.keySet())) {
            if (!Objects.equals(shapes.get(name), next.get(name))) {
                ending.add(keepers.remove(name));
                shapes.remove(name);
            }
        }
        ending.forEach(k -> {
            LOG.info("witness {}: closed (its block changed or no instance uses it)", k.name());
            k.close(CLOSE_WAIT);
        });
        next.forEach((name, shape) -> {
            if (keepers.containsKey(name)) {
                return;
            }
            try {
                NamedWitness created = host.createWitness(name, config.witnesses().get(name), globals);
                SessionKeeper keeper = new SessionKeeper(name, created.witness(), holder(globals), listener);
                keepers.put(name, keeper);
                shapes.put(name, shape);
                keeper.start();
                followed.getOrDefault(name, Set.of()).forEach(keeper::follow);
                wanted.getOrDefault(name, Set.of()).forEach(keeper::want);
                LOG.info("witness {}: {} from {}, ttl {} s", name, created.type(), created.origin(),
                        created.witness().ttl().toMillis() / 1000.0);
            } catch (RuntimeException | LinkageError e) {
                LOG.error("{}; witness {} is not started and the instances naming it hold no addresses",
                        e.getMessage(), name);
            }
        });
    }

    /** Take {@code key} in {@code witness} for this host (now, or once the witness runs). */
    @Override
    public synchronized void want(String witness, String key) {
        note(wanted, witness, key, true, SessionKeeper::want);
    }

    /** Give {@code key} up (after the addresses it guards are gone). */
    @Override
    public synchronized void unwant(String witness, String key) {
        note(wanted, witness, key, false, SessionKeeper::unwant);
    }

    @Override
    public synchronized void follow(String witness, String key) {
        note(followed, witness, key, true, SessionKeeper::follow);
    }

    @Override
    public synchronized void unfollow(String witness, String key) {
        note(followed, witness, key, false, SessionKeeper::unfollow);
    }

    /** Keeps {@code key} in (or out of) {@code keys} for a witness started later, and tells a running one. */
    private void note(Map<String, Set<String>> keys, String witness, String key, boolean in,
                      BiConsumer<SessionKeeper, String> tell) {
        if (in) {
            keys.computeIfAbsent(witness, k -> new LinkedHashSet<>()).add(key);
        } else if (keys.containsKey(witness)) {
            keys.get(witness).remove(key);
        }
        SessionKeeper keeper = keepers.get(witness);
        if (keeper != null) {
            tell.accept(keeper, key);
        }
    }

    /** Releases every key and session. */
    @Override
    public void close() {
        List<SessionKeeper> all;
        synchronized (this) {
            closed = true;
            all = List.copyOf(keepers.values());
            keepers.clear();
        }
        all.forEach(k -> k.close(CLOSE_WAIT));
    }

    /** A block as its plugin reads it: keywords and values, not the lines they stand on. */
    private static Object shape(ConfigNode node) {
        return List.of(node.keyword(), node.arguments(), node.children().stream().map(WitnessSessions::shape).toList());
    }
}
