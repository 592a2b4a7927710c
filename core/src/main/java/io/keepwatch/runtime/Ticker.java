package io.keepwatch.runtime;

/**
 * The runtime's only clock: monotonic nanoseconds, as {@link System#nanoTime()}. The engine never
 * reads a clock; the runtime reads this one and hands the time to the engine with every event.
 */
@FunctionalInterface
public interface Ticker {

    Ticker SYSTEM = System::nanoTime;

    long nanoTime();
}
