package io.keepwatch.linux;

/**
 * A network interface as rtnetlink reports it (RTM_NEWLINK).
 *
 * @param index the interface index
 * @param name  the interface name (IFLA_IFNAME)
 * @param flags the IFF_* flags (ifi_flags)
 * @param mac   the hardware address (IFLA_ADDRESS), or null for links without one
 */
public record Link(int index, String name, int flags, HardwareAddress mac) {
    /** Administratively up (IFF_UP). */
    public boolean isUp() {
        return (flags & Constants.IFF_UP) != 0;
    }

    /** Operationally running (IFF_RUNNING): up and the carrier is present. */
    public boolean isRunning() {
        return (flags & Constants.IFF_RUNNING) != 0;
    }

    /** Carrier present at layer 1 (IFF_LOWER_UP). */
    public boolean isLowerUp() {
        return (flags & Constants.IFF_LOWER_UP) != 0;
    }
}
