/**
 * keepwatch's SLF4J backend: one line per event on standard error, with a syslog priority prefix
 * when standard error is the systemd journal ({@link io.keepwatch.logging.JournalStream}), so that
 * {@code journalctl -p} filters by level. Levels are set with the keys slf4j-simple uses.
 */
package io.keepwatch.logging;
