package io.keepwatch.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.NetNs;
import io.keepwatch.testing.RequiresNetns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The receive buffer of a real netlink socket as getsockopt(SO_RCVBUF) reads it back: the kernel
 * doubles what it was asked for, caps SO_RCVBUF at net.core.rmem_max, and does not cap
 * SO_RCVBUFFORCE (CAP_NET_ADMIN).
 */
@RequiresNetns
class ReceiveBufferTest {
    private NetNs lab;
    private NetNs.Namespace a;

    @BeforeEach
    void setUp() {
        lab = NetNs.create("rcvbuf");
        a = lab.namespace("a");
    }

    @AfterEach
    void tearDown() {
        lab.close();
    }

    private int sizeOf(ReceiveBuffer buffer) throws Exception {
        return a.call(() -> {
            try (NetlinkSocket socket = NetlinkSocket.open(0, buffer)) {
                return socket.receiveBufferSize();
            }
        });
    }

    private int rmemMax() throws Exception {
        return Integer.parseInt(a.exec("cat", "/proc/sys/net/core/rmem_max").strip());
    }

    @Test
    void theDefaultIsTheKernelsAndASizeIsAskedFor() throws Exception {
        int kernelDefault = sizeOf(ReceiveBuffer.DEFAULT);
        int asked = Math.min(rmemMax(), kernelDefault) / 2 + 4096;

        assertThat(sizeOf(new ReceiveBuffer(asked, false))).isEqualTo(2 * asked).isNotEqualTo(kernelDefault);
    }

    @Test
    void soRcvbufIsCappedAtRmemMaxAndForceIsNot() throws Exception {
        int beyond = rmemMax() + 65536;

        assertThat(sizeOf(new ReceiveBuffer(beyond, false))).isEqualTo(2 * rmemMax());
        assertThat(sizeOf(new ReceiveBuffer(beyond, true))).isEqualTo(2 * beyond);
    }
}
