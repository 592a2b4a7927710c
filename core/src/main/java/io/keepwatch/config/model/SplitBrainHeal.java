package io.keepwatch.config.model;

/**
 * {@code split_brain_heal on|off} (keepwatch only), in {@code global_defs} and in a
 * {@code vrrp_instance}, whose own setting overrides the global one.
 *
 * <p>On, a multicast instance that is MASTER and finds another station holding one of its
 * addresses (split brain, most often multicast VRRP filtered between the two) also sends each of
 * its adverts by unicast to that station's own address, as learned on the segment, and it accepts
 * such unicast adverts from others: the two instances then elect one master as RFC 5798 6.4.3
 * says, although their multicast adverts do not reach each other. Off, an instance neither sends
 * nor accepts them (keepalived's behaviour).
 *
 * <p>On by default: it acts only on a detected conflict, only towards a host seen on the segment,
 * and sends nothing but the adverts VRRP already sends, at most one more packet per advert
 * interval per other holder.
 *
 * @param on whether the instance heals a split brain by unicast adverts
 */
public record SplitBrainHeal(boolean on) {

    public static final SplitBrainHeal DEFAULTS = new SplitBrainHeal(true);
}
