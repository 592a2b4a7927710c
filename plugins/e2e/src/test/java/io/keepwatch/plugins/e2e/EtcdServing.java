package io.keepwatch.plugins.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether etcd serves, sampled through a fault: some member answers {@code /health} with true (it
 * has a leader and serves a read) within a short timeout. While etcd serves nobody, no host can renew
 * or take a fenced key, so a VIP unheld then is the price of fencing, not a slow takeover; the
 * trials count the time without a holder only from when etcd serves again ({@link #outages}).
 */
final class EtcdServing implements AutoCloseable {

    /** One stretch during which no member served, by the samples that began and ended it. */
    record Outage(Instant from, Instant to) {}

    private static final int PROBE_TIMEOUT_MS = 200;
    private static final Duration EVERY = Duration.ofMillis(50);

    private final EtcdCluster etcd;
    private final Thread thread;
    private final List<Outage> outages = new ArrayList<>();
    private Instant downSince;
    private volatile boolean running = true;
    /** The member that answered last: asked first, so that one cut off costs a round only once. */
    private int first;

    private EtcdServing(EtcdCluster etcd) {
        this.etcd = etcd;
        this.thread = Thread.ofPlatform().name("etcd-serving").daemon(true).unstarted(this::run);
    }

    /** Starts sampling. */
    static EtcdServing watch(EtcdCluster etcd) {
        EtcdServing serving = new EtcdServing(etcd);
        serving.thread.start();
        return serving;
    }

    private void run() {
        while (running) {
            boolean serves = serves();
            Instant now = Instant.now();
            synchronized (this) {
                if (!serves && downSince == null) {
                    downSince = now;
                } else if (serves && downSince != null) {
                    outages.add(new Outage(downSince, now));
                    downSince = null;
                }
            }
            try {
                Thread.sleep(EVERY);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private boolean serves() {
        List<EtcdCluster.Member> members = etcd.members();
        for (int i = 0; i < members.size(); i++) {
            int index = (first + i) % members.size();
            try {
                if (etcd.healthy(members.get(index), PROBE_TIMEOUT_MS)) {
                    first = index;
                    return true;
                }
            } catch (Exception e) {
                // not serving through this member
            }
        }
        return false;
    }

    /** The outages so far; one still going ends at {@code now}. */
    synchronized List<Outage> outages(Instant now) {
        List<Outage> all = new ArrayList<>(outages);
        if (downSince != null) {
            all.add(new Outage(downSince, now));
        }
        return all;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(Duration.ofSeconds(5));
    }
}
