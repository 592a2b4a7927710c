package io.keepwatch.linux;

/**
 * Reads interfaces' flags with SIOCGIFFLAGS on a datagram socket of its own, as keepalived's
 * linkbeat polls them.
 */
public final class LinkFlags implements AutoCloseable {
    private final int fd;

    private LinkFlags(int fd) {
        this.fd = fd;
    }

    public static LinkFlags open() throws NativeException {
        return new LinkFlags(Libc.socket(Constants.AF_INET, Constants.SOCK_DGRAM, 0));
    }

    /**
     * Whether {@code interfaceName} is up and running (IFF_UP and IFF_RUNNING: up with its carrier),
     * as keepalived's ioctl probe: an interface that does not exist is down, and any other failure
     * counts as up (the poll says nothing then).
     */
    public boolean upAndRunning(String interfaceName) {
        try {
            int flags = InterfaceRequests.flags(fd, interfaceName);
            int both = Constants.IFF_UP | Constants.IFF_RUNNING;
            return (flags & both) == both;
        } catch (NativeException e) {
            return e.errno() != Errno.ENODEV;
        }
    }

    @Override
    public void close() {
        try {
            Libc.close(fd);
        } catch (NativeException e) {
            // released by the kernel anyway
        }
    }
}
