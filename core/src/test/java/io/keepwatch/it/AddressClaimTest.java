package io.keepwatch.it;

import static io.keepwatch.it.SplitBrainDetectionTest.VIP;
import static org.assertj.core.api.Assertions.assertThat;
import static io.keepwatch.it.SplitBrainDetectionTest.VIP_ADDRESS;
import static io.keepwatch.it.SplitBrainDetectionTest.conf;
import static io.keepwatch.it.SplitBrainDetectionTest.conflictLine;

import io.keepwatch.linux.PacketSocket;
import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import io.keepwatch.vrrp.codec.AddressProbe;
import io.keepwatch.vrrp.codec.GratuitousArp;
import io.keepwatch.vrrp.codec.MacAddress;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A third station (no VRRP) that holds the VIP too and announces it with its own MAC, as a
 * misconfigured host would: the master reports that MAC and then the station's own address (from
 * its ARP requests for the VIP), and so does a backup that hears the master; both conflicts end
 * once the station lets the address go, since its kernel no longer answers the probes.
 */
@RequiresNetns
class AddressClaimTest {

    private static final Duration SETTLE = Duration.ofSeconds(20);

    @Test
    void aThirdStationAnnouncingTheVipIsReportedByMasterAndBackupUntilItStops() throws Exception {
        try (Lan lan = Lan.create("itsbi", 3)) {
            Lan.Host master = lan.host(1);
            Lan.Host backup = lan.host(2);
            Lan.Host intruder = lan.host(3);
            KeepwatchProcess kwMaster = lan.keepwatch(master, conf("m", 63, 200, VIP));
            KeepwatchProcess kwBackup = lan.keepwatch(backup, conf("b", 63, 100, VIP));
            lan.awaitOnlyHolder(master, VIP_ADDRESS, Lan.START_UP);
            kwBackup.awaitLog("Entering BACKUP STATE", SETTLE);
            // some traffic from the backup to the master, so that its neighbour table knows the master's MAC
            backup.ns().exec("bash", "-c", "echo > /dev/udp/" + master.ip() + "/9");
            Deadline known = Deadline.after(SETTLE);
            while (!backup.ns().exec("ip", "neigh", "show", master.ip()).contains("lladdr")) {
                if (known.passed()) {
                    throw new AssertionError("the backup never resolved the master's MAC");
                }
                known.pause();
            }

            String macI = intruder.ns().macAddress("eth0");
            intruder.ns().addAddress("eth0", VIP + "/32");
            AtomicBoolean announcing = new AtomicBoolean(true);
            PacketSocket socket = intruder.ns().call(() -> PacketSocket.openForSending("eth0"));
            Thread injector = Thread.ofPlatform().daemon().start(() -> announce(socket, macI, intruder.ip(), announcing));
            try {
                kwMaster.awaitLog(conflictLine(macI), SETTLE);
                kwMaster.awaitLog(conflictLine(macI) + " at " + Pattern.quote(intruder.ip()) + "$", SETTLE);
                kwBackup.awaitLog(conflictLine(macI) + " besides the master", SETTLE);
            } finally {
                announcing.set(false);
                injector.join(SETTLE.toMillis());
                socket.close();
            }
            intruder.ns().exec("ip", "addr", "del", VIP + "/32", "dev", "eth0");
            String over = "\\(VI_1\\) address conflict on eth0 over: " + Pattern.quote(VIP) + " no longer claimed by "
                    + Pattern.quote(macI);
            kwMaster.awaitLog(over, SETTLE);
            kwBackup.awaitLog(over, SETTLE);
        }
    }

    /**
     * A station that only announces the VIP (an injector: the address is not on its interface, so
     * its kernel never answers the probes) is reported by its repeated announcements, and the
     * conflict ends once they stop.
     */
    @Test
    void anInjectorThatNeverAnswersIsReportedByItsRepeatedClaims() throws Exception {
        try (Lan lan = Lan.create("itsbj", 2)) {
            Lan.Host master = lan.host(1);
            Lan.Host injector = lan.host(2);
            KeepwatchProcess kwMaster = lan.keepwatch(master, conf("m", 66, 200, VIP));
            lan.awaitOnlyHolder(master, VIP_ADDRESS, Lan.START_UP);
            String macI = injector.ns().macAddress("eth0");
            MacAddress own = MacAddress.parse(macI);
            AtomicBoolean announcing = new AtomicBoolean(true);
            PacketSocket socket = injector.ns().call(() -> PacketSocket.openForSending("eth0"));
            Thread thread = Thread.ofPlatform().daemon().start(() -> {
                ByteBuffer buffer = ByteBuffer.allocate(64);
                try {
                    while (announcing.get()) {
                        buffer.clear();
                        int n = GratuitousArp.encode(own, (Inet4Address) VIP_ADDRESS, buffer);
                        socket.send(Arrays.copyOf(buffer.array(), n));
                        Thread.sleep(300);
                    }
                } catch (Exception e) {
                    if (announcing.get()) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            try {
                kwMaster.awaitLog(conflictLine(macI) + "; other host's address not known yet", SETTLE);
            } finally {
                announcing.set(false);
                thread.join(SETTLE.toMillis());
                socket.close();
            }
            kwMaster.awaitLog("\\(VI_1\\) address conflict on eth0 over: " + Pattern.quote(VIP)
                    + " no longer claimed by " + Pattern.quote(macI), SETTLE);
            assertThat(injector.ns().exec("ip", "addr", "show", "dev", "eth0")).doesNotContain(VIP + "/");
        }
    }

    /** Gratuitous ARPs for the VIP and requests for it from the station's own address, every 200 ms. */
    static void announce(PacketSocket socket, String mac, String ownIp, AtomicBoolean announcing) {
        MacAddress own = MacAddress.parse(mac);
        Inet4Address vip = (Inet4Address) VIP_ADDRESS;
        ByteBuffer buffer = ByteBuffer.allocate(64);
        try {
            while (announcing.get()) {
                buffer.clear();
                int n = GratuitousArp.encode(own, vip, buffer);
                socket.send(Arrays.copyOf(buffer.array(), n));
                buffer.clear();
                n = AddressProbe.arp(own, (Inet4Address) InetAddress.ofLiteral(ownIp), MacAddress.BROADCAST, vip, buffer);
                socket.send(Arrays.copyOf(buffer.array(), n));
                Thread.sleep(200);
            }
        } catch (Exception e) {
            if (announcing.get()) {
                throw new IllegalStateException(e);
            }
        }
    }
}
