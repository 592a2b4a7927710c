/**
 * Integration tests on real networks: keepwatch daemons (and Debian's keepalived) run as separate
 * processes in network namespaces joined by a bridge ({@link io.keepwatch.it.Lan}); who holds a
 * virtual address is followed through netlink events, and what goes on the wire is read back
 * with tshark. Every test is tagged {@code netns} and needs root (see
 * {@link io.keepwatch.testing.RequiresNetns}).
 */
package io.keepwatch.it;
