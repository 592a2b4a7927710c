package io.keepwatch.metrics;

import io.keepwatch.runtime.InstanceStatus;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * gen2brain/keepalived_exporter's names and labels: keepalived's statistics as
 * {@code keepalived_vrrp_<field>{name,intf,vrid,state}}, {@code intf} the instance's interface and
 * {@code state} its state's name (INIT, BACKUP, MASTER, FAULT), so a series' labels change with the
 * state as that exporter's do.
 *
 * <p>That exporter declares them counters, but a counter's name must end in {@code _total} (promtool
 * refuses one that does not), and the names are what dashboards query: they are served untyped.
 * Its {@code keepalived_vrrp_ip_ttl_err} carries the advert interval errors; here it carries the TTL
 * errors its name promises.
 */
final class Gen2brainExporterNames {

    private Gen2brainExporterNames() {}

    static List<MetricSnapshot> snapshots(List<InstanceStatus> instances, Function<String, InstanceCounters> counters) {
        List<Family> stats = new ArrayList<>();
        for (KeepalivedStat stat : KeepalivedStat.values()) {
            stats.add(new Family(stat.gen2brainName(), stat.help(), Family.Type.UNTYPED));
        }
        for (InstanceStatus s : instances) {
            InstanceCounters c = counters.apply(s.name());
            for (KeepalivedStat stat : KeepalivedStat.values()) {
                stats.get(stat.ordinal()).add(stat.of(c), "name", s.name(), "intf", s.interfaceName(),
                        "vrid", Integer.toString(s.vrid()), "state", s.state().name());
            }
        }
        List<MetricSnapshot> out = new ArrayList<>();
        stats.forEach(f -> Family.addTo(out, f));
        return out;
    }
}
