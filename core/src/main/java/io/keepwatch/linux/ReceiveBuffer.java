package io.keepwatch.linux;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receive buffer a socket asks for.
 *
 * @param bytes 0 keeps the kernel's default (net.core.rmem_default)
 * @param force SO_RCVBUFFORCE, which needs CAP_NET_ADMIN and is not capped at net.core.rmem_max,
 *              instead of SO_RCVBUF
 */
public record ReceiveBuffer(int bytes, boolean force) {
    private static final Logger LOG = LoggerFactory.getLogger(ReceiveBuffer.class);

    public static final ReceiveBuffer DEFAULT = new ReceiveBuffer(0, false);

    public ReceiveBuffer {
        if (bytes < 0) throw new IllegalArgumentException("receive buffer size must not be negative: " + bytes);
    }

    /**
     * Sets it on {@code fd}; a refusal is logged and the socket keeps its default, as keepalived goes
     * on with a socket whose size it could not set.
     */
    void applyTo(int fd, String what) {
        if (bytes == 0) return;
        String name = force ? "SO_RCVBUFFORCE" : "SO_RCVBUF";
        try {
            Libc.setsockopt(fd, Constants.SOL_SOCKET, force ? Constants.SO_RCVBUFFORCE : Constants.SO_RCVBUF, bytes, name);
        } catch (NativeException e) {
            LOG.warn("cannot set the receive buffer of the {} socket to {} bytes: {}", what, bytes, e.getMessage());
        }
    }
}
