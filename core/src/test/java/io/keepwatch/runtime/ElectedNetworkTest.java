package io.keepwatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.runtime.net.InstanceNetwork;
import io.keepwatch.vrrp.VirtualAddress;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An election instance's addresses go into the kernel only with a lifetime from a live session:
 * asked for before the session's first validity reached the network (the key was granted first),
 * they wait for it instead of being lost.
 */
class ElectedNetworkTest {
    private static final VirtualAddress VIP = new VirtualAddress(InetAddress.ofLiteral("192.0.2.10"), 24);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** What reached the kernel side: "add VIP for N s" and "remove VIP". */
    private final List<String> kernel = new ArrayList<>();
    private final ElectedNetwork network = new ElectedNetwork("DB", new InstanceNetwork() {
        @Override
        public void sendAdvert(int priority) {}

        @Override
        public void addVip(VirtualAddress vip) {
            kernel.add("add " + vip + " forever");
        }

        @Override
        public void addVip(VirtualAddress vip, long seconds) {
            kernel.add("add " + vip + " for " + seconds + " s");
        }

        @Override
        public void removeVip(VirtualAddress vip) {
            kernel.add("remove " + vip);
        }

        @Override
        public void announce(List<VirtualAddress> vips, int repeat) {}
    });

    @Test
    void anAddressAskedForBeforeTheSessionIsKnownIsAddedAtItsFirstValidity() throws Exception {
        network.addVip(VIP);
        assertThat(kernel).isEmpty();

        long now = System.nanoTime();
        network.renew(now + 5 * SECOND, now);

        assertThat(kernel).singleElement().asString().startsWith("add " + VIP + " for ").doesNotContain("forever");
        network.renew(now + 6 * SECOND, now + SECOND);
        assertThat(kernel).hasSize(2).allMatch(line -> line.startsWith("add " + VIP + " for "));
    }

    @Test
    void anAddressGivenUpBeforeTheSessionIsKnownIsNeverAdded() throws Exception {
        network.addVip(VIP);
        network.removeVip(VIP);
        long now = System.nanoTime();
        network.renew(now + 5 * SECOND, now);

        assertThat(kernel).containsExactly("remove " + VIP);
    }

    @Test
    void afterTheSessionIsLostNothingIsAdded() throws Exception {
        long now = System.nanoTime();
        network.renew(now + 5 * SECOND, now);
        network.sessionLost();
        network.addVip(VIP);

        assertThat(kernel).isEmpty();
    }

    @Test
    void theLoopsLastLifetimeTimerSetsOneSecondMoreFromTheSameValidityOnlyWhileItFits() throws Exception {
        long now = System.nanoTime();
        long validUntil = now + 3 * SECOND;
        network.renew(validUntil, now);
        network.addVip(VIP);
        kernel.clear();

        // the timer at V - 2.35 s: one more second fits before V (the kernel is up to 1.25 s late)
        network.accept(validUntil - 2_350_000_000L);
        assertThat(kernel).containsExactly("add " + VIP + " for 1 s");
        // later than V - 2.25 s no whole second fits: nothing is set
        network.accept(validUntil - 2_200_000_000L);
        network.sessionLost();
        network.accept(validUntil - 2_350_000_000L);
        assertThat(kernel).containsExactly("add " + VIP + " for 1 s");
    }
}
