package io.keepwatch.it;

import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import org.junit.jupiter.api.Test;

/**
 * log_unknown_vrids: an advert for a VRID that no instance on the receiving interface has is logged
 * with keepalived's words (keepalived otherwise drops it silently, as keepwatch does).
 */
@RequiresNetns
class LogUnknownVridsTest {

    @Test
    void anAdvertForAnotherVridIsLogged() throws Exception {
        try (Lan lan = Lan.create("itvrid", 2)) {
            Lan.Host listener = lan.host(1), sender = lan.host(2);
            String file = VrrpConf.v3("VI_1", 51, 100).vip("10.78.0.100/24").file("l")
                    .replace("global_defs {\n", "global_defs {\n  log_unknown_vrids\n");
            KeepwatchProcess daemon = lan.keepwatch(listener, file);
            lan.keepwatch(sender, VrrpConf.v3("VI_2", 52, 150).vip("10.78.0.101/24").file("s"));

            daemon.awaitLog("Unknown VRID\\(52\\) received on interface\\(\\w+\\)\\. ignoring", Lan.START_UP);
        }
    }
}
