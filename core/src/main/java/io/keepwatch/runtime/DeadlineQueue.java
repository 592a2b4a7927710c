package io.keepwatch.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * Absolute deadlines, at most one per key: setting a key's deadline replaces the previous one.
 * Used by the VRRP thread alone, so it is not thread-safe. Deadlines are monotonic nanoseconds;
 * comparisons go through subtraction so a wrap of {@link System#nanoTime()} cannot reorder them.
 */
final class DeadlineQueue<K> {

    private record Entry<K>(long deadline, long sequence, K key) {}

    private final TreeSet<Entry<K>> byDeadline = new TreeSet<>((a, b) -> {
        int c = Long.compare(a.deadline - b.deadline, 0);
        return c != 0 ? c : Long.compare(a.sequence, b.sequence);
    });
    private final Map<K, Entry<K>> byKey = new HashMap<>();
    private long sequence;

    /** Sets (or replaces) the deadline of {@code key}. */
    void set(K key, long deadlineNanos) {
        cancel(key);
        Entry<K> entry = new Entry<>(deadlineNanos, sequence++, key);
        byDeadline.add(entry);
        byKey.put(key, entry);
    }

    void cancel(K key) {
        Entry<K> old = byKey.remove(key);
        if (old != null) {
            byDeadline.remove(old);
        }
    }

    /** The earliest deadline, if any. */
    OptionalLong earliest() {
        return byDeadline.isEmpty() ? OptionalLong.empty() : OptionalLong.of(byDeadline.first().deadline);
    }

    /** Removes and returns, earliest first, every key whose deadline is at or before {@code now}. */
    List<K> pollDue(long now) {
        List<K> due = new ArrayList<>();
        while (!byDeadline.isEmpty() && byDeadline.first().deadline - now <= 0) {
            Entry<K> entry = byDeadline.pollFirst();
            byKey.remove(entry.key);
            due.add(entry.key);
        }
        return due;
    }

    int size() {
        return byKey.size();
    }
}
