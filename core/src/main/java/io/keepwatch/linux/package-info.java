/**
 * The Linux data plane: the only code of keepwatch that calls the C library, through
 * {@code java.lang.foreign} (no JNI, no JNA).
 *
 * <ul>
 *   <li>{@link io.keepwatch.linux.Libc}: the downcall handles, errno captured per call into a
 *       per-thread segment; failures become {@link io.keepwatch.linux.NativeException}.</li>
 *   <li>{@link io.keepwatch.linux.Layouts}: C struct layouts, sizes checked at class init.</li>
 *   <li>{@link io.keepwatch.linux.Vrrp4Socket}, {@link io.keepwatch.linux.Vrrp6Socket}: raw
 *       protocol-112 sockets for adverts, multicast and unicast.</li>
 *   <li>{@link io.keepwatch.linux.PacketSocket}: Ethernet frames (gratuitous ARP, unsolicited NA)
 *       and the interface MAC address.</li>
 *   <li>{@link io.keepwatch.linux.RtNetlink}: add/delete/list addresses, list links;
 *       {@link io.keepwatch.linux.NetlinkMonitor}: link and address events.</li>
 *   <li>{@link io.keepwatch.linux.Capabilities}: CAP_NET_ADMIN / CAP_NET_RAW check.</li>
 *   <li>{@link io.keepwatch.linux.UserDatabase}: users and groups by name, through NSS, for the
 *       users scripts run as.</li>
 * </ul>
 *
 * <p><b>Threads.</b> Blocking calls (receive, netlink waits) run on platform threads only; they
 * refuse virtual threads ({@link io.keepwatch.linux.Threads}). Receive loops are the caller's,
 * started with {@link io.keepwatch.linux.Threads#startPlatformDaemon}; the netlink monitor owns its
 * thread. Sends and netlink requests may be issued from any thread.
 *
 * <p><b>Closing.</b> Every socket may be closed from any thread while others use it: a receiver
 * waits in {@code poll(2)} on the socket and a private eventfd that {@code close()} signals, and
 * the descriptor is only released by the last thread using it, so a number the kernel reuses is
 * never touched (see {@code FdGuard}). A receiver woken by close throws
 * {@link java.nio.channels.AsynchronousCloseException}; later calls throw
 * {@link java.nio.channels.ClosedChannelException}.
 *
 * <p><b>Namespaces.</b> A socket belongs to the network namespace of the thread that opened it,
 * and interface names given to it are resolved there.
 */
package io.keepwatch.linux;
