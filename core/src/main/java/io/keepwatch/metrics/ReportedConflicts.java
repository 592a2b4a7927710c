package io.keepwatch.metrics;

import io.keepwatch.runtime.AddressConflict;
import io.keepwatch.runtime.RuntimeObserver;
import java.net.InetAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * The address conflicts the runtime reports (another station claiming a virtual address): those in
 * progress, for the status, and how many began per address, for the meters. Written by the VRRP
 * thread, read by scrapes and the status endpoint.
 */
public final class ReportedConflicts implements RuntimeObserver {

    /**
     * The labels of one address's series: an address may be claimed by several stations at once, and
     * its gauge is 1 while any of them does.
     */
    public record Series(String instance, String interfaceName, int vrid, String address) {
        static Series of(AddressConflict c) {
            return new Series(c.instance(), c.interfaceName(), c.vrid(), c.address().getHostAddress());
        }
    }

    /** Told of each new series, to add its meters. */
    public interface Listener {
        void added(Series series);
    }

    private record Claim(String instance, InetAddress address, String foreignMac) {
        static Claim of(AddressConflict c) {
            return new Claim(c.instance(), c.address(), c.foreignMac());
        }
    }

    private final Map<Claim, AddressConflict> active = new ConcurrentHashMap<>();
    private final Map<Series, LongAdder> begun = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public void addListener(Listener listener) {
        listeners.add(listener);
        begun.keySet().forEach(listener::added);
    }

    @Override
    public void conflictNoticed(AddressConflict conflict) {
        // the same claim again (its other host now known) is not a new conflict
        if (active.put(Claim.of(conflict), conflict) == null) {
            Series series = Series.of(conflict);
            LongAdder count = begun.get(series);
            if (count == null) {
                count = new LongAdder();
                begun.put(series, count);
                listeners.forEach(l -> l.added(series));
            }
            count.increment();
        }
    }

    @Override
    public void conflictEnded(AddressConflict conflict) {
        active.remove(Claim.of(conflict));
    }

    /**
     * An instance that is gone holds no address: its conflicts are over, and its counts go with its
     * series (a Prometheus counter reset if it comes back).
     */
    @Override
    public void removed(String instance) {
        active.keySet().removeIf(c -> c.instance().equals(instance));
        begun.keySet().removeIf(s -> s.instance().equals(instance));
    }

    /** The conflicts of {@code instance} in progress, oldest first. */
    public List<AddressConflict> of(String instance) {
        return active.values().stream().filter(c -> c.instance().equals(instance))
                .sorted(Comparator.comparing(AddressConflict::since).thenComparing(AddressConflict::foreignMac)).toList();
    }

    /** 1 while some station other than this one claims the series' address, else 0. */
    public double inProgress(Series series) {
        return active.values().stream().anyMatch(c -> Series.of(c).equals(series)) ? 1 : 0;
    }

    /** How many conflicts over the series' address began. */
    public long begun(Series series) {
        LongAdder count = begun.get(series);
        return count == null ? 0 : count.sum();
    }
}
