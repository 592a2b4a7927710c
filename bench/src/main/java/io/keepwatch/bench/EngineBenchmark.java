package io.keepwatch.bench;

import io.keepwatch.vrrp.InstanceSpec;
import io.keepwatch.vrrp.VirtualAddress;
import io.keepwatch.vrrp.VrrpEvent;
import io.keepwatch.vrrp.VrrpInstance;
import io.keepwatch.vrrp.VrrpResult;
import io.keepwatch.vrrp.VrrpState;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one event in the VRRP engine on its hot paths: a BACKUP accepting its master's advert, a
 * MASTER's advert timer, and a MASTER answering a lower priority advert. The engine is pure, so this
 * measures decision making and action allocation only (no I/O).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class EngineBenchmark {

    private static final long ADVERT_INTERVAL_NANOS = 1_000_000_000L;

    private final VrrpEvent.AdvertReceived higherPriorityAdvert =
            new VrrpEvent.AdvertReceived(InetAddress.ofLiteral("10.0.0.200"), 150, 100, false);
    private final VrrpEvent.AdvertReceived lowerPriorityAdvert =
            new VrrpEvent.AdvertReceived(InetAddress.ofLiteral("10.0.0.2"), 50, 100, false);

    private VrrpInstance backup;
    private VrrpInstance master;
    private long backupNow;
    private long masterNow;

    @Setup(Level.Iteration)
    public void setUp() {
        InstanceSpec spec = InstanceSpec.builder("VI_1", 51, InetAddress.ofLiteral("10.0.0.5"))
                .vips(List.of(new VirtualAddress(InetAddress.ofLiteral("10.0.0.100"), 24)))
                .build();
        backup = new VrrpInstance(spec);
        backupNow = 0;
        backup.onEvent(VrrpEvent.START, backupNow);

        master = new VrrpInstance(spec.toBuilder().priority(255).initialState(VrrpState.MASTER).build());
        masterNow = 0;
        master.onEvent(VrrpEvent.START, masterNow);
    }

    /** BACKUP: a valid advert from a higher priority master restarts the down timer. */
    @Benchmark
    public VrrpResult advertReceivedInBackup() {
        backupNow += ADVERT_INTERVAL_NANOS;
        return backup.onEvent(higherPriorityAdvert, backupNow);
    }

    /** MASTER: the advert timer fires and the instance advertises. */
    @Benchmark
    public VrrpResult advertTimerInMaster() {
        masterNow += ADVERT_INTERVAL_NANOS;
        return master.onEvent(VrrpEvent.TICK, masterNow);
    }

    /** MASTER: a lower priority advert is answered with an advert (keepalived's default). */
    @Benchmark
    public VrrpResult lowerPriorityAdvertInMaster() {
        masterNow += 1;
        return master.onEvent(lowerPriorityAdvert, masterNow);
    }
}
