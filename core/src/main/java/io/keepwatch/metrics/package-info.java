/**
 * Metrics: one Micrometer registry with the Prometheus format ({@link io.keepwatch.metrics.Metrics}),
 * per-instance VRRP statistics kept from the runtime's observer hook
 * ({@link io.keepwatch.metrics.VrrpStatistics}), their keepwatch meters and, when asked, the names of
 * the keepalived Prometheus exporters. Every name is listed in docs/metrics.md.
 */
package io.keepwatch.metrics;
