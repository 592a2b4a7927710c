package io.keepwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.diagnostic.Diagnostic;
import io.keepwatch.config.model.FirewallSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The nftables keywords of global_defs, and vrrp_iptables as Debian's keepalived 2.2.7 takes it. */
class FirewallKeywordsTest {

    private static ConfigResult read(String globals) {
        return ConfigLoader.loadString("f.conf", "global_defs {\n" + globals + "\n}\n", Path.of("/nonexistent"), "n");
    }

    private static FirewallSettings firewall(String globals) {
        return read(globals).config().orElseThrow().global().firewall();
    }

    private static List<String> messages(List<Diagnostic> diagnostics) {
        return diagnostics.stream().map(Diagnostic::toString).toList();
    }

    @Test
    void offUnlessAsked() {
        assertThat(firewall("")).isEqualTo(FirewallSettings.DEFAULTS);
        assertThat(FirewallSettings.DEFAULTS.table()).isEmpty();
    }

    @Test
    void nftablesWithItsOptions() {
        assertThat(firewall("nftables")).isEqualTo(new FirewallSettings(Optional.of("keepalived"), -1, false, false));
        assertThat(firewall("nftables kw_fw\nnftables_priority -150\nnftables_ifindex\nnftables_counters"))
                .isEqualTo(new FirewallSettings(Optional.of("kw_fw"), -150, true, true));
        assertThat(read("nftables\nnftables other").warnings()).map(Diagnostic::toString)
                .containsExactly("f.conf:3: warning: nftables already specified; ignored");
    }

    @Test
    void vrrpIptablesIsNftablesWithAWarning() {
        ConfigResult r = read("vrrp_iptables");
        assertThat(r.config().orElseThrow().global().firewall().table()).contains("keepalived");
        assertThat(messages(r.warnings())).containsExactly("f.conf:2: warning: vrrp_iptables: iptables is not"
                + " supported; nftables (table keepalived) is used instead, as keepalived built with nftables does."
                + " Replace vrrp_iptables and vrrp_ipsets with nftables");
        assertThat(firewall("nftables mine\nvrrp_iptables").table()).contains("mine");
    }

    @Test
    void badValuesAreErrors() {
        assertThat(messages(read("nftables 9bad").errors())).containsExactly("f.conf:2: nftables table name '9bad'"
                + " is not a name nft takes (a letter, then letters, digits, _ . / -; at most 255)");
        assertThat(messages(read("nftables_priority high").errors()))
                .containsExactly("f.conf:2: nftables_priority 'high' is not a number");
    }
}
