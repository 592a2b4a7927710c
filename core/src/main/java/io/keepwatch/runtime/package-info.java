/**
 * The running daemon: it feeds the pure engine ({@code io.keepwatch.vrrp}) with events and the time,
 * and carries out the actions the engine returns, through the Linux data plane
 * ({@code io.keepwatch.runtime.net}, {@code io.keepwatch.linux}). {@link io.keepwatch.runtime.Daemon}
 * wires it together; docs/design.md draws the whole map.
 *
 * <h2>Threads: who owns what</h2>
 *
 * <ul>
 *   <li><b>The VRRP thread</b> ({@code keepwatch-vrrp}, {@link io.keepwatch.runtime.VrrpLoop}) owns
 *       every engine state machine, every instance's runtime and the data plane's state (sockets
 *       attached, addresses added, the address ledger). Other threads never touch them: they hand a
 *       task to {@code VrrpLoop.execute}, which runs it here in arrival order, and timers are
 *       deadlines in the same loop. Nothing on this thread may block for long: a slow call delays
 *       every instance's adverts.</li>
 *   <li><b>Socket readers</b> ({@code keepwatch-rx-*}, one platform thread per raw VRRP socket) read,
 *       find the instance by VRID, decode and check the advert, and hand an accepted one over; a
 *       rejection is counted and logged where it was read.</li>
 *   <li><b>Neighbour watchers</b> ({@code keepwatch-nd-*}, one platform thread per interface that
 *       carries virtual addresses, {@code runtime.net.NeighbourWatch}) read the ARP and neighbour
 *       discovery that a kernel filter lets through and hand each sighting to the VRRP thread,
 *       where {@code AddressConflicts} judges it.</li>
 *   <li><b>The netlink watcher</b> (a platform thread of {@code NetlinkMonitor}) hands link and
 *       address changes over.</li>
 *   <li><b>The GARP thread</b> ({@code keepwatch-garp}) sends gratuitous ARPs and unsolicited
 *       neighbour advertisements, spaced as configured, so the VRRP thread never waits on them.</li>
 *   <li><b>Check threads</b> (virtual, one per check, {@code CheckScheduler}) run health checks and
 *       {@code vrrp_script}s; a change of result is handed over as a tracker event.</li>
 *   <li><b>Notifier lanes</b> (virtual, {@code NotifierDispatcher}) run notify scripts and notifier
 *       plugins, one lane per instance and notifier, so transitions reach each in order.</li>
 *   <li><b>Signals</b> arrive on a thread the JVM starts ({@link io.keepwatch.runtime.SignalRelay});
 *       a stop may run its priority-0 adverts right there, while it holds the loop's ownership
 *       ({@code VrrpLoop.runSoon}); a reload parses on a virtual thread and hands the result over.</li>
 *   <li><b>Readers of status</b> (HTTP, control socket, dumps) only ever read immutable
 *       {@link io.keepwatch.runtime.InstanceStatus} snapshots that the VRRP thread publishes through
 *       {@link io.keepwatch.runtime.RuntimeObserver}.</li>
 * </ul>
 *
 * <h2>The failover fast path</h2>
 *
 * <p>From a failover's trigger (the master down timer, a priority-0 advert, a stop signal) to the
 * priority-0 advert or the VIP on the wire, nothing may load or generate a class, or allocate for
 * the first time: a backup takes over once, so that path always runs cold, interpreted, and every
 * first time on it is paid right then. Hence, on that path: no {@code switch} on an enum or on types
 * (an {@code if} chain or a virtual call), no record's generated {@code equals}/{@code hashCode} (they
 * are written out), adverts encoded ahead (at attach, once per priority), native buffers and errno
 * segments made once and reused, downcall handles that the start-up already made. Comments that
 * point here say which of these a piece of code keeps. The packaged daemon's failover test (in
 * {@code dist}) checks that every class a backup loads while it takes over comes from the AOT cache;
 * docs/benchmarks.md says what each first time costs.
 *
 * <h2>Start-up</h2>
 *
 * <p>What runs before an address owner's first advert runs once, interpreted, and the advert waits
 * for it: the start-up rule keeps that path to classes the AOT cache holds. No record's generated
 * {@code equals}/{@code hashCode}/{@code toString} (each is made at its first call), no
 * {@code java.math} for the configuration's decimal seconds, no JDK facility that first searches
 * the class path for its provider ({@code java.time}'s zone rules, {@code java.nio}'s channels: the
 * control socket is made with the C library), and C library calls of one call shape only
 * ({@code linux.Libc}), which a second thread links while the main thread reads the configuration.
 *
 * <h2>Glossary: the types named after an instance</h2>
 *
 * <p>An instance is one {@code vrrp_instance} block: one virtual router (one VRID on one interface).
 * From configuration to wire:
 *
 * <dl>
 *   <dt>{@code config.model.VrrpInstanceConfig}</dt>
 *   <dd>the block as written, in keepalived's keywords, with the lines they came from; built by
 *       {@code config.bind.VrrpInstanceBinder}.</dd>
 *   <dt>{@code vrrp.InstanceSpec}</dt>
 *   <dd>what the election needs of it, nothing else; {@link io.keepwatch.runtime.InstanceSpecs} maps
 *       the one to the other.</dd>
 *   <dt>{@code vrrp.VrrpInstance}</dt>
 *   <dd>the engine's state machine of one instance: pure, events in, actions out.</dd>
 *   <dt>{@link io.keepwatch.runtime.InstanceRuntime}</dt>
 *   <dd>drives one {@code VrrpInstance} on the VRRP thread: events with the time in, actions carried
 *       out, its deadline kept, transitions and status published.</dd>
 *   <dt>{@link io.keepwatch.runtime.Instances}</dt>
 *   <dd>every running {@code InstanceRuntime}: start, reload (replace what changed, leave the rest),
 *       link and tracker changes passed on, stop.</dd>
 *   <dt>{@code InstanceWiring}</dt>
 *   <dd>what the data plane needs to put an instance on the wire (source, destinations, adverts,
 *       addresses), resolved from its configuration and the interface ({@code Wirings}).</dd>
 *   <dt>{@code InstanceNetwork}, {@code NetworkSlot}</dt>
 *   <dd>the port through which an instance's actions reach the network (the Linux data plane
 *       implements it); the slot holds it while the instance's interface may be missing.</dd>
 *   <dt>{@link io.keepwatch.runtime.InstanceStatus}</dt>
 *   <dd>an immutable snapshot of one instance, published after every event it handled.</dd>
 *   <dt>{@code metrics.InstanceCounters}</dt>
 *   <dd>its counters (keepalived's per-instance statistics), written by the VRRP thread and the
 *       socket readers, read by scrapes and dumps.</dd>
 * </dl>
 */
package io.keepwatch.runtime;
