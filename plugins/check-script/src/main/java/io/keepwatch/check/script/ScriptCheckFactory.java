package io.keepwatch.check.script;

import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.ConfigValues;
import io.keepwatch.plugin.api.HealthCheck;
import io.keepwatch.plugin.api.HealthCheckFactory;
import io.keepwatch.plugin.api.HealthCheckSettings;
import io.keepwatch.plugin.api.PluginConfigException;
import io.keepwatch.plugin.api.PluginContext;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.pf4j.Extension;

/**
 * Check type {@code script}, keepalived's {@code vrrp_script} as a {@code vrrp_check}:
 *
 * <pre>
 * vrrp_check chk_nginx {
 *     type script
 *     script "/usr/local/bin/check_nginx --port 80"   # program and arguments, quoted as keepalived
 *     user nginx [GROUP]                                # else global_defs script_user
 *     interval 2
 *     timeout 3
 * }
 * </pre>
 *
 * The script runs through keepwatch's script runner ({@link PluginContext#scripts()}), with
 * everything a {@code vrrp_script} gets: keepalived's choice of user, its checks of the file under
 * {@code enable_script_security}, a process group of its own killed as a whole on timeout. A
 * script the runner refuses fails the block with the reason.
 */
@Extension
public final class ScriptCheckFactory implements HealthCheckFactory {

    private static final Set<String> KEYWORDS;

    static {
        Set<String> k = new HashSet<>(HealthCheckSettings.GENERIC_KEYWORDS);
        k.addAll(List.of("script", "user"));
        KEYWORDS = Set.copyOf(k);
    }

    @Override
    public String type() {
        return "script";
    }

    @Override
    public String description() {
        return "runs a program; exit status 0 is up (keepalived vrrp_script)";
    }

    @Override
    public HealthCheck create(PluginContext context) {
        ConfigNode block = context.config();
        ConfigValues.rejectUnknown(block, KEYWORDS);
        ConfigNode scriptLine = block.child("script").orElseThrow(() -> new PluginConfigException(
                block.position(), "missing 'script' in " + block.keyword() + " " + context.name()));
        if (scriptLine.arguments().isEmpty()) {
            throw new PluginConfigException(scriptLine.position(), "'script' needs a program");
        }
        List<String> argv;
        try {
            argv = ScriptCommand.split(String.join(" ", scriptLine.arguments()));
        } catch (IllegalArgumentException e) {
            throw new PluginConfigException(scriptLine.position(), e.getMessage());
        }
        Optional<String> user = Optional.empty();
        Optional<String> group = Optional.empty();
        Optional<ConfigNode> userLine = block.child("user");
        if (userLine.isPresent()) {
            List<String> words = userLine.get().arguments();
            if (words.isEmpty() || words.size() > 2) {
                throw new PluginConfigException(userLine.get().position(), "'user' needs USER [GROUP]");
            }
            user = Optional.of(words.getFirst());
            group = words.size() > 1 ? Optional.of(words.get(1)) : Optional.empty();
        }
        return context.scripts().prepare(scriptLine.position(), argv, user, group).asCheck(context.name());
    }
}
