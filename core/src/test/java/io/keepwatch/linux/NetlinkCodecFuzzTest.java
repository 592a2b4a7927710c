package io.keepwatch.linux;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Tag;

/**
 * Coverage-guided fuzzing of the rtnetlink decoding the daemon runs on what the kernel sends: a
 * datagram split into messages (RtNetlink, RtRoutes, NetlinkMonitor), each decoded as the monitor
 * turns it into an event and as the dumps read it (addresses, neighbours, links with their details,
 * routes, rules, errors). Seeds: messages the kernel sent, captured with nlmon, and the requests
 * the codec builds (the kernel echoes the same layout in its notifications).
 */
@Tag("fuzz")
class NetlinkCodecFuzzTest {

    @FuzzTest(maxDuration = "30m")
    void decode(byte[] datagram) {
        ByteBuffer buffer = ByteBuffer.wrap(datagram).order(ByteOrder.nativeOrder());
        for (NetlinkCodec.Message m : NetlinkCodec.split(buffer)) {
            assertThat(m.payload().limit()).isLessThanOrEqualTo(datagram.length);
            NetlinkMonitor.toEvent(m);
            NetlinkCodec.error(m);
            NetlinkCodec.parseAddress(m.payload());
            NetlinkCodec.parseNeighbour(m.payload());
            NetlinkCodec.parseLinkDetails(m.payload());
            RouteCodec.parseRoute(m.payload());
            RouteCodec.parseRule(m.payload());
        }
        assertThat(buffer.position()).isZero();
    }
}
