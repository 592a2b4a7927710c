package io.keepwatch.linux;

import java.net.InetAddress;

/**
 * An entry of the kernel's neighbour table (ARP and NDP caches) as rtnetlink reports it
 * (RTM_NEWNEIGH).
 *
 * @param ifIndex the interface the neighbour is on
 * @param address its IPv4 or IPv6 address (NDA_DST)
 * @param mac     its hardware address (NDA_LLADDR)
 * @param state   the NUD_* state
 */
public record Neighbour(int ifIndex, InetAddress address, HardwareAddress mac, int state) {
}
