package io.keepwatch.check.script;

import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.ConfigValues;
import io.keepwatch.plugin.api.GlobalSettings;
import io.keepwatch.plugin.api.HealthCheck;
import io.keepwatch.plugin.api.HealthCheckFactory;
import io.keepwatch.plugin.api.HealthCheckSettings;
import io.keepwatch.plugin.api.PluginConfigException;
import io.keepwatch.plugin.api.PluginContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.pf4j.Extension;

/**
 * Check type {@code script}, keepalived's {@code vrrp_script}:
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
 * The same block shape is a {@code vrrp_script} with {@code type script} added. With
 * {@code enable_script_security} in {@code global_defs}, a script writable by a non-root user is
 * refused. Without {@code user} or {@code script_user}, the script runs as {@code keepwatch_script} or
 * {@code keepalived_script}
 * when that user exists, else as keepwatch's own user (keepalived's rule).
 */
@Extension
public final class ScriptCheckFactory implements HealthCheckFactory {

    /** Checked in order when no user is configured. */
    static final List<String> DEFAULT_SCRIPT_USERS = List.of("keepwatch_script", "keepalived_script");

    /** Time between SIGTERM and SIGKILL when a script overstays its timeout. */
    static final Duration KILL_GRACE = Duration.ofMillis(500);

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
        GlobalSettings globals = context.globals();
        if (globals.hasOther("enable_script_security")) {
            Path program = ScriptSecurity.resolve(argv.getFirst()).orElseThrow(() -> new PluginConfigException(
                    scriptLine.position(), "script " + argv.getFirst() + " not found (enable_script_security)"));
            ScriptSecurity.refusal(program).ifPresent(why -> {
                throw new PluginConfigException(scriptLine.position(),
                        "refusing script " + program + ": " + why + " (enable_script_security)");
            });
        }
        Optional<RunAs> runAs = runAs(block, globals);
        return new ScriptCheck(context.name(), new ScriptRunner(argv, runAs, KILL_GRACE));
    }

    private static Optional<RunAs> runAs(ConfigNode block, GlobalSettings globals) {
        Optional<ConfigNode> userLine = block.child("user");
        List<String> words;
        if (userLine.isPresent()) {
            words = userLine.get().arguments();
            if (words.isEmpty() || words.size() > 2) {
                throw new PluginConfigException(userLine.get().position(), "'user' needs USER [GROUP]");
            }
        } else if (globals.other().containsKey("script_user")) {
            words = globals.other().get("script_user");
        } else if (defaultScriptUser().isPresent()) {
            words = List.of(defaultScriptUser().get());
        } else {
            return Optional.empty();
        }
        if (words.isEmpty()) {
            return Optional.empty();
        }
        String current = System.getProperty("user.name");
        if (words.size() == 1 && words.getFirst().equals(current)) {
            return Optional.empty();
        }
        return Optional.of(new RunAs(words.getFirst(), words.size() > 1 ? Optional.of(words.get(1)) : Optional.empty()));
    }

    /**
     * The user scripts run as when neither {@code user} nor {@code script_user} says: keepwatch's
     * package creates {@code keepwatch_script}; a host migrated from keepalived has
     * {@code keepalived_script}, which keepalived itself would use.
     */
    static Optional<String> defaultScriptUser() {
        return DEFAULT_SCRIPT_USERS.stream().filter(ScriptCheckFactory::userExists).findFirst();
    }

    private static boolean userExists(String user) {
        try {
            return Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(l -> l.startsWith(user + ":"));
        } catch (IOException e) {
            return false;
        }
    }
}
