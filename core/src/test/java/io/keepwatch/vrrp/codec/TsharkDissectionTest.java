package io.keepwatch.vrrp.codec;

import io.keepwatch.vrrp.AddressFamily;
import static io.keepwatch.vrrp.codec.Packets.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wireshark's dissectors as an independent reader of what we encode: our frames go into a pcap
 * file, tshark dissects it, and nothing may be malformed or carry a warning, and the fields must
 * read back as written. A deliberately broken frame proves tshark would notice.
 *
 * <p>Skipped when tshark is missing, except under CI=true, where that fails the build.
 */
@Tag("tshark")
class TsharkDissectionTest {
    private static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:0a");
    private static final InetAddress V4_SOURCE = ip("10.9.0.1");
    private static final InetAddress V6_SOURCE = ip("fe80::ff:fe00:a");
    private static String tshark;

    @TempDir
    Path dir;

    @BeforeAll
    static void findTshark() {
        tshark = onPath("tshark");
        if (tshark == null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("tshark is not installed, and CI=true: install it (Debian package tshark)");
            }
            Assumptions.abort("tshark is not installed");
        }
    }

    private static String onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(d, name);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }

    @Test
    void dissectsOurFramesCleanly() throws Exception {
        List<byte[]> frames = new ArrayList<>();
        List<InetAddress> v4 = List.of(ip("10.9.0.109"), ip("10.9.0.110"));
        frames.add(ethernetIpv4(VrrpAdvert.v2(51, 50, 1, Authentication.pass("1111"), v4)));
        frames.add(ethernetIpv4(VrrpAdvert.v3(AddressFamily.IPV4, 52, 100, 100, v4)));
        frames.add(ethernetIpv6(VrrpAdvert.v3(AddressFamily.IPV6, 53, 150, 25, List.of(ip("fd00:9::109"), ip("fd00:9::110")))));
        ByteBuffer garp = ByteBuffer.allocate(GratuitousArp.FRAME_LENGTH);
        GratuitousArp.encode(MAC, (Inet4Address) ip("10.9.0.109"), garp);
        frames.add(garp.array());
        ByteBuffer na = ByteBuffer.allocate(UnsolicitedNeighbourAdvert.FRAME_LENGTH);
        UnsolicitedNeighbourAdvert.encode(MAC, (Inet6Address) ip("fd00:9::109"), true, na);
        frames.add(na.array());
        byte[] broken = ethernetIpv4(VrrpAdvert.v3(AddressFamily.IPV4, 54, 100, 100, v4));
        broken[14 + 20 + 6] ^= 0x55;
        frames.add(broken);
        Path file = dir.resolve("ours.pcap");
        Pcap.write(file, frames);

        List<String> flagged = run(file, "-Y", "_ws.malformed || _ws.expert.severity >= \"Warning\"",
                "-T", "fields", "-e", "frame.number");
        assertThat(flagged).as("frames tshark marks malformed or with a warning").containsExactly("6");

        List<String> rows = run(file, "-T", "fields", "-E", "separator=|", "-E", "occurrence=a", "-E", "aggregator=,",
                "-e", "vrrp.version", "-e", "vrrp.virt_rtr_id", "-e", "vrrp.prio", "-e", "vrrp.addr_count",
                "-e", "vrrp.adver_int", "-e", "vrrp.short_adver_int", "-e", "vrrp.checksum.status", "-e", "vrrp.auth_string",
                "-e", "vrrp.ip_addr", "-e", "vrrp.ipv6_addr", "-e", "ip.checksum.status", "-e", "ip.dsfield",
                "-e", "ip.ttl", "-e", "ipv6.hlim", "-e", "arp.isgratuitous", "-e", "arp.opcode",
                "-e", "icmpv6.checksum.status", "-e", "icmpv6.nd.na.flag.r", "-e", "icmpv6.nd.na.flag.s",
                "-e", "icmpv6.nd.na.flag.o", "-e", "icmpv6.opt.linkaddr");
        assertThat(rows).hasSize(6);
        // Checksum status 1 is "Good" and 0 "Bad" in tshark's field output.
        assertThat(rows.get(0)).isEqualTo("2|51|50|2|1||1|1111|10.9.0.109,10.9.0.110||1|0xc0|255||||||||");
        assertThat(rows.get(1)).isEqualTo("3|52|100|2||100|1||10.9.0.109,10.9.0.110||1|0xc0|255||||||||");
        assertThat(rows.get(2)).isEqualTo("3|53|150|2||25|1|||fd00:9::109,fd00:9::110||||255|||||||");
        assertThat(rows.get(3)).isEqualTo("||||||||||||||1|1|||||");
        assertThat(rows.get(4)).isEqualTo("|||||||||||||255|||1|1|0|1|02:00:00:00:00:0a");
        assertThat(rows.get(5)).startsWith("3|54|100|2||100|0|");
    }

    private static byte[] ethernetIpv4(VrrpAdvert advert) {
        ByteBuffer b = ByteBuffer.allocate(14 + VrrpEncoder.ipv4DatagramLength(advert));
        b.put(new byte[] {1, 0, 0x5e, 0, 0, 0x12}).put(MAC.octets()).putShort((short) 0x0800);
        VrrpEncoder.encodeIpv4Datagram(advert, Endpoints.multicast(V4_SOURCE), 7, b);
        return b.array();
    }

    /** The IPv6 header is the kernel's job in the daemon; here the test builds it as keepalived's kernel did. */
    private static byte[] ethernetIpv6(VrrpAdvert advert) {
        int len = VrrpEncoder.advertLength(advert);
        ByteBuffer b = ByteBuffer.allocate(14 + 40 + len);
        b.put(new byte[] {0x33, 0x33, 0, 0, 0, 0x12}).put(MAC.octets()).putShort((short) 0x86DD);
        b.putInt(0x6C00_0000).putShort((short) len).put((byte) 112).put((byte) 255);
        b.put(V6_SOURCE.getAddress()).put(Endpoints.MULTICAST_IPV6.getAddress());
        VrrpEncoder.encodeAdvert(advert, Endpoints.multicast(V6_SOURCE), b);
        return b.array();
    }

    private List<String> run(Path file, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(tshark, "-n", "-r", file.toString(), "-o", "ip.check_checksum:TRUE"));
        command.addAll(List.of(args));
        Path out = dir.resolve("tshark.out");
        Path err = dir.resolve("tshark.err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("tshark did not finish within 120 s: " + command);
        }
        assertThat(p.exitValue()).as("tshark exit code; stderr: %s", Files.readString(err)).isZero();
        return Files.readAllLines(out, StandardCharsets.UTF_8);
    }
}
