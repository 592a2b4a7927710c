package io.keepwatch.runtime.net;

/**
 * What one instance adds to the receive buffer of the VRRP socket it is on, as keepalived sizes a
 * socket: the sum over its instances of {@code kernel_rx_buf_size}, or what {@code vrrp_rx_bufs_policy}
 * gives (a size, a number of adverts, or a number of the interface's MTUs).
 *
 * @param bytes a fixed number of bytes
 * @param mtus  how many times the interface's MTU (read when the socket is sized)
 */
public record ReceiveBufferShare(long bytes, int mtus) {

    /** Nothing: the socket keeps the kernel's default unless another instance adds some. */
    public static final ReceiveBufferShare NONE = new ReceiveBufferShare(0, 0);

    public ReceiveBufferShare {
        if (bytes < 0 || mtus < 0) throw new IllegalArgumentException("negative share: " + bytes + ", " + mtus);
    }

    public boolean needsMtu() {
        return mtus > 0;
    }

    /** The bytes it adds with an interface of {@code mtu}. */
    long bytesWith(int mtu) {
        return bytes + (long) mtus * mtu;
    }
}
