package io.keepwatch.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.plugin.api.AddressConflictEvent;
import io.keepwatch.plugin.api.Notifier;
import io.keepwatch.plugin.api.RetryPolicy;
import io.keepwatch.plugin.api.TransitionEvent;
import io.keepwatch.plugin.api.TransitionEvent.Scope;
import io.keepwatch.plugin.api.TransitionEvent.VrrpState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class NotifierDispatcherTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private static TransitionEvent event(String name, int seq) {
        return new TransitionEvent(Scope.INSTANCE, name, VrrpState.BACKUP, VrrpState.MASTER, seq, "seq " + seq,
                Instant.EPOCH, "r1", List.of());
    }

    private static AddressConflictEvent conflict(String name, boolean ended) {
        return new AddressConflictEvent(name, "eth0", 51, "192.0.2.10", "52:54:00:00:00:02", Optional.empty(), ended,
                Instant.EPOCH, "r1");
    }

    private double count(String meter, String notifier) {
        var c = registry.find(meter).tag("notifier", notifier).functionCounter();
        return c == null ? 0 : c.count();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void ordersPerInstanceWhileInstancesProceedIndependently() throws Exception {
        CountDownLatch vi1Blocked = new CountDownLatch(1);
        List<String> seen = new CopyOnWriteArrayList<>();
        Notifier slowForVi1 = event -> {
            if (event.name().equals("VI_1") && event.priority() == 0) {
                vi1Blocked.await();
            }
            seen.add(event.name() + ":" + event.priority());
        };
        try (var d = new NotifierDispatcher(List.of(new NamedNotifier("n", "test", slowForVi1)), registry)) {
            for (int i = 0; i < 5; i++) {
                d.publish(event("VI_1", i));
                d.publish(event("VI_2", i));
            }
            await(() -> seen.size() == 5);
            assertThat(seen).containsExactly("VI_2:0", "VI_2:1", "VI_2:2", "VI_2:3", "VI_2:4");
            vi1Blocked.countDown();
            await(() -> seen.size() == 10);
            assertThat(seen.subList(5, 10)).containsExactly("VI_1:0", "VI_1:1", "VI_1:2", "VI_1:3", "VI_1:4");
        }
    }

    @Test
    void aSelectiveNotifierIsQueuedOnlyWhatItHears() throws Exception {
        List<String> selective = new CopyOnWriteArrayList<>();
        List<String> everything = new CopyOnWriteArrayList<>();
        SelectiveNotifier onlyVi2 = new SelectiveNotifier() {
            @Override
            public boolean hears(Scope scope, String name) {
                return name.equals("VI_2");
            }

            @Override
            public void send(TransitionEvent event) {
                selective.add(event.name());
            }

            @Override
            public void send(AddressConflictEvent conflict) {
                selective.add("conflict " + conflict.instance());
            }
        };
        Notifier all = event -> everything.add(event.name());
        try (var d = new NotifierDispatcher(List.of(new NamedNotifier("some", "test", onlyVi2),
                new NamedNotifier("all", "test", all)), registry)) {
            d.publish(event("VI_1", 1));
            d.publish(conflict("VI_1", false));
            d.publish(event("VI_2", 1));
            d.publish(conflict("VI_2", false));
            await(() -> count("keepwatch.notifications.sent", "all") == 4 && selective.size() == 2);
            assertThat(selective).containsExactly("VI_2", "conflict VI_2");
            assertThat(count("keepwatch.notifications.sent", "some")).isEqualTo(2);
            assertThat(count("keepwatch.notifications.sent", "all")).isEqualTo(4);
        }
    }

    @Test
    void aHangingNotifierKeepsABoundedBacklogOfTheNewestEvents() throws Exception {
        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> seen = new CopyOnWriteArrayList<>();
        Notifier hangsOnTheFirst = event -> {
            if (event.priority() == 0) {
                sending.countDown();
                release.await();
            }
            seen.add(event.priority());
        };
        int overflow = 10;
        try (var d = new NotifierDispatcher(List.of(new NamedNotifier("stuck", "test", hangsOnTheFirst)), registry)) {
            d.publish(event("VI_1", 0));
            assertThat(sending.await(10, TimeUnit.SECONDS)).isTrue();
            int last = NotifierDispatcher.LANE_CAPACITY + overflow;
            for (int i = 1; i <= last; i++) {
                d.publish(event("VI_1", i));
            }

            assertThat(registry.get("keepwatch.notifications.queued").tag("notifier", "stuck").gauge().value())
                    .isEqualTo(NotifierDispatcher.LANE_CAPACITY);
            assertThat(count("keepwatch.notifications.failed", "stuck")).isEqualTo(overflow);

            release.countDown();
            await(() -> seen.size() == 1 + NotifierDispatcher.LANE_CAPACITY);
            assertThat(seen.getFirst()).isZero();
            assertThat(seen.subList(1, seen.size())).as("the oldest waiting events were dropped, in order after that")
                    .isEqualTo(java.util.stream.IntStream.rangeClosed(overflow + 1, last).boxed().toList());
            assertThat(registry.get("keepwatch.notifications.queued").tag("notifier", "stuck").gauge().value()).isZero();
        }
    }

    @Test
    void failingNotifierIsRetriedCountedAndHarmlessToOthers() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        Notifier flaky = new Notifier() {
            @Override
            public void send(TransitionEvent event) throws IOException {
                if (attempts.incrementAndGet() < 3) {
                    throw new IOException("down");
                }
            }

            @Override
            public RetryPolicy retryPolicy() {
                return new RetryPolicy(5, Duration.ofMillis(10), 2.0, Duration.ofMillis(50));
            }
        };
        Notifier broken = new Notifier() {
            @Override
            public void send(TransitionEvent event) {
                throw new IllegalStateException("bug");
            }

            @Override
            public RetryPolicy retryPolicy() {
                return new RetryPolicy(2, Duration.ofMillis(5), 1.0, Duration.ofMillis(5));
            }
        };
        List<TransitionEvent> good = new CopyOnWriteArrayList<>();
        try (var d = new NotifierDispatcher(List.of(new NamedNotifier("flaky", "t", flaky),
                new NamedNotifier("broken", "t", broken), new NamedNotifier("good", "t", good::add)), registry)) {
            d.publish(event("VI_1", 1));
            await(() -> count("keepwatch.notifications.sent", "flaky") == 1
                    && count("keepwatch.notifications.failed", "broken") == 1 && good.size() == 1);
        }
        assertThat(count("keepwatch.notifications.retried", "flaky")).isEqualTo(2);
        assertThat(count("keepwatch.notifications.retried", "broken")).isEqualTo(1);
        assertThat(count("keepwatch.notifications.sent", "good")).isEqualTo(1);
        assertThat(count("keepwatch.notifications.failed", "flaky")).isZero();
    }

    @Test
    void closingGivesUpAPendingRetrySoThatTheStopBehindItIsDelivered() throws Exception {
        AtomicInteger failures = new AtomicInteger();
        List<VrrpState> delivered = new CopyOnWriteArrayList<>();
        Notifier downUntilStop = new Notifier() {
            @Override
            public void send(TransitionEvent event) throws IOException {
                if (event.newState() != VrrpState.STOP) {
                    failures.incrementAndGet();
                    throw new IOException("receiver down");
                }
                delivered.add(event.newState());
            }

            @Override
            public RetryPolicy retryPolicy() {
                return new RetryPolicy(10, Duration.ofSeconds(30), 1.0, Duration.ofSeconds(30));
            }
        };
        var d = new NotifierDispatcher(List.of(new NamedNotifier("n", "t", downUntilStop)), registry);
        d.publish(event("VI_1", 1));
        await(() -> failures.get() == 1); // now waiting 30 s to retry
        d.publish(new TransitionEvent(Scope.INSTANCE, "VI_1", VrrpState.MASTER, VrrpState.STOP, 100, "shutdown",
                Instant.EPOCH, "r1", List.of()));
        long start = System.nanoTime();
        d.close(Duration.ofSeconds(5));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(delivered).containsExactly(VrrpState.STOP);
        assertThat(failures.get()).isEqualTo(1);
        assertThat(count("keepwatch.notifications.failed", "n")).isEqualTo(1);
        assertThat(count("keepwatch.notifications.sent", "n")).isEqualTo(1);
    }

    @Test
    void publishReturnsAtOnceEvenWhenNotifiersBlock() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (var d = new NotifierDispatcher(List.of(new NamedNotifier("n", "t", e -> release.await())), registry)) {
            long start = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                d.publish(event("VI_" + (i % 10), i));
            }
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_000);
            release.countDown();
        }
    }

    @Test
    void retryBackoffGrowsAndIsCapped() {
        RetryPolicy p = new RetryPolicy(6, Duration.ofMillis(100), 2.0, Duration.ofMillis(500));
        assertThat(List.of(p.backoffBefore(2), p.backoffBefore(3), p.backoffBefore(4), p.backoffBefore(5)))
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
                        Duration.ofMillis(500));
    }

    @Test
    void conflictsTakeTheirInstancesLaneInOrderWithItsTransitionsAndAreRetried() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicInteger conflictAttempts = new AtomicInteger();
        Notifier both = new Notifier() {
            @Override
            public void send(TransitionEvent event) {
                seen.add(event.name() + ":" + event.priority());
            }

            @Override
            public void send(AddressConflictEvent event) throws IOException {
                if (!event.ended() && conflictAttempts.incrementAndGet() < 2) {
                    throw new IOException("mail server busy");
                }
                seen.add(event.instance() + ":" + (event.ended() ? "conflict ended" : "conflict"));
            }

            @Override
            public RetryPolicy retryPolicy() {
                return new RetryPolicy(3, Duration.ofMillis(10), 1.0, Duration.ofMillis(10));
            }
        };
        List<TransitionEvent> transitionsOnly = new CopyOnWriteArrayList<>();
        Notifier writtenBeforeConflicts = transitionsOnly::add;
        try (var d = new NotifierDispatcher(List.of(new NamedNotifier("both", "t", both),
                new NamedNotifier("old", "t", writtenBeforeConflicts)), registry)) {
            d.publish(event("VI_1", 1));
            d.publish(conflict("VI_1", false));
            d.publish(event("VI_1", 2));
            d.publish(conflict("VI_1", true));
            await(() -> seen.size() == 4 && count("keepwatch.notifications.sent", "old") == 4);
        }
        assertThat(seen).containsExactly("VI_1:1", "VI_1:conflict", "VI_1:2", "VI_1:conflict ended");
        assertThat(count("keepwatch.notifications.retried", "both")).isEqualTo(1);
        assertThat(transitionsOnly).extracting(TransitionEvent::priority).containsExactly(1, 2);
        assertThat(count("keepwatch.notifications.failed", "old")).isZero();
    }
}
