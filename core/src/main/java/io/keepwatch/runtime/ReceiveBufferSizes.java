package io.keepwatch.runtime;

import io.keepwatch.config.model.ReceiveBuffers;
import io.keepwatch.linux.ReceiveBuffer;

/** The configured netlink receive buffers, as the sockets take them. */
final class ReceiveBufferSizes {
    private ReceiveBufferSizes() {
    }

    static ReceiveBuffer of(ReceiveBuffers.Size size) {
        return new ReceiveBuffer(size.bytes(), size.force());
    }
}
