package io.keepwatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeadlineQueueTest {

    private final DeadlineQueue<String> queue = new DeadlineQueue<>();

    @Test
    void dueKeysComeOutEarliestFirstAndOnlyOnce() {
        queue.set("late", 300);
        queue.set("early", 100);
        queue.set("middle", 200);

        assertThat(queue.pollDue(99)).isEmpty();
        assertThat(queue.pollDue(200)).containsExactly("early", "middle");
        assertThat(queue.pollDue(200)).isEmpty();
        assertThat(queue.earliest()).hasValue(300);
    }

    @Test
    void settingAKeyAgainReplacesItsDeadline() {
        queue.set("a", 100);
        queue.set("a", 500);

        assertThat(queue.pollDue(400)).isEmpty();
        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.pollDue(500)).containsExactly("a");
    }

    @Test
    void cancelledKeysNeverFire() {
        queue.set("a", 100);
        queue.cancel("a");

        assertThat(queue.pollDue(1_000)).isEmpty();
        assertThat(queue.earliest()).isEmpty();
    }

    @Test
    void orderSurvivesNanoTimeWrapAround() {
        long nearMax = Long.MAX_VALUE - 10;
        queue.set("beforeWrap", nearMax);
        queue.set("afterWrap", nearMax + 20); // overflows to a negative long

        assertThat(queue.earliest()).hasValue(nearMax);
        assertThat(queue.pollDue(nearMax + 30)).containsExactly("beforeWrap", "afterWrap");
    }
}
