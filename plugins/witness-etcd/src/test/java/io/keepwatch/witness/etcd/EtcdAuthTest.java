package io.keepwatch.witness.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.keepwatch.plugin.api.Witness;
import io.keepwatch.plugin.api.WitnessException;
import io.keepwatch.plugin.api.WitnessSession;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * etcd with authentication on (set up through the gateway's auth API, as etcdctl would): a user whose
 * role may read and write under {@code /kw/} only.
 */
class EtcdAuthTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private static EtcdCluster etcd;
    private final Witnesses witnesses = new Witnesses();

    @BeforeAll
    static void startEtcdWithAuth() throws IOException {
        etcd = EtcdCluster.start(1, EtcdCluster.DEFAULT_ELECTION);
        String url = etcd.endpoints().getFirst();
        String kw = EtcdGateway.base64("/kw/");
        String kwEnd = EtcdGateway.base64(EtcdKeys.prefixEnd("/kw/"));
        for (String[] call : new String[][] {
                {"/v3/auth/role/add", "{\"name\":\"root\"}"},
                {"/v3/auth/user/add", "{\"name\":\"root\",\"password\":\"rootpw\"}"},
                {"/v3/auth/user/grant", "{\"user\":\"root\",\"role\":\"root\"}"},
                {"/v3/auth/role/add", "{\"name\":\"keepwatch\"}"},
                {"/v3/auth/role/grant", "{\"name\":\"keepwatch\",\"perm\":{\"permType\":\"READWRITE\",\"key\":\"" + kw
                        + "\",\"range_end\":\"" + kwEnd + "\"}}"},
                {"/v3/auth/user/add", "{\"name\":\"kw\",\"password\":\"kwpw\"}"},
                {"/v3/auth/user/grant", "{\"user\":\"kw\",\"role\":\"keepwatch\"}"},
                {"/v3/auth/enable", "{}"}}) {
            JsonNode answer = etcd.post(url + call[0], call[1]);
            assertThat(answer.has("error")).as(call[0] + " answered " + answer).isFalse();
        }
    }

    @AfterAll
    static void stopEtcd() {
        if (etcd != null) {
            etcd.close();
        }
    }

    @AfterEach
    void close() throws Exception {
        witnesses.close();
    }

    private Witness witness(String... more) {
        String[] lines = new String[more.length + 4];
        lines[0] = "endpoints " + etcd.endpoints().getFirst();
        lines[1] = "prefix /kw";
        lines[2] = "ttl 10";
        lines[3] = "timeout 6";
        System.arraycopy(more, 0, lines, 4, more.length);
        return witnesses.create(lines);
    }

    @Test
    void aUserWithItsPasswordHoldsWatchesAndStands() throws Exception {
        Witness witness = witness("user kw", "password kwpw");
        WitnessSession a = witness.open("lb1");
        WitnessSession b = witness.open("lb2");
        AtomicInteger calls = new AtomicInteger();
        witnesses.closing(witness.watch("VI_1", calls::incrementAndGet));
        EtcdCluster.await(PATIENCE, () -> calls.get() >= 1, "the watch established with the token");

        int before = calls.get();
        assertThat(a.acquire("VI_1")).isTrue();
        assertThat(b.acquire("VI_1")).isFalse();
        EtcdCluster.await(PATIENCE, () -> calls.get() > before, "the watch's call for the new holder");
        b.stand("VI_1", 90);
        assertThat(witness.candidates("VI_1")).hasSize(1);
        assertThat(witness.holder("VI_1")).contains("lb1");
        a.keepAlive();
        a.release("VI_1");
        assertThat(witness.holder("VI_1")).isEmpty();
    }

    @Test
    void anInvalidatedTokenIsRenewedWithThePassword() throws Exception {
        Witness witness = witness("user kw", "password kwpw");
        WitnessSession a = witness.open("lb1");
        assertThat(a.acquire("VI_2")).isTrue();
        // etcd drops a user's tokens when its password is set, as when they expire (auth-token-ttl).
        String url = etcd.endpoints().getFirst();
        String root = etcd.post(url + "/v3/auth/authenticate", "{\"name\":\"root\",\"password\":\"rootpw\"}")
                .path("token").asText();
        JsonNode changed = etcd.post(url + "/v3/auth/user/changepw", "{\"name\":\"kw\",\"password\":\"kwpw\"}", root);
        assertThat(changed.has("error")).as("changepw answered " + changed).isFalse();

        assertThat(witness.holder("VI_2")).contains("lb1");
        a.keepAlive();
        a.release("VI_2");
    }

    @Test
    void aWrongPasswordOrNoUserIsRefused() {
        assertThatThrownBy(() -> witness("user kw", "password wrong").open("lb1"))
                .isInstanceOf(WitnessException.class).hasMessageContaining("authentication failed");
        assertThatThrownBy(() -> witness().holder("VI_1"))
                .isInstanceOf(WitnessException.class).hasMessageContaining("user name is empty");
    }

    @Test
    void keysOutsideTheRolesPrefixAreRefused() throws Exception {
        Witness outside = witnesses.create("endpoints " + etcd.endpoints().getFirst(), "prefix /elsewhere",
                "user kw", "password kwpw");
        WitnessSession a = outside.open("lb1");
        assertThatThrownBy(() -> a.acquire("VI_1")).isInstanceOf(WitnessException.class)
                .hasMessageContaining("permission denied");
    }
}
