package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.cli.MainAccess;
import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.NetNs;
import io.keepwatch.testing.RequiresNetns;
import java.nio.file.Files;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every address keepwatch adds is removed from the device it was added to: VIPs with {@code dev}
 * on another interface than the instance's, and {@code virtual_ipaddress_excluded}, through a
 * reload (SIGHUP and {@code keepwatch reload}), a stop (SIGTERM and {@code keepwatch stop}), FAULT,
 * and the next start after a kill -9. What each device holds is read with {@code ip -n NS addr}.
 */
@RequiresNetns
class AddressOwnershipTest {

    static final Duration START = Lan.START_UP;
    static final Duration CHANGE = Duration.ofSeconds(10);
    static final String VIP = "10.77.0.100";
    static final String DEV_VIP = "10.9.1.100";
    static final String EXCLUDED = "10.77.0.200";
    static final String EXCLUDED_DEV = "10.9.2.100";

    /** VI_1 on eth0, with a VIP on eth1 and, if asked, excluded VIPs on eth0 and eth1. */
    private static String config(int priority, String devVip, boolean excluded) {
        StringBuilder b = new StringBuilder(VrrpConf.v3("VI_1", 51, priority).set("advert_int", "0.5")
                .vip(VIP + "/24").vip(devVip).file("h").replaceFirst("\\}\n}\n$", "}\n"));
        if (excluded) {
            b.append("  virtual_ipaddress_excluded {\n    ").append(EXCLUDED).append("/24\n    ")
                    .append(EXCLUDED_DEV).append("/24 dev eth1\n  }\n");
        }
        return b.append("}\n").toString();
    }

    private static String config(int priority) {
        return config(priority, DEV_VIP + "/24 dev eth1", false);
    }

    private static String withoutDevVip(int priority) {
        return VrrpConf.v3("VI_1", 51, priority).set("advert_int", "0.5").vip(VIP + "/24").file("h");
    }

    /** Each host gets a second interface, eth1, for the {@code dev eth1} addresses. */
    private static Lan lan(String task, int hosts) throws Exception {
        Lan lan = Lan.create(task, hosts);
        for (Lan.Host h : lan.hosts()) {
            addInterface(h, "eth1");
        }
        return lan;
    }

    /** A veth pair within the host ({@code name} and its peer), both up: the kernel may lack dummy links. */
    private static void addInterface(Lan.Host h, String name) {
        h.ns().exec("ip", "link", "add", name, "type", "veth", "peer", "name", name + "p");
        h.ns().linkUp(name + "p");
        h.ns().linkUp(name);
    }

    /** The IPv4 addresses on {@code device}, as {@code ip -n NS -4 -o addr show dev DEVICE} lists them. */
    static String addresses(NetNs.Namespace ns, String device) {
        return ns.exec("ip", "-4", "-o", "addr", "show", "dev", device);
    }

    static boolean holds(NetNs.Namespace ns, String device, String address) {
        return Pattern.compile("inet " + Pattern.quote(address) + "/").matcher(addresses(ns, device)).find();
    }

    static void awaitHeld(Lan.Host h, String device, String address, boolean held, Lan lan) throws Exception {
        awaitHeld(h, device, address, held, lan, CHANGE);
    }

    static void awaitHeld(Lan.Host h, String device, String address, boolean held, Lan lan, Duration timeout)
            throws Exception {
        Deadline deadline = Deadline.after(timeout);
        while (holds(h.ns(), device, address) != held) {
            if (deadline.passed()) {
                throw new AssertionError(address + (held ? " never appeared on " : " never left ") + device
                        + " within " + timeout
                        + "; " + device + " has:\n" + addresses(h.ns(), device) + "\n" + lan.logs());
            }
            deadline.pause();
        }
    }

    private static void reloadBySighup(KeepwatchProcess daemon) throws Exception {
        daemon.signal("HUP");
        Deadline.await("'reloaded'", CHANGE, () -> daemon.log().contains("reloaded "));
    }

