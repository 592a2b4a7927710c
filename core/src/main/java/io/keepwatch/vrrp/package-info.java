/**
 * The VRRP protocol engine: pure, deterministic state machines (RFC 3768, RFC 5798, and keepalived's
 * behaviour where the RFCs leave room).
 *
 * <p>How the runtime drives it:
 * <ol>
 *   <li>Map each configured vrrp_instance to an {@link io.keepwatch.vrrp.InstanceSpec} and create a
 *       {@link io.keepwatch.vrrp.VrrpInstance}; wrap the members of each vrrp_sync_group in a
 *       {@link io.keepwatch.vrrp.SyncGroup} before starting them, and send their events through it.</li>
 *   <li>Report the current state of every tracker and tracked interface
 *       ({@link io.keepwatch.vrrp.VrrpEvent.TrackerChanged}, {@link io.keepwatch.vrrp.VrrpEvent.LinkChanged}),
 *       then send {@link io.keepwatch.vrrp.VrrpEvent.Start}. keepalived holds an instance out of the
 *       election until each tracked script has reported once; the runtime does the same by sending
 *       Start only then.</li>
 *   <li>For every event pass one monotonic time in nanoseconds (for example {@link System#nanoTime()}),
 *       perform the returned {@link io.keepwatch.vrrp.VrrpAction}s in order, and keep the returned
 *       deadline: when it comes, send {@link io.keepwatch.vrrp.VrrpEvent.Tick}. A deadline may move
 *       earlier or later with any event; early or repeated ticks are harmless.</li>
 *   <li>Adverts reach the engine only after the codec accepted them and they were demultiplexed by
 *       interface, family and VRID.</li>
 * </ol>
 *
 * <p>One thread owns all instances; nothing here blocks, reads a clock or does I/O.
 */
package io.keepwatch.vrrp;
