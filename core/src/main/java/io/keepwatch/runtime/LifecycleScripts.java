package io.keepwatch.runtime;

import io.keepwatch.config.model.GlobalDefs;
import io.keepwatch.config.model.TimedScript;
import io.keepwatch.plugin.api.ScriptOutcome;
import io.keepwatch.script.PreparedScript;
import io.keepwatch.script.ScriptPolicy;
import io.keepwatch.script.ScriptRefused;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code startup_script} and {@code shutdown_script}: run once, waited for, before the instances
 * start and after they stopped (keepalived runs them in its parent process, before its children
 * start and after they ended). One that overstays its timeout has its process group killed; one
 * that fails is logged, and keepwatch goes on, as keepalived does. The script is checked as every
 * script is (user, security); keepalived does not run one it would disable.
 */
final class LifecycleScripts {

    private static final Logger LOG = LoggerFactory.getLogger(LifecycleScripts.class);

    private LifecycleScripts() {}

    /** Runs {@code script}, if any, and waits for it (at most its timeout and the kill grace). */
    static void run(String keyword, Optional<TimedScript> script, GlobalDefs global) {
        if (script.isEmpty()) {
            return;
        }
        TimedScript timed = script.get();
        String label = keyword + " " + timed.script().command().argv().getFirst();
        PreparedScript prepared;
        try {
            prepared = ScriptPolicy.of(global).prepare(timed.script().command().argv(), timed.script().user(),
                    timed.script().group(), w -> LOG.warn("{}: {}", label, w));
        } catch (ScriptRefused e) {
            LOG.error("{} disabled: {}", label, e.getMessage());
            return;
        }
        LOG.info("running {}", label);
        try {
            ScriptOutcome outcome = prepared.run(timed.timeout());
            if (outcome.success()) {
                LOG.info("{} succeeded", label);
            } else {
                LOG.warn("{} failed: {}", label, outcome.description());
            }
        } catch (IOException e) {
            LOG.error("{} cannot run: {}", label, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("{} interrupted", label);
        }
    }
}