    private static void reloadByControlSocket(KeepwatchProcess daemon) throws Exception {
        MainAccess.Result reply = MainAccess.run("reload", "--control-socket", daemon.controlSocket().toString());
        assertThat(reply.exitCode()).as(reply.err()).isZero();
        Deadline.await("'reloaded'", CHANGE, () -> daemon.log().contains("reloaded "));
    }

    /** A reload that drops the {@code dev eth1} VIP takes it off eth1; a SIGTERM then leaves eth1 empty. */
    @Test
    void sighupReloadRemovesADevVipFromItsDeviceAndStopLeavesNothing() throws Exception {
        try (Lan lan = lan("itdevh", 1)) {
            Lan.Host h = lan.host(1);
            KeepwatchProcess daemon = lan.keepwatch(h, config(200));
            awaitHeld(h, "eth1", DEV_VIP, true, lan, START);
            Files.writeString(lan.dir().resolve("h1.conf"), withoutDevVip(200));
            reloadBySighup(daemon);
            awaitHeld(h, "eth1", DEV_VIP, false, lan);
            assertThat(holds(h.ns(), "eth0", VIP)).as("the kept VIP").isTrue();

            daemon.signal("TERM");
            assertThat(daemon.awaitExit(CHANGE)).isZero();
            assertThat(addresses(h.ns(), "eth1")).doesNotContain(DEV_VIP);
            assertThat(addresses(h.ns(), "eth0")).doesNotContain(VIP);
            assertThat(daemon.log()).doesNotContain("[ERROR]");
        }
    }

    /**
     * The same through the control socket: {@code keepwatch reload}, then {@code keepwatch stop},
     * which does what SIGTERM does and logs no error.
     */
    @Test
    void controlSocketReloadAndStopRemoveTheDevVipWithoutAnError() throws Exception {
        try (Lan lan = lan("itdevc", 1)) {
            Lan.Host h = lan.host(1);
            KeepwatchProcess daemon = lan.keepwatch(h, config(200));
            awaitHeld(h, "eth1", DEV_VIP, true, lan, START);
            Files.writeString(lan.dir().resolve("h1.conf"), withoutDevVip(200));
            reloadByControlSocket(daemon);
            awaitHeld(h, "eth1", DEV_VIP, false, lan);

            MainAccess.Result stop = MainAccess.run("stop", "--control-socket", daemon.controlSocket().toString());
            assertThat(stop.exitCode()).as(stop.err()).isZero();
            assertThat(daemon.awaitExit(CHANGE)).isZero();
            assertThat(addresses(h.ns(), "eth0")).doesNotContain(VIP);
            assertThat(addresses(h.ns(), "eth1")).doesNotContain(DEV_VIP);
            assertThat(daemon.log()).contains("Stopped keepwatch")
                    .doesNotContain("[ERROR]").doesNotContain("platform thread");
        }
    }

    /**
     * A reload that moves a master's VIP to another device ({@code dev eth1} to {@code dev eth2})
     * moves it, as keepalived does (an address on another device is another address); FAULT then
     * removes it from where it is, and leaves nothing on either device.
     */
    @Test
    void faultRemovesADevVipFromTheDeviceItIsOnAfterAReloadMovedIt() throws Exception {
        try (Lan lan = lan("itdevf", 1)) {
            Lan.Host h = lan.host(1);
            addInterface(h, "eth2");
            KeepwatchProcess daemon = lan.keepwatch(h, config(200));
            awaitHeld(h, "eth1", DEV_VIP, true, lan, START);
            Files.writeString(lan.dir().resolve("h1.conf"), config(200, DEV_VIP + "/24 dev eth2", false));
            reloadBySighup(daemon);
            awaitHeld(h, "eth2", DEV_VIP, true, lan, START);
            awaitHeld(h, "eth1", DEV_VIP, false, lan);

            lan.cut(h);
            daemon.awaitLog("-> FAULT", CHANGE);
            awaitHeld(h, "eth2", DEV_VIP, false, lan);
            assertThat(addresses(h.ns(), "eth1")).doesNotContain(DEV_VIP);
            assertThat(daemon.log()).doesNotContain("[ERROR]");
        }
    }

