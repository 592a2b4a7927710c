package io.keepwatch.config.model;

import java.util.Locale;
import java.util.Optional;

/**
 * A Prometheus exporter for keepalived whose metric names and labels keepwatch can serve as well as
 * its own ({@code metrics_keepalived_compat}), so the dashboards and alerts written for it keep working.
 */
public enum KeepalivedExporter {
    /** mehdy/keepalived-exporter: {@code keepalived_vrrp_state{iname,intf,vrid,ip_address}}, {@code *_total} counters. */
    MEHDY,
    /** gen2brain/keepalived_exporter: {@code keepalived_vrrp_advert_rcvd{name,intf,vrid,state}} and the like. */
    GEN2BRAIN;

    /** The word written in the configuration and on the command line. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<KeepalivedExporter> of(String keyword) {
        for (KeepalivedExporter e : values()) {
            if (e.keyword().equals(keyword.toLowerCase(Locale.ROOT))) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
