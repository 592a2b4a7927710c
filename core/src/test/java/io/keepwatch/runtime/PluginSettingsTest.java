package io.keepwatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.ConfigLoader;
import io.keepwatch.plugin.api.GlobalSettings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What plugins read from global_defs. */
class PluginSettingsTest {

    @Test
    void smtpKeywordsOfGlobalDefsReachPlugins() {
        GlobalSettings g = PluginSettings.globals(ConfigLoader.loadString("g.conf", """
                global_defs {
                  router_id lb1
                  smtp_starttls
                  smtp_tls_verify off
                  smtp_username alerts
                  smtp_password s3cret
                  smtp_retries 4
                  no_email_faults
                  script_user nobody nogroup
                }
                """, Path.of("/nonexistent"), "any").config().orElseThrow());

        assertThat(g.routerId()).isEqualTo("lb1");
        assertThat(g.hasOther("smtp_starttls")).isTrue();
        assertThat(g.hasOther("smtp_ssl")).isFalse();
        assertThat(g.hasOther("no_email_faults")).isTrue();
        assertThat(g.otherValue("smtp_tls_verify")).contains("off");
        assertThat(g.otherValue("smtp_username")).contains("alerts");
        assertThat(g.otherValue("smtp_password")).contains("s3cret");
        assertThat(g.otherValue("smtp_retries")).contains("4");
        assertThat(g.other().get("script_user")).isEqualTo(List.of("nobody", "nogroup"));
        assertThat(g.toString()).contains("smtp_username=[alerts]").doesNotContain("s3cret");
    }
}
