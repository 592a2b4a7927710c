package io.keepwatch.vrrp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.Optional;
import org.junit.jupiter.api.Tag;

/**
 * Coverage-guided fuzzing of the ARP and neighbour discovery parser that address conflict
 * detection (NeighbourWatch) runs on every frame its packet socket reads, Ethernet header first.
 * Seeds: the captured gratuitous ARPs and unsolicited neighbour advertisements.
 */
@Tag("fuzz")
class NeighbourFramesFuzzTest {

    @FuzzTest(maxDuration = "30m")
    void parse(byte[] frame) {
        Optional<NeighbourSighting> sighting = NeighbourFrames.parse(frame);
        sighting.ifPresent(s -> {
            boolean arp = s.kind() == NeighbourSighting.Kind.ARP_REQUEST || s.kind() == NeighbourSighting.Kind.ARP_REPLY;
            assertThat(s.sender()).isInstanceOf(arp ? Inet4Address.class : Inet6Address.class);
            assertThat(s.target()).isInstanceOf(arp ? Inet4Address.class : Inet6Address.class);
            s.claimed().ifPresent(claimed -> assertThat(claimed).isIn(s.sender(), s.target()));
        });
    }
}
