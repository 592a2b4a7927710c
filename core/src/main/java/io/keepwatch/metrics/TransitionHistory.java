package io.keepwatch.metrics;

import io.keepwatch.runtime.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The transitions of each instance over the last {@link #WINDOW}, for the status page's timeline:
 * those in the window, and the last one before it (the state the window starts in). Bounded: a
 * flapping instance keeps its newest {@link #MAX_PER_INSTANCE}. Written by the VRRP thread, read by
 * the status endpoint.
 */
public final class TransitionHistory {

    /** How far back the timeline goes. */
    public static final Duration WINDOW = Duration.ofHours(1);

    /** Transitions kept per instance: more than a timeline of a few hundred pixels can show. */
    static final int MAX_PER_INSTANCE = 240;

    private final Map<String, Deque<Transition>> byInstance = new ConcurrentHashMap<>();

    void add(Transition transition) {
        Deque<Transition> list = byInstance.computeIfAbsent(transition.instance(), n -> new ArrayDeque<>());
        synchronized (list) {
            list.addLast(transition);
            while (list.size() > MAX_PER_INSTANCE) {
                list.removeFirst();
            }
            trim(list, transition.time().minus(WINDOW));
        }
    }

    void removed(String instance) {
        byInstance.remove(instance);
    }

    /**
     * The transitions of {@code instance} that tell its states from {@code now} minus {@link #WINDOW}
     * to {@code now}, oldest first: the last one before the window, if any, then those in it.
     */
    public List<Transition> of(String instance, Instant now) {
        Deque<Transition> list = byInstance.get(instance);
        if (list == null) {
            return List.of();
        }
        synchronized (list) {
            List<Transition> copy = new ArrayList<>(list);
            Instant start = now.minus(WINDOW);
            int first = 0;
            while (first + 1 < copy.size() && !copy.get(first + 1).time().isAfter(start)) {
                first++;
            }
            return List.copyOf(copy.subList(first, copy.size()));
        }
    }

    /** Drops what the window no longer needs, keeping the last transition before {@code start}. */
    private static void trim(Deque<Transition> list, Instant start) {
        while (list.size() > 1) {
            Transition oldest = list.removeFirst();
            if (list.peekFirst().time().isAfter(start)) {
                list.addFirst(oldest);
                return;
            }
        }
    }
}
