package io.keepwatch.runtime;

import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.plugins.NamedWitness;
import io.keepwatch.plugins.PluginHost;
import io.keepwatch.vrrp.VrrpEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code election} instances' runs ({@link ElectionRun}) and the witnesses they use: started
 * with the instances, kept over a reload that leaves an instance's election as it was, and closed
 * after the instances have removed their addresses. It hears every instance's status as an observer,
 * and hands each run its own.
 */
final class Elections implements RuntimeObserver, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Elections.class);

    private final PluginHost plugins;
    private final BiFunction<String, VrrpEvent, CompletableFuture<Void>> engine;
    private final BiConsumer<String, OptionalLong> leases;
    private final BiConsumer<String, Optional<String>> holders;
    private final Map<String, NamedWitness> witnesses = new LinkedHashMap<>();
    /** Read by the VRRP thread (published) without the lock, which apply holds while runs close. */
    private final Map<String, ElectionRun> runs = new ConcurrentHashMap<>();
    private final Map<String, VrrpInstanceConfig> runConfigs = new LinkedHashMap<>();
    private final Map<String, String> blocks = new LinkedHashMap<>();

    /**
     * @param engine hands an event to the named instance on the VRRP thread, completing when carried out
     * @param leases hands the named instance's session validity to its {@link ElectedNetwork} (empty: lost)
     * @param holders hands who holds the named instance's key (empty: nobody, or not known) to its status
     */
    Elections(PluginHost plugins, BiFunction<String, VrrpEvent, CompletableFuture<Void>> engine,
              BiConsumer<String, OptionalLong> leases, BiConsumer<String, Optional<String>> holders) {
        this.plugins = plugins;
        this.engine = engine;
        this.leases = leases;
        this.holders = holders;
    }

    /**
     * Starts, keeps or ends the runs for {@code config}. Call after the instances took the
     * configuration, so that a removed instance has removed its addresses before its key goes.
     */
    synchronized void apply(KeepalivedConfig config) {
        Map<String, VrrpInstanceConfig> wanted = new LinkedHashMap<>();
        for (VrrpInstanceConfig instance : config.instances()) {
            if (instance.witness().elects()) {
                wanted.put(instance.name(), instance);
            }
        }
        for (String name : List.copyOf(runs.keySet())) {
            VrrpInstanceConfig next = wanted.get(name);
            if (next == null || !sameElection(runConfigs.get(name), next, config)) {
                runs.remove(name).close();
                runConfigs.remove(name);
            }
        }
        // a witness no run uses any more goes (a changed block ended its runs above: it is made again)
        for (String name : List.copyOf(witnesses.keySet())) {
            if (runConfigs.values().stream().noneMatch(i -> i.witness().witness().equals(name))) {
                witnesses.remove(name).witness().close();
                blocks.remove(name);
            }
        }
        String holderId = holderId(config);
        wanted.forEach((name, instance) -> {
            if (runs.containsKey(name)) {
                return;
            }
            NamedWitness witness = witness(instance.witness().witness(), config);
            if (witness == null) {
                return;
            }
            ElectionRun run = new ElectionRun(name, witness.name(), witness.witness(), holderId,
                    !instance.nopreempt(), instance.preemptDelay(), event -> engine.apply(name, event),
                    valid -> leases.accept(name, valid), holder -> holders.accept(name, holder));
            runs.put(name, run);
            runConfigs.put(name, instance);
            run.start();
            LOG.info("({}) election: standing for its key in witness {} ({}) as {}", name, witness.name(),
                    witness.type(), holderId);
        });
    }

    private boolean sameElection(VrrpInstanceConfig before, VrrpInstanceConfig next, KeepalivedConfig config) {
        String witness = next.witness().witness();
        return before.witness().equals(next.witness()) && before.nopreempt() == next.nopreempt()
                && before.preemptDelay().equals(next.preemptDelay())
                && String.valueOf(config.witnesses().get(witness)).equals(blocks.get(witness));
    }

    private NamedWitness witness(String name, KeepalivedConfig config) {
        NamedWitness known = witnesses.get(name);
        if (known != null) {
            return known;
        }
        try {
            NamedWitness created = plugins.createWitness(name, config.witnesses().get(name),
                    PluginSettings.globals(config));
            witnesses.put(name, created);
            blocks.put(name, String.valueOf(config.witnesses().get(name)));
            return created;
        } catch (RuntimeException e) {
            LOG.error("vrrp_witness {}: {}; its election instances stay BACKUP", name, e.getMessage());
            return null;
        }
    }

    /** The identity written as the value of the keys this host holds: the same as fencing's (router_id). */
    static String holderId(KeepalivedConfig config) {
        return io.keepwatch.runtime.witness.WitnessSessions.holder(PluginSettings.globals(config));
    }

    @Override
    public void published(InstanceStatus status) {
        ElectionRun run = runs.get(status.name());
        if (run != null) {
            run.published(status);
        }
    }

    /** Releases every key held and closes the sessions and witnesses. After the instances stopped. */
    @Override
    public synchronized void close() {
        runs.values().forEach(ElectionRun::close);
        runs.clear();
        runConfigs.clear();
        witnesses.values().forEach(w -> w.witness().close());
        witnesses.clear();
        blocks.clear();
    }
}