    /**
     * kill -9 leaves a master's addresses in the kernel. The next start removes them all, the
     * {@code dev} VIP and the excluded ones included, while another router is master.
     */
    @Test
    void aStartAfterSigkillRemovesLeftDevAndExcludedVips() throws Exception {
        try (Lan lan = lan("itdevk", 2)) {
            Lan.Host h = lan.host(1), other = lan.host(2);
            String mine = config(100, DEV_VIP + "/24 dev eth1", true);
            masterThenSigkill(lan, h, mine);

            lan.keepwatch(other, config(250, DEV_VIP + "/24 dev eth1", true));
            awaitHeld(other, "eth1", DEV_VIP, true, lan, START);
            KeepwatchProcess second = lan.keepwatch(h, mine);
            second.awaitLog("removed " + Pattern.quote(EXCLUDED_DEV) + "/24 left on eth1 by an earlier run", START);
            awaitEth1Cleared(h, lan);
            awaitHeld(h, "eth0", EXCLUDED, false, lan);
            awaitHeld(h, "eth0", VIP, false, lan);
        }
    }

    /**
     * The same when the instance's own interface is gone at the next start: with
     * {@code dynamic_interfaces} (without it the file is refused, as keepalived refuses it) the
     * instance waits in FAULT, and what the earlier run left on eth1 is removed all the same.
     */
    @Test
    void aStartAfterSigkillClearsOtherDevicesEvenWhenTheInstanceInterfaceIsMissing() throws Exception {
        try (Lan lan = lan("itdevm", 1)) {
            Lan.Host h = lan.host(1);
            String mine = config(200, DEV_VIP + "/24 dev eth1", true)
                    .replaceFirst("global_defs \\{\n", "global_defs {\n  dynamic_interfaces\n");
            masterThenSigkill(lan, h, mine);
            h.ns().exec("ip", "link", "del", "eth0");

            KeepwatchProcess second = lan.keepwatch(h, mine);
            second.awaitLog("FAULT", START);
            awaitEth1Cleared(h, lan);
        }
    }

    /** Starts keepwatch on {@code h}, waits until it holds every address as master, and kills it (kill -9). */
    private static void masterThenSigkill(Lan lan, Lan.Host h, String config) throws Exception {
        KeepwatchProcess first = lan.keepwatch(h, config);
        awaitHeld(h, "eth1", DEV_VIP, true, lan, START);
        awaitHeld(h, "eth1", EXCLUDED_DEV, true, lan, START);
        awaitHeld(h, "eth0", EXCLUDED, true, lan, START);
        first.signal("KILL");
        assertThat(first.awaitExit(CHANGE)).isEqualTo(137);
    }

    private static void awaitEth1Cleared(Lan.Host h, Lan lan) throws Exception {
        awaitHeld(h, "eth1", DEV_VIP, false, lan);
        awaitHeld(h, "eth1", EXCLUDED_DEV, false, lan);
    }

    /** keepalived's Wantstate is the state the instance is in or heading to: MASTER for a master. */
    @Test
    void statusSaysWantstateMasterForAMaster() throws Exception {
        try (Lan lan = lan("itwant", 1)) {
            Lan.Host h = lan.host(1);
            KeepwatchProcess daemon = lan.keepwatch(h, config(200));
            awaitHeld(h, "eth1", DEV_VIP, true, lan, START);
            MainAccess.Result status = MainAccess.run("status", "--json", "--control-socket",
                    daemon.controlSocket().toString());
            assertThat(status.exitCode()).as(status.err()).isZero();
            assertThat(status.out()).containsPattern("\"state\" ?: ?\"MASTER\"")
                    .containsPattern("\"wantState\" ?: ?\"MASTER\"");
        }
    }
}
