/**
 * VRRP packet codec: VRRPv2 (RFC 3768) and VRRPv3 (RFC 5798, RFC 9568) adverts, gratuitous ARP
 * and unsolicited neighbour advertisement frames.
 *
 * <p>Everything here is a pure function over byte buffers: no I/O, no clocks, no threads.
 * {@link io.keepwatch.vrrp.codec.VrrpDecoder} never throws on received bytes; it answers with a
 * {@link io.keepwatch.vrrp.codec.DecodeResult}, either an accepted advert or a rejection with one
 * {@link io.keepwatch.vrrp.codec.RejectReason}, checked in the order keepalived checks them so
 * that both daemons count the same packet under the same cause.
 * {@link io.keepwatch.vrrp.codec.VrrpEncoder} writes into caller-supplied buffers and allocates
 * nothing, since a master sends an advert every advert_int (down to 10 ms with VRRPv3).
 */
package io.keepwatch.vrrp.codec;
