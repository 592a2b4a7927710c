package io.keepwatch.runtime.net;

import io.keepwatch.config.model.KeepalivedConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code disable_local_igmp}: as keepalived does at start (not at a reload), a
 * net.ipv4.igmp_link_local_mcast_reports of 1 is set to 0, so that the host sends no IGMP reports
 * for link-local groups such as VRRP's 224.0.0.18 (some switches treat them badly); at stop it is
 * put back to 1 if it is still 0.
 */
public final class LocalIgmpReports {

    private static final Logger LOG = LoggerFactory.getLogger(LocalIgmpReports.class);
    private static final Path FILE = Path.of("/proc/sys/net/ipv4/igmp_link_local_mcast_reports");

    private boolean cleared;
    private final SysctlLedger ledger;

    public LocalIgmpReports(SysctlLedger ledger) {
        this.ledger = ledger;
    }

    /** At start: clears the setting when {@code config} asks for it and it is 1. */
    public synchronized void start(KeepalivedConfig config) {
        if (!config.global().host().disableLocalIgmp()) {
            return;
        }
        if (!Files.isWritable(FILE)) {
            LOG.warn("disable_local_igmp: the kernel does not support {}", FILE);
            return;
        }
        if (Sysctl.read(FILE).orElse(-1) != 1) {
            return;
        }
        try {
            ledger.changing(FILE, 1, 0);
            Sysctl.write(FILE, 0);
            cleared = true;
            LOG.info("net.ipv4.igmp_link_local_mcast_reports set to 0 (disable_local_igmp)");
        } catch (IOException e) {
            LOG.warn("disable_local_igmp: cannot write {}: {}", FILE, e.getMessage());
            ledger.restored(FILE);
        }
    }

    /** At stop: puts back the 1 that {@link #start} cleared. */
    public synchronized void close() {
        if (!cleared) {
            return;
        }
        cleared = false;
        try {
            if (Sysctl.read(FILE).orElse(-1) == 0) {
                Sysctl.write(FILE, 1);
                LOG.info("net.ipv4.igmp_link_local_mcast_reports reset to 1");
            }
        } catch (IOException e) {
            LOG.warn("cannot reset {} to 1: {}", FILE, e.getMessage());
        } finally {
            ledger.restored(FILE);
        }
    }
}
