package io.keepwatch.script;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.linux.UserDatabase;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Users and groups through the C library (NSS), including a user created for the test. */
class UserDatabaseTest {

    @Test
    void knownUsersAndGroupsAreFound() throws Exception {
        assertThat(UserDatabase.user("root")).contains(new UserDatabase.User("root", 0, 0));
        assertThat(UserDatabase.user("nobody")).contains(new UserDatabase.User("nobody", 65534, 65534));
        assertThat(UserDatabase.groupId("root")).isEqualTo(OptionalInt.of(0));
        assertThat(UserDatabase.groupId("nogroup")).isEqualTo(OptionalInt.of(65534));
    }

    @Test
    void unknownNamesAreEmpty() throws Exception {
        assertThat(UserDatabase.user("kw-no-such-user")).isEmpty();
        assertThat(UserDatabase.groupId("kw-no-such-group")).isEmpty();
    }

    @Test
    void aUserAddedNowIsFoundWithTheIdsTheSystemGaveIt() throws Exception {
        try (ThrowawayUser user = new ThrowawayUser()) {
            UserDatabase.User found = UserDatabase.user(user.name).orElseThrow();
            assertThat(found.uid()).isEqualTo(Integer.parseInt(id("-u", user.name)));
            assertThat(found.gid()).isEqualTo(Integer.parseInt(id("-g", user.name)));
            assertThat(UserDatabase.groupId(user.name)).isEqualTo(OptionalInt.of(found.gid()));
        }
    }

    static String id(String option, String user) throws Exception {
        Process p = new ProcessBuilder("id", option, user).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return out;
    }
}
