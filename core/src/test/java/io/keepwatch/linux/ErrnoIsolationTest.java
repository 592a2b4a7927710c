package io.keepwatch.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Failing calls on many threads at once must each report their own errno (captured per call). */
class ErrnoIsolationTest {
    private record Failure(String name, int expectedErrno, Callable<?> call) {}

    private static final List<Failure> FAILURES = List.of(
            new Failure("close(-1)", Errno.EBADF, () -> {
                Libc.close(-1);
                return null;
            }),
            new Failure("socket(unknown family)", Errno.EAFNOSUPPORT, () -> Libc.socket(4000, Constants.SOCK_RAW, 0)),
            new Failure("if_nametoindex(missing)", Errno.ENODEV, () -> Libc.ifNameToIndex("kw-missing-if")),
            new Failure("open(missing)", Errno.ENOENT, () -> Libc.open("/nonexistent/keepwatch", Constants.O_RDONLY)),
            new Failure("eventfd(bad flags)", Errno.EINVAL, () -> Libc.eventfd(0, -1)));

    @Test
    void concurrentFailuresReportTheirOwnErrno() throws Exception {
        int threads = 10;
        int rounds = 2000;
        CyclicBarrier start = new CyclicBarrier(threads);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Failure failure = FAILURES.get(t % FAILURES.size());
                results.add(pool.submit(() -> {
                    start.await();
                    List<String> wrong = new ArrayList<>();
                    for (int i = 0; i < rounds; i++) {
                        try {
                            failure.call().call();
                            wrong.add(failure.name() + " succeeded");
                        } catch (NativeException e) {
                            if (e.errno() != failure.expectedErrno()) {
                                wrong.add(failure.name() + " reported " + e.errnoName());
                            }
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<List<String>> r : results) {
                assertThat(r.get()).isEmpty();
            }
        }
    }

    @Test
    void exceptionNamesCallErrnoAndContext() {
        NativeException e = new NativeException("RTM_NEWADDR", Errno.EEXIST, "cannot add 10.0.0.9/24 to veth0");
        assertThat(e).hasMessage("cannot add 10.0.0.9/24 to veth0: EEXIST (File exists) [RTM_NEWADDR, errno 17]");
        assertThat(new NativeException("close", Errno.EBADF, null))
                .hasMessage("close failed: EBADF (Bad file descriptor) [errno 9]");
        assertThat(Errno.name(4095)).isEqualTo("errno 4095");
    }
}
