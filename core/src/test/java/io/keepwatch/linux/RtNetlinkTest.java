package io.keepwatch.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.keepwatch.testing.AddressWatch;
import io.keepwatch.testing.NetNs;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RequiresNetns
class RtNetlinkTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private NetNs lab;
    private NetNs.Namespace a;
    private NetNs.Namespace b;
    private RtNetlink netlink;
    private AddressWatch watch;

    @BeforeEach
    void createNetwork() throws Exception {
        lab = NetNs.create("lx");
        a = lab.namespace("a");
        b = lab.namespace("b");
        lab.veth(a, "veth0", b, "veth0");
        netlink = a.call(RtNetlink::open);
        watch = AddressWatch.open(a);
    }

    @AfterEach
    void deleteNetwork() throws Exception {
        try {
            if (watch != null) {
                watch.close();
            }
            if (netlink != null) {
                netlink.close();
            }
        } finally {
            lab.close();
        }
    }

    private static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    @Test
    void addedAddressIsListedAndReportedThenDeletedAndGone() throws Exception {
        AddressSpec vip = AddressSpec.of(ip("10.0.0.9"), 24).withBroadcast(ip("10.0.0.255")).withLabel("veth0:vip");

        netlink.addAddress("veth0", vip);

        IfAddress seen = watch.awaitPresent("veth0", ip("10.0.0.9"), WAIT);
        assertThat(seen.prefixLength()).isEqualTo(24);
        assertThat(seen.label()).isEqualTo("veth0:vip");
        assertThat(seen.broadcast()).isEqualTo(ip("10.0.0.255"));
        InetAddress added = ip("10.0.0.9");
        assertThat(netlink.addresses("veth0")).anySatisfy(a -> {
            assertThat(a.address()).isEqualTo(added);
            assertThat(a.prefixLength()).isEqualTo(24);
            assertThat(a.scope()).isEqualTo(Constants.RT_SCOPE_UNIVERSE);
        });
        assertThat(a.exec("ip", "-4", "addr", "show", "dev", "veth0")).contains("10.0.0.9/24 brd 10.0.0.255")
                .contains("veth0:vip");

        netlink.deleteAddress("veth0", vip);

        watch.awaitAbsent("veth0", ip("10.0.0.9"), WAIT);
        assertThat(netlink.hasAddress("veth0", ip("10.0.0.9"))).isFalse();
        InetAddress removed = ip("10.0.0.9");
        assertThat(watch.events()).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(NetlinkEvent.AddressRemoved.class,
                r -> assertThat(r.address().address()).isEqualTo(removed)));
    }

    @Test
    void addingTwiceFailsWithEexistNamingAddressAndInterface() throws Exception {
        AddressSpec vip = AddressSpec.of(ip("10.0.0.9"), 24);
        netlink.addAddress("veth0", vip);

        NativeException e = catchThrowableOfType(NativeException.class, () -> netlink.addAddress("veth0", vip));

        assertThat(e.errno()).isEqualTo(Errno.EEXIST);
        assertThat(e.call()).isEqualTo("RTM_NEWADDR");
        assertThat(e).hasMessageStartingWith("cannot add 10.0.0.9/24 to veth0: EEXIST (File exists)");
    }

    @Test
    void deletingTwiceFailsWithEaddrnotavail() throws Exception {
        AddressSpec vip = AddressSpec.of(ip("10.0.0.9"), 32);
        netlink.addAddress("veth0", vip);
        netlink.deleteAddress("veth0", vip);

        NativeException e = catchThrowableOfType(NativeException.class, () -> netlink.deleteAddress("veth0", vip));

        assertThat(e.errno()).isEqualTo(Errno.EADDRNOTAVAIL);
        assertThat(e).hasMessageStartingWith("cannot delete 10.0.0.9/32 from veth0: EADDRNOTAVAIL");
    }

    @Test
    void missingInterfaceIsNamed() throws Exception {
        NativeException e = catchThrowableOfType(NativeException.class,
                () -> netlink.addAddress("nosuch0", AddressSpec.of(ip("10.0.0.9"), 32)));
        assertThat(e.errno()).isEqualTo(Errno.ENODEV);
        assertThat(e).hasMessageContaining("nosuch0");
    }

    @Test
    void ipv6AddressWithNodadIsUsableAtOnceEvenWithDadEnabled() throws Exception {
        a.exec("sysctl", "-q", "-w", "net.ipv6.conf.veth0.accept_dad=1");
        InetAddress vip6 = ip("fd00:9::9");
        InetAddress other = ip("fd00:9::10");

        netlink.addAddress("veth0", AddressSpec.of(vip6, 64));
        netlink.addAddress("veth0", AddressSpec.of(other, 64).withNoDad(false));

        IfAddress nodad = watch.awaitPresent("veth0", vip6, WAIT);
        assertThat(nodad.isNoDad()).isTrue();
        assertThat(nodad.isTentative()).isFalse();
        watch.awaitPresent("veth0", other, WAIT);
        IfAddress firstReport = watch.events().stream()
                .flatMap(e -> e instanceof NetlinkEvent.AddressAdded added ? java.util.stream.Stream.of(added.address())
                        : java.util.stream.Stream.empty())
                .filter(x -> x.address().equals(other)).findFirst().orElseThrow();
        assertThat(firstReport.isTentative()).as("the control address went through DAD").isTrue();
        assertThat(watch.events()).noneSatisfy(e -> assertThat(e).isInstanceOfSatisfying(NetlinkEvent.AddressAdded.class,
                added -> assertThat(added.address().matches(added.address().ifIndex(), vip6)
                        && added.address().isTentative()).isTrue()));
        assertThat(a.exec("ip", "-6", "addr", "show", "dev", "veth0")).contains("fd00:9::9/64").contains("nodad");
    }

    @Test
    void linksAreListedWithNameIndexFlagsAndMac() throws Exception {
        Link link = netlink.link("veth0");
        assertThat(link.index()).isEqualTo(a.ifIndex("veth0"));
        assertThat(link.isUp()).isTrue();
        assertThat(link.mac()).isEqualTo(HardwareAddress.parse(a.macAddress("veth0")));
        assertThat(netlink.links()).extracting(Link::name).contains("lo", "veth0");
    }

    @Test
    void linkDownAndUpAreReported() throws Exception {
        watch.awaitLink("veth0", Link::isRunning, "running", WAIT);

        a.linkDown("veth0");
        watch.awaitLink("veth0", l -> !l.isUp() && !l.isRunning(), "down", WAIT);

        a.linkUp("veth0");
        watch.awaitLink("veth0", l -> l.isUp() && l.isRunning(), "up and running", WAIT);
    }

    @Test
    void peerCableCutIsSeenAsLossOfCarrier() throws Exception {
        watch.awaitLink("veth0", Link::isLowerUp, "carrier", WAIT);
        b.linkDown("veth0");
        Link cut = watch.awaitLink("veth0", l -> !l.isLowerUp(), "no carrier", WAIT);
        assertThat(cut.isUp()).as("still administratively up").isTrue();
    }

    private static boolean ours(IfAddress address, int ifIndex) {
        return address.ifIndex() == ifIndex && address.address().getHostAddress().startsWith("10.50.");
    }

    @Test
    void monitorResynchronisesAfterReceiveBufferOverrun() throws Exception {
        BlockingQueue<NetlinkEvent> events = new LinkedBlockingQueue<>();
        CountDownLatch release = new CountDownLatch(1);
        NetlinkMonitor monitor = a.call(() -> NetlinkMonitor.start("overrun-test", event -> {
            events.add(event);
            try {
                release.await(); // a stuck listener: the kernel keeps queueing until the buffer overruns
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, false, new ReceiveBuffer(1024, false), ReceiveBuffer.DEFAULT));
        try {
            List<String> batch = new ArrayList<>();
            for (int i = 1; i <= 200; i++) {
                batch.add("address add 10.50." + (i / 250) + "." + (i % 250 + 1) + "/32 dev veth0");
            }
            Path file = Files.createTempFile("kw-batch", ".txt");
            try {
                Files.write(file, batch);
                a.exec("ip", "-batch", file.toString());
            } finally {
                Files.delete(file);
            }
            release.countDown();

            // Replaying the events in order (a snapshot replaces everything) must converge on the
            // kernel's state, whenever the overrun happened relative to the batch.
            int ifIndex = a.ifIndex("veth0");
            java.util.Set<InetAddress> model = new java.util.HashSet<>();
            boolean overrun = false;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!(overrun && model.size() == 200) && System.nanoTime() < deadline) {
                NetlinkEvent e = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                switch (e) {
                    case NetlinkEvent.Snapshot snapshot -> {
                        overrun |= snapshot.afterOverrun();
                        model.clear();
                        snapshot.addresses().stream().filter(x -> ours(x, ifIndex)).map(IfAddress::address)
                                .forEach(model::add);
                    }
                    case NetlinkEvent.AddressAdded added when ours(added.address(), ifIndex) ->
                            model.add(added.address().address());
                    case NetlinkEvent.AddressRemoved removed when ours(removed.address(), ifIndex) ->
                            model.remove(removed.address().address());
                    case null, default -> { }
                }
            }
            assertThat(overrun).as("a snapshot after the overrun").isTrue();
            assertThat(model).hasSize(200);
        } finally {
            release.countDown();
            monitor.close();
            assertThat(monitor.awaitTermination(WAIT)).isTrue();
        }
    }
}
