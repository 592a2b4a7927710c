package io.keepwatch.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * keepalived's choice of a script's user. The default user is passed in, so the tests do not
 * depend on whether this host has {@code keepalived_script}.
 */
class ScriptUsersTest {

    private static final String ABSENT = "kw-no-such-user";
    private static final RunAs NOBODY = new RunAs("nobody", 65534, 65534);

    private static ScriptUsers users(Optional<String> scriptUser, Optional<String> scriptGroup, boolean security,
                                     String defaultUser) {
        return new ScriptUsers(scriptUser, scriptGroup, security, defaultUser);
    }

    private static ScriptUsers none(boolean security, String defaultUser) {
        return users(Optional.empty(), Optional.empty(), security, defaultUser);
    }

    @Test
    void theScriptsOwnUserComesFirst() throws Exception {
        ScriptUsers users = users(Optional.of("root"), Optional.empty(), true, "root");
        assertThat(users.resolve(Optional.of("nobody"), Optional.empty())).isEqualTo(NOBODY);
        assertThat(users.resolve(Optional.of("nobody"), Optional.of("root"))).isEqualTo(new RunAs("nobody", 65534, 0));
    }

    @Test
    void thenScriptUserWithItsGroup() throws Exception {
        ScriptUsers users = users(Optional.of("nobody"), Optional.of("root"), false, "root");
        assertThat(users.resolve(Optional.empty(), Optional.empty())).isEqualTo(new RunAs("nobody", 65534, 0));
    }

    @Test
    void thenTheDefaultUserWhenItExists() throws Exception {
        assertThat(none(true, "nobody").resolve(Optional.empty(), Optional.empty())).isEqualTo(NOBODY);
    }

    @Test
    void withoutAnyUserAndWithoutSecurityScriptsRunAsKeepwatchItself() throws Exception {
        assertThat(none(false, ABSENT).resolve(Optional.empty(), Optional.empty())).isEqualTo(ScriptUsers.self());
    }

    @Test
    void withSecurityAndNoUserAtAllAScriptDoesNotRun() {
        // keepalived: "Unable to set default user keepalived_script for script": such scripts are
        // removed rather than run as root.
        assertThatThrownBy(() -> none(true, ABSENT).resolve(Optional.empty(), Optional.empty()))
                .isInstanceOf(ScriptRefused.class)
                .hasMessage("enable_script_security is set, script_user is not and user " + ABSENT
                        + " does not exist: it would run as root (set script_user, or a user on the script)");
    }

    @Test
    void aScriptWithItsOwnUserStillRunsThen() throws Exception {
        assertThat(none(true, ABSENT).resolve(Optional.of("nobody"), Optional.empty())).isEqualTo(NOBODY);
    }

    @Test
    void anUnknownUserOrGroupRefusesTheScript() {
        ScriptUsers users = none(false, ABSENT);
        assertThatThrownBy(() -> users.resolve(Optional.of(ABSENT), Optional.empty()))
                .hasMessage("user " + ABSENT + " does not exist");
        assertThatThrownBy(() -> users.resolve(Optional.of("nobody"), Optional.of("kw-no-such-group")))
                .hasMessage("group kw-no-such-group of user nobody does not exist");
    }

    @Test
    void anUnknownScriptUserRefusesEveryScriptWithoutItsOwn() throws Exception {
        ScriptUsers users = users(Optional.of(ABSENT), Optional.empty(), false, "nobody");
        assertThatThrownBy(() -> users.resolve(Optional.empty(), Optional.empty()))
                .hasMessage("script_user " + ABSENT + " does not exist; scripts without a user of their own do not run");
        assertThat(users.resolve(Optional.of("nobody"), Optional.empty())).isEqualTo(NOBODY);
    }
}
