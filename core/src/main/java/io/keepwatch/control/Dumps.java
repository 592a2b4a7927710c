package io.keepwatch.control;

import io.keepwatch.metrics.InstanceCounters;
import io.keepwatch.metrics.StatusStore;
import io.keepwatch.runtime.InstanceStatus;
import io.keepwatch.runtime.RuntimeObserver;
import io.keepwatch.runtime.SignalRelay;
import io.keepwatch.vrrp.VirtualAddress;
import io.keepwatch.vrrp.codec.RejectReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * keepalived's SIGUSR1 (state) and SIGUSR2 (statistics) text dumps, in its layout, so tools that
 * parse {@code /tmp/keepalived.data} and {@code /tmp/keepalived.stats} read keepwatch's files too.
 * Written from the published snapshots on a thread of their own; each file is replaced whole
 * (written beside it, then renamed), so a reader never sees half of one. Mode 0600: the dump names
 * addresses and peers.
 */
public final class Dumps implements RuntimeObserver {

    private static final Logger LOG = LoggerFactory.getLogger(Dumps.class);

    public static final Path DEFAULT_STATE_FILE = Path.of("/tmp/keepwatch.data");
    public static final Path DEFAULT_STATS_FILE = Path.of("/tmp/keepwatch.stats");

    /**
     * Made at the first dump, as the zone is read then: the host's time zone rules and java.time's
     * formatting are read from the runtime at their first use, which the daemon's start need not wait for.
     */
    private static final class Ctime {
        static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ROOT);
    }

    private final StatusStore store;
    private final Path stateFile;
    private final Path statsFile;
    private final Supplier<ZoneId> zone;

    /** {@code zone} is asked at each dump. */
    public Dumps(StatusStore store, Path stateFile, Path statsFile, Supplier<ZoneId> zone) {
        this.store = store;
        this.stateFile = stateFile;
        this.statsFile = statsFile;
        this.zone = zone;
    }

    @Override
    public void dumpRequested(SignalRelay.Request request) {
        Thread.ofVirtual().name("keepwatch-dump").start(() -> {
            try {
                Path written = request == SignalRelay.Request.DUMP_STATS ? writeStats() : writeState();
                LOG.info("{} written", written);
            } catch (IOException | RuntimeException e) {
                LOG.error("dump failed: {}", e.toString());
            }
        });
    }

    public Path writeState() throws IOException {
        return replace(stateFile, state(Instant.now()));
    }

    public Path writeStats() throws IOException {
        return replace(statsFile, stats());
    }

    /** The SIGUSR1 text. */
    String state(Instant now) {
        StringBuilder out = new StringBuilder();
        out.append("------< Global definitions >------\n");
        out.append(" Dump time = ").append(Ctime.FORMAT.format(now.atZone(zone.get()))).append('\n');
        out.append("------< VRRP Topology >------\n");
        for (InstanceStatus s : store.instances()) {
            out.append(" VRRP Instance = ").append(s.name()).append('\n');
            out.append("   VRRP Version = ").append(s.version()).append('\n');
            out.append("   State = ").append(s.state().name()).append('\n');
            out.append("   Wantstate = ").append(s.wantState().name()).append('\n');
            Instant last = s.lastTransition();
            out.append("   Last transition = ").append(last.getEpochSecond()).append('.')
                    .append(String.format(Locale.ROOT, "%06d", last.getNano() / 1000))
                    .append(" (").append(Ctime.FORMAT.format(last.atZone(zone.get()))).append(")\n");
            out.append("   Interface = ").append(s.interfaceName()).append('\n');
            out.append("   Using src_ip = ").append(s.primaryAddress().getHostAddress()).append('\n');
            s.syncGroup().ifPresent(g -> out.append("   Sync group = ").append(g).append('\n'));
            out.append("   Virtual Router ID = ").append(s.vrid()).append('\n');
            out.append("   Priority = ").append(s.basePriority()).append('\n');
            out.append("   Effective priority = ").append(s.effectivePriority()).append('\n');
            out.append("   Advert interval = ").append(interval(s.advertIntervalCentis())).append('\n');
            out.append("   Preempt = ").append(s.preempt() ? "enabled" : "disabled").append('\n');
            // the type only: the password is never written anywhere but on the wire
            out.append("   Authentication type = ").append(authType(s.authType())).append('\n');
            for (InstanceStatus.Peer p : s.peers()) {
                out.append("   Peer = ").append(p.address().getHostAddress()).append(" priority ")
                        .append(p.priority()).append('\n');
            }
            if (!s.trackers().isEmpty()) {
                out.append("   Tracked scripts = ").append(s.trackers().size()).append('\n');
                for (InstanceStatus.Tracker t : s.trackers()) {
                    out.append("     ").append(t.name()).append(" weight ").append(t.weight()).append(' ')
                            .append(t.up() ? "GOOD" : "BAD").append('\n');
                }
            }
            vips(out, "Virtual IP", s.vips(), s);
            if (!s.excludedVips().isEmpty()) {
                vips(out, "Virtual IP Excluded", s.excludedVips(), s);
            }
        }
        return out.toString();
    }

    /** Each address with the device it goes on: its {@code dev}, else the instance's interface. */
    private static void vips(StringBuilder out, String title, List<VirtualAddress> vips, InstanceStatus s) {
        out.append("   ").append(title).append(" (").append(vips.size()).append(")\n");
        for (VirtualAddress vip : vips) {
            out.append("     ").append(vip).append(" dev ").append(s.placement(vip).device())
                    .append(" scope global\n");
        }
    }

    private static String interval(int centis) {
        return centis % 100 == 0 ? centis / 100 + " sec" : centis * 10 + " milli-sec";
    }

    private static String authType(String type) {
        return switch (type) {
            case "PASS" -> "SIMPLE_PASSWORD";
            case "AH" -> "IPSEC_AH";
            default -> "none";
        };
    }

    /** The SIGUSR2 text; the exporter's parser reads sections by their indentation. */
    String stats() {
        StringBuilder out = new StringBuilder();
        for (InstanceStatus s : store.instances()) {
            InstanceCounters c = store.counters(s.name());
            out.append("VRRP Instance: ").append(s.name()).append('\n');
            out.append("  Advertisements:\n");
            out.append("    Received: ").append(c.advertsReceived()).append('\n');
            out.append("    Sent: ").append(c.advertsSent()).append('\n');
            out.append("  Became master: ").append(c.becameMaster()).append('\n');
            out.append("  Released master: ").append(c.releasedMaster()).append('\n');
            out.append("  Packet Errors:\n");
            out.append("    Length: ")
                    .append(c.rejected(RejectReason.LENGTH) + c.rejected(RejectReason.IP_TOTAL_LENGTH)).append('\n');
            out.append("    TTL: ").append(c.rejected(RejectReason.TTL)).append('\n');
            out.append("    Invalid Type: ").append(c.rejected(RejectReason.TYPE)).append('\n');
            out.append("    Advertisement Interval: ").append(c.rejected(RejectReason.ADVERT_INTERVAL_MISMATCH))
                    .append('\n');
            out.append("    Address List: ").append(c.addressListMismatch()).append('\n');
            out.append("  Authentication Errors:\n");
            out.append("    Invalid Type: ").append(c.rejected(RejectReason.AUTH_TYPE_UNKNOWN)).append('\n');
            out.append("    Type Mismatch: ").append(c.rejected(RejectReason.AUTH_TYPE_MISMATCH)).append('\n');
            out.append("    Failure: ").append(c.rejected(RejectReason.AUTH_FAILURE)).append('\n');
            out.append("  Priority Zero:\n");
            out.append("    Received: ").append(c.priorityZeroReceived()).append('\n');
            out.append("    Sent: ").append(c.priorityZeroSent()).append('\n');
        }
        return out.toString();
    }

    private static Path replace(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        return file;
    }
}
