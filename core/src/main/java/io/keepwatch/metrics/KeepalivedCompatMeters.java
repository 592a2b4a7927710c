package io.keepwatch.metrics;

import io.keepwatch.runtime.InstanceStatus;
import io.keepwatch.vrrp.VirtualAddress;
import io.keepwatch.vrrp.codec.RejectReason;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * The names and labels of the keepalived Prometheus exporter (gen2brain/keepalived_exporter, the same
 * set as mehdy/keepalived-exporter), so dashboards and alerts written for keepalived keep working:
 * {@code keepalived_up}, {@code keepalived_vrrp_state{iname,intf,vrid,ip_address}} (one series per
 * virtual address), the counters labelled {@code iname, intf, vrid}, and
 * {@code keepalived_script_status{name}}.
 *
 * <p>The exporter reads keepalived's own statistics, so each counter maps to the codec's reasons the
 * way keepalived counts them: {@code packet_len_err} covers both length checks, {@code
 * invalid_authtype} an unknown type, {@code authtype_mismatch} a different one.
 */
public final class KeepalivedCompatMeters implements VrrpStatistics.Listener {

    private final MeterRegistry registry;
    private final VrrpStatistics statistics;
    private final Map<String, List<Meter>> byInstance = new ConcurrentHashMap<>();
    private final Map<String, Integer> scriptUsers = new HashMap<>();
    private final Map<String, Meter> scripts = new HashMap<>();

    private KeepalivedCompatMeters(MeterRegistry registry, VrrpStatistics statistics) {
        this.registry = registry;
        this.statistics = statistics;
    }

    public static KeepalivedCompatMeters bind(MeterRegistry registry, VrrpStatistics statistics) {
        KeepalivedCompatMeters meters = new KeepalivedCompatMeters(registry, statistics);
        Gauge.builder("keepalived.up", () -> 1).description("Status").register(registry);
        statistics.addListener(meters);
        return meters;
    }

    @Override
    public void added(InstanceStatus first, InstanceCounters c) {
        String name = first.name();
        Tags tags = Tags.of("iname", name, "intf", first.interfaceName(), "vrid", Integer.toString(first.vrid()));
        List<Meter> meters = new ArrayList<>();
        List<VirtualAddress> vips = first.vips();
        for (VirtualAddress vip : vips) {
            meters.add(Gauge.builder("keepalived.vrrp.state", statistics,
                            st -> st.instance(name).map(s -> VrrpMeters.stateNumber(s.state())).orElse(Double.NaN))
                    .description("State of vrrp").tags(tags.and("ip_address", vip.address().getHostAddress())).register(registry));
        }
        meters.add(counter("keepalived.advertisements.received", "Advertisements received", tags, c,
                InstanceCounters::advertsReceived));
        meters.add(counter("keepalived.advertisements.sent", "Advertisements sent", tags, c,
                InstanceCounters::advertsSent));
        meters.add(counter("keepalived.become.master", "Became master", tags, c, InstanceCounters::becameMaster));
        meters.add(counter("keepalived.release.master", "Released master", tags, c, InstanceCounters::releasedMaster));
        meters.add(counter("keepalived.packet.length.errors", "Packet length errors", tags, c,
                x -> x.rejected(RejectReason.LENGTH) + x.rejected(RejectReason.IP_TOTAL_LENGTH)));
        meters.add(counter("keepalived.advertisements.interval.errors", "Advertisement interval errors", tags, c,
                x -> x.rejected(RejectReason.ADVERT_INTERVAL_MISMATCH)));
        meters.add(counter("keepalived.ip.ttl.errors", "TTL errors", tags, c, x -> x.rejected(RejectReason.TTL)));
        meters.add(counter("keepalived.invalid.type.received", "Invalid type errors", tags, c,
                x -> x.rejected(RejectReason.TYPE)));
        meters.add(counter("keepalived.address.list.errors", "Address list errors", tags, c,
                InstanceCounters::addressListMismatch));
        meters.add(counter("keepalived.authentication.invalid", "Authentication invalid", tags, c,
                x -> x.rejected(RejectReason.AUTH_TYPE_UNKNOWN)));
        meters.add(counter("keepalived.authentication.mismatch", "Authentication mismatch", tags, c,
                x -> x.rejected(RejectReason.AUTH_TYPE_MISMATCH)));
        meters.add(counter("keepalived.authentication.failure", "Authentication failure", tags, c,
                x -> x.rejected(RejectReason.AUTH_FAILURE)));
        meters.add(counter("keepalived.priority.zero.received", "Priority zero received", tags, c,
                InstanceCounters::priorityZeroReceived));
        meters.add(counter("keepalived.priority.zero.sent", "Priority zero sent", tags, c,
                InstanceCounters::priorityZeroSent));
        List<Meter> before = byInstance.put(name, meters);
        if (before != null) {
            before.forEach(registry::remove);
        }
        synchronized (this) {
            for (InstanceStatus.Tracker tracker : first.trackers()) {
                addScript(tracker.name());
            }
        }
    }

    /** keepalived_script_status{name}: 1 while the script's last result is good, 0 while it fails. */
    private void addScript(String script) {
        if (scriptUsers.merge(script, 1, Integer::sum) > 1) {
            return;
        }
        scripts.put(script, Gauge.builder("keepalived.script.status", statistics,
                        st -> st.instances().stream().flatMap(s -> s.trackers().stream())
                                .filter(t -> t.name().equals(script)).findFirst()
                                .map(t -> t.up() ? 1.0 : 0.0).orElse(Double.NaN))
                .description("Tracker Script Status").tags("name", script).register(registry));
    }

    @Override
    public void removed(InstanceStatus last) {
        List<Meter> meters = byInstance.remove(last.name());
        if (meters != null) {
            meters.forEach(registry::remove);
        }
        synchronized (this) {
            for (InstanceStatus.Tracker tracker : last.trackers()) {
                if (scriptUsers.merge(tracker.name(), -1, Integer::sum) <= 0) {
                    scriptUsers.remove(tracker.name());
                    Meter gone = scripts.remove(tracker.name());
                    if (gone != null) {
                        registry.remove(gone);
                    }
                }
            }
        }
    }

    private FunctionCounter counter(String name, String help, Tags tags, InstanceCounters counters,
                                    ToLongFunction<InstanceCounters> value) {
        return FunctionCounter.builder(name, counters, x -> value.applyAsLong(x))
                .description(help).tags(tags).register(registry);
    }
}
