package io.keepwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.diagnostic.Diagnostic;
import io.keepwatch.config.model.AddressOptions;
import io.keepwatch.config.model.VirtualIpAddress;
import java.nio.file.Path;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The ip-address flags and lifetime of virtual_ipaddress lines, as keepalived 2.2.7 reads them. */
class AddressOptionsBindingTest {

    private static ConfigResult read(String vips) {
        return ConfigLoader.loadString("a.conf", "vrrp_instance VI { interface eth0\n virtual_router_id 7\n"
                + " virtual_ipaddress {\n" + vips + "\n }\n}", Path.of("/nonexistent"), "node1");
    }

    private static List<VirtualIpAddress> vips(String vips) {
        ConfigResult r = read(vips);
        assertThat(r.errors()).isEmpty();
        return r.config().orElseThrow().instances().getFirst().virtualIpAddresses();
    }

    @Test
    void flagsAndPreferredLifetime() {
        List<VirtualIpAddress> v = vips("2001:db8::1/64 home -nodad mngtmpaddr noprefixroute autojoin preferred_lft 100\n"
                + "2001:db8::2/128 preferred_lft forever\n2001:db8::3/128\n2001:db8::4/64");
        assertThat(v.get(0).options()).isEqualTo(new AddressOptions(true, true, true, true, true, OptionalLong.of(100),
                Optional.empty()));
        assertThat(v.get(1).options().preferredLft()).isEqualTo(OptionalLong.of(AddressOptions.FOREVER));
        // keepalived: an unwritten preferred_lft deprecates a /128 and leaves other prefixes preferred
        assertThat(v.get(2).options().preferredLifetime(128, true)).isZero();
        assertThat(v.get(3).options().preferredLifetime(64, true)).isEqualTo(AddressOptions.FOREVER);
        assertThat(v.get(1).options().preferredLifetime(128, true)).isEqualTo(AddressOptions.FOREVER);
    }

    @Test
    void aPeerIsTheOtherEndAndGivesThePrefix() {
        List<VirtualIpAddress> v = vips("192.0.2.1 peer 192.0.2.2/30 dev eth0\n192.0.2.5 peer 192.0.2.6");
        assertThat(v.get(0).options().peer()).contains(InetAddress.ofLiteral("192.0.2.2"));
        assertThat(v.get(0).prefixLength()).isEqualTo(30);
        assertThat(v.get(1).prefixLength()).isEqualTo(32);
        VirtualIpAddress v6 = vips("2001:db8::1 peer 2001:db8::2").getFirst();
        assertThat(v6.options().peer()).contains(InetAddress.ofLiteral("2001:db8::2"));
        assertThat(v6.prefixLength()).isEqualTo(128);
    }

    @Test
    void peerMistakesAndBadLifetimesAreWarnedAbout() {
        ConfigResult r = read("10.0.0.1/24 peer 10.0.0.2\n10.0.0.3 preferred_lft soon\n10.0.0.4 nodad\n"
                + "10.0.0.5 peer 2001:db8::1\n10.0.0.6 peer nowhere\n10.0.0.7 brd 10.0.0.255 peer 10.0.0.8\n"
                + "10.0.0.9 peer 10.0.0.10 peer 10.0.0.11");
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings().stream().map(Diagnostic::toString))
                // keepalived: "Cannot specify address prefix when specifying peer address - ignoring"
                .anySatisfy(w -> assertThat(w).startsWith("a.conf:4:").contains("prefix length is the peer's"))
                .anySatisfy(w -> assertThat(w).startsWith("a.conf:5:").contains("preferred_lft 'soon'"))
                // keepalived 2.2.7 knows -nodad only: nodad is an unknown option there too
                .anySatisfy(w -> assertThat(w).startsWith("a.conf:6:").contains("unknown option 'nodad'"))
                .anySatisfy(w -> assertThat(w).startsWith("a.conf:7:").contains("another family"))
                .anySatisfy(w -> assertThat(w).startsWith("a.conf:8:").contains("is not an address"))
                .anySatisfy(w -> assertThat(w).startsWith("a.conf:9:").contains("broadcast address is ignored"))
                .anySatisfy(w -> assertThat(w).startsWith("a.conf:10:").contains("another peer is given already"));
        List<VirtualIpAddress> v = r.config().orElseThrow().instances().getFirst().virtualIpAddresses();
        assertThat(v).hasSize(7);
        assertThat(v.get(0).prefixLength()).isEqualTo(32);
        assertThat(v.get(3).options().peer()).isEmpty();
        assertThat(v.get(5).broadcast()).isEmpty();
        assertThat(v.get(6).options().peer()).contains(InetAddress.ofLiteral("10.0.0.10"));
    }

    @Test
    void theDumpWritesThemBack() {
        String dump = ConfigPrinter.print(read("2001:db8::1/64 home -nodad noprefixroute preferred_lft forever\n"
                + "2001:db8::5 peer 2001:db8::6/127").config().orElseThrow());
        assertThat(dump).contains("2001:db8::1/64 home -nodad noprefixroute preferred_lft forever")
                .contains("2001:db8::5 peer 2001:db8::6/127");
    }
}
