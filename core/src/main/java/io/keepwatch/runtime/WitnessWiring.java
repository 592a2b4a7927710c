package io.keepwatch.runtime;

import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.plugins.PluginHost;
import io.keepwatch.runtime.witness.WitnessFences;
import io.keepwatch.runtime.witness.WitnessListener;
import io.keepwatch.runtime.witness.WitnessSessions;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Connects the witnesses to the daemon: the sessions' threads ({@link WitnessSessions}) report to the
 * fences on the VRRP thread ({@link WitnessFences}), whose trackers reach the instances and whose
 * wake-ups are a deadline of the loop.
 */
final class WitnessWiring implements VrrpLoop.Timed {

    private final VrrpLoop loop;
    private final WitnessSessions sessions;
    private final WitnessFences fences;

    /** @param instances the instances, once they exist (null before) */
    WitnessWiring(VrrpLoop loop, Supplier<Instances> instances) {
        this.loop = loop;
        this.sessions = new WitnessSessions(new WitnessListener() {
            @Override
            public void renewed(String witness, Duration ttl, long validUntilNanos) {
                loop.offer(() -> fences().renewed(witness, ttl, validUntilNanos));
            }

            @Override
            public void lost(String witness, String why) {
                loop.offer(() -> fences().lost(witness, why));
            }

            @Override
            public void acquired(String witness, String key, boolean held) {
                loop.offer(() -> fences().acquired(witness, key, held));
            }

            @Override
            public void holder(String witness, String key, Optional<String> holder) {
                loop.offer(() -> fences().holder(witness, key, holder));
            }
        });
        this.fences = new WitnessFences(new WitnessFences.Loop() {
            @Override
            public long now() {
                return loop.now();
            }

            @Override
            public void wakeAt(long deadlineNanos) {
                if (deadlineNanos == Long.MAX_VALUE) {
                    loop.cancel(WitnessWiring.this);
                } else {
                    loop.schedule(WitnessWiring.this, deadlineNanos);
                }
            }
        }, (tracker, up, message) -> {
            Instances running = instances.get();
            if (running != null) {
                running.trackerChanged(tracker, up, message);
            }
        }, sessions);
        fences.onStatusChange(name -> {
            Instances running = instances.get();
            InstanceRuntime runtime = running == null ? null : running.runtime(name);
            if (runtime != null) {
                runtime.publish();
            }
        });
    }

    WitnessFences fences() {
        return fences;
    }

    /** Starts, keeps or closes the witnesses of {@code config}; the plugins must be loaded. */
    void apply(PluginHost host, KeepalivedConfig config) {
        sessions.apply(host, config, PluginSettings.globals(config));
    }

    @Override
    public void accept(long nowNanos) {
        fences.wake(nowNanos);
    }

    /** Gives up every key and session (after the instances have resigned). */
    void close() {
        sessions.close();
    }
}
