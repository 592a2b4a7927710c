/**
 * Status and control: the JSON status and the HTML status page drawn from the runtime's published
 * snapshots, the read-only HTTP endpoint ({@code /metrics}, {@code /status}, {@code /}, {@code
 * /healthz}), the root-only Unix-domain control socket behind {@code keepwatch status|reload|stop},
 * and keepalived's SIGUSR1/SIGUSR2 text dumps.
 */
package io.keepwatch.control;
