/**
 * Metrics: one Micrometer registry with the Prometheus format ({@link io.keepwatch.metrics.Metrics}),
 * the status store, each instance's latest status and counters kept from the runtime's observer
 * hook ({@link io.keepwatch.metrics.StatusStore}), their keepwatch meters and, when asked, the names of
 * the keepalived Prometheus exporters. Every name is listed in docs/metrics.md.
 */
package io.keepwatch.metrics;
