/**
 * Differential tests: the same keepalived.conf run under Debian's keepalived and under keepwatch,
 * on the same namespace network ({@link io.keepwatch.differential.Topology}), with what an
 * observer sees compared after each step ({@link io.keepwatch.differential.Observation}): which
 * host holds which address on which device, each instance's state, the adverts on the wire (read
 * by tshark), and the exit code of the configuration check. A {@link
 * io.keepwatch.differential.Scenario} is a file per host, a list of events, and the differences
 * that are known, each with its reason; {@link io.keepwatch.differential.Comparison} fails on any
 * other difference, and on a declared one that no longer occurs. Every test is tagged
 * {@code netns} and needs root.
 */
package io.keepwatch.differential;
