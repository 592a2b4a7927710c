package io.keepwatch.script;

import io.keepwatch.config.model.GlobalDefs;
import io.keepwatch.plugin.api.GlobalSettings;
import io.keepwatch.plugin.api.PluginConfigException;
import io.keepwatch.plugin.api.Script;
import io.keepwatch.plugin.api.ScriptRunner;
import io.keepwatch.plugin.api.SourcePosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares scripts by keepalived's rules: the user from {@link ScriptUsers}, the file checked by
 * {@link ScriptSecurity}, and the means to change to that user. The same rules serve
 * {@code vrrp_script}, the notify scripts and plugins ({@link ScriptRunner}).
 */
public final class ScriptPolicy implements ScriptRunner {

    /** keepalived's time between SIGTERM and SIGKILL for a script that overstays its timeout. */
    public static final Duration KILL_GRACE = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(ScriptPolicy.class);

    private final ScriptUsers users;
    private final Duration killGrace;

    /**
     * @param users who scripts run as
     * @param killGrace time between SIGTERM and SIGKILL on timeout
     */
    public ScriptPolicy(ScriptUsers users, Duration killGrace) {
        this.users = Objects.requireNonNull(users, "users");
        this.killGrace = Objects.requireNonNull(killGrace, "killGrace");
    }

    /** The policy of {@code global_defs}: its {@code script_user} and {@code enable_script_security}. */
    public static ScriptPolicy of(GlobalDefs global) {
        return new ScriptPolicy(new ScriptUsers(global.scriptUser(), global.scriptGroup(), global.enableScriptSecurity(),
                ScriptUsers.DEFAULT_USER), KILL_GRACE);
    }

    /**
     * The policy of the {@code global_defs} plugins see: {@code script_user USER [GROUP]} and
     * {@code enable_script_security} among {@link GlobalSettings#other()}.
     */
    public static ScriptPolicy of(GlobalSettings global) {
        List<String> scriptUser = global.other().getOrDefault("script_user", List.of());
        return new ScriptPolicy(new ScriptUsers(scriptUser.stream().findFirst(), scriptUser.stream().skip(1).findFirst(),
                global.hasOther("enable_script_security"), ScriptUsers.DEFAULT_USER), KILL_GRACE);
    }

    /** Whether {@code enable_script_security} is on. */
    public boolean scriptSecurity() {
        return users.scriptSecurity();
    }

    /**
     * Prepares {@code argv} to run as {@code user}/{@code group} (empty: the default user).
     *
     * @param warnings hears what is allowed but worth an operator's look (a program found along
     *                 PATH, unsafe permissions without enable_script_security)
     * @throws ScriptRefused when keepalived would disable the script
     */
    public PreparedScript prepare(List<String> argv, Optional<String> user, Optional<String> group,
                                  Consumer<String> warnings) throws ScriptRefused {
        if (argv.isEmpty()) {
            throw new ScriptRefused("no program given");
        }
        RunAs runAs = users.resolve(user, group);
        RunAs self = ScriptUsers.self();
        boolean changeUser = runAs.uid() != self.uid() || runAs.gid() != self.gid();
        if (changeUser && self.uid() != 0) {
            throw new ScriptRefused("cannot run it as " + runAs + ": keepwatch runs as " + self + ", not as root");
        }
        if (changeUser && !Tools.hasSetpriv()) {
            throw new ScriptRefused("cannot run it as " + runAs + ": setpriv (util-linux) is not installed");
        }
        if (isFileTest(argv.getFirst())) {
            return new PreparedScript(shellForm(argv), runAs, changeUser, killGrace);
        }
        ScriptSecurity.Checked checked = ScriptSecurity.check(argv.getFirst(), runAs, users.scriptSecurity());
        checked.warnings().forEach(warnings);
        List<String> resolved = new ArrayList<>(argv);
        resolved.set(0, checked.program().toString());
        return new PreparedScript(resolved, runAs, changeUser, killGrace);
    }

    /**
     * A script that starts with {@code <} and then a path ({@code "</dev/tcp/127.0.0.1/80"}, spaces
     * allowed between the two) is a shell redirection that tests whether a file opens, not a
     * program. keepalived runs such a script through the shell without checking any file (its
     * check_script_secure calls it safe to give to system()), so a port test written this way
     * succeeds or fails as the shell's redirection does.
     */
    static boolean isFileTest(String first) {
        if (first.isEmpty() || first.charAt(0) != '<') {
            return false;
        }
        int i = 1;
        while (i < first.length() && (first.charAt(i) == ' ' || first.charAt(i) == '\t')) {
            i++;
        }
        return i < first.length() && first.charAt(i) == '/';
    }

    /**
     * {@code /bin/sh -c 'FIRST "$@"' sh ARGS...}: the redirection as the shell reads it, the other
     * words (and a notify script's arguments, appended later) as words of their own, which is
     * what keepalived's quoting of each further word gives, without quoting them into the string.
     */
    private static List<String> shellForm(List<String> argv) {
        List<String> shell = new ArrayList<>(List.of("/bin/sh", "-c", argv.getFirst() + " \"$@\"", "sh"));
        shell.addAll(argv.subList(1, argv.size()));
        return shell;
    }

    @Override
    public Script prepare(SourcePosition at, List<String> argv, Optional<String> user, Optional<String> group) {
        try {
            return prepare(argv, user, group, warning -> LOG.warn("{}: {}", at, warning));
        } catch (ScriptRefused e) {
            throw new PluginConfigException(at, "script " + (argv.isEmpty() ? "" : argv.getFirst() + " ")
                    + "disabled: " + e.getMessage());
        }
    }
}
