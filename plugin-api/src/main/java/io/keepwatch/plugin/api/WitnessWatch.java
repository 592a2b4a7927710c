package io.keepwatch.plugin.api;

/** A running {@link Witness#watch}; closing it stops the notifications. */
public interface WitnessWatch extends AutoCloseable {

    @Override
    void close();
}
