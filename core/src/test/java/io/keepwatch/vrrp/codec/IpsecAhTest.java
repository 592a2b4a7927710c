package io.keepwatch.vrrp.codec;

import static io.keepwatch.vrrp.codec.Packets.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** keepalived's auth_type AH: an AH header with HMAC-MD5-96 before the VRRPv2 message, both directions. */
class IpsecAhTest {
    private static final InetAddress SELF = ip("10.9.0.1");
    private static final InetAddress PEER = ip("10.9.0.2");
    private static final List<InetAddress> VIPS = List.of(ip("10.9.0.109"));
    private static final Authentication AH = Authentication.ah("s3cret");
    private static final Expectation MULTICAST = Expectation.v2(1, AH, VIPS, false);
    private static final Expectation UNICAST = Expectation.v2(1, AH, VIPS, true);
    private static final int IP = 20;

    private static byte[] signed(Endpoints to, long sequence, Authentication auth, boolean unicast) {
        byte[] d = Packets.encodeDatagram(VrrpAdvert.v2(51, 150, 1, auth, VIPS), to, 0);
        IpsecAh.sign(d, 7, sequence, auth, unicast);
        return d;
    }

    private static DecodeResult decode(byte[] datagram, Expectation expectation) {
        return VrrpDecoder.decodeIpv4Datagram(ByteBuffer.wrap(datagram), expectation);
    }

    private static RejectReason reason(DecodeResult r) {
        return r instanceof DecodeResult.Rejected rejected ? rejected.reason() : null;
    }

    @Test
    void layoutIsKeepalivedsAndTheKeyStaysOffTheWire() {
        byte[] d = signed(Endpoints.multicast(SELF), 42, AH, false);
        assertThat(d).hasSize(IP + 24 + 8 + 4 + 8);
        assertThat(d[9] & 0xFF).as("IP protocol").isEqualTo(51);
        assertThat(((d[2] & 0xFF) << 8) | (d[3] & 0xFF)).as("total length").isEqualTo(d.length);
        assertThat(d[IP] & 0xFF).as("next header").isEqualTo(112);
        assertThat(d[IP + 1]).as("payload length").isEqualTo((byte) 4);
        assertThat(Packets.slice(d, IP + 4, IP + 8)).as("SPI is the source").isEqualTo(SELF.getAddress());
        assertThat(ByteBuffer.wrap(d).getInt(IP + 8)).as("sequence").isEqualTo(42);
        int vrrp = IP + 24;
        assertThat(d[vrrp + 4]).as("VRRP auth type").isEqualTo((byte) 2);
        assertThat(Packets.slice(d, d.length - 8, d.length)).as("VRRP auth data").containsOnly(0);
    }

    @Test
    void aSignedAdvertIsAcceptedWithItsSequence() {
        DecodeResult r = decode(signed(Endpoints.multicast(SELF), 42, AH, false), MULTICAST);
        assertThat(r).isInstanceOfSatisfying(DecodeResult.Accepted.class, a -> {
            assertThat(a.ahSequence()).isEqualTo(42);
            assertThat(a.advert().priority()).isEqualTo(150);
            assertThat(a.advert().authentication().type()).isEqualTo(AuthType.AH);
        });
        assertThat(VrrpDecoder.peekVridIpv4Datagram(ByteBuffer.wrap(signed(Endpoints.multicast(SELF), 1, AH, false))))
                .isEqualTo(51);
    }

    @Test
    void theMutableFieldsAreOutsideTheIcv() {
        byte[] d = signed(Endpoints.multicast(SELF), 1, AH, false);
        d[1] = 0;        // TOS
        d[6] = 0x40;     // DF
        assertThat(decode(d, MULTICAST)).isInstanceOf(DecodeResult.Accepted.class);
        // a unicast advert may be routed: its TTL is not covered either
        byte[] u = signed(Endpoints.of(SELF, PEER), 1, AH, true);
        u[8] = 60;
        assertThat(decode(u, UNICAST)).isInstanceOf(DecodeResult.Accepted.class);
    }

    @Test
    void anotherKeyOrAChangedFieldOrSpiIsAnAuthFailure() {
        assertThat(reason(decode(signed(Endpoints.multicast(SELF), 1, Authentication.ah("other"), false), MULTICAST)))
                .isEqualTo(RejectReason.AUTH_FAILURE);
        byte[] changed = signed(Endpoints.multicast(SELF), 1, AH, false);
        changed[IP + 24 + 2] = (byte) 254; // priority, checksum made right again
        Packets.fixIpv4VrrpChecksumAfter(changed, IP + 24);
        assertThat(reason(decode(changed, MULTICAST))).isEqualTo(RejectReason.AUTH_FAILURE);
        byte[] spi = Packets.encodeDatagram(VrrpAdvert.v2(51, 150, 1, AH, VIPS), Endpoints.multicast(SELF), 0);
        spi[IP + 7] ^= 1;
        IpsecAh.sign(spi, 7, 1, AH, false);
        assertThat(reason(decode(spi, MULTICAST))).isEqualTo(RejectReason.AUTH_FAILURE);
    }

    @Test
    void ahAndVrrpOnlyMeetTheirOwnAuthType() {
        Expectation pass = Expectation.v2(1, Authentication.pass("s3cret"), VIPS, false);
        assertThat(reason(decode(signed(Endpoints.multicast(SELF), 1, AH, false), pass)))
                .isEqualTo(RejectReason.AUTH_TYPE_MISMATCH);
        byte[] plain = Packets.encodeDatagram(VrrpAdvert.v2(51, 150, 1, Authentication.pass("s3cret"), VIPS),
                Endpoints.multicast(SELF), 1);
        assertThat(reason(decode(plain, MULTICAST))).isEqualTo(RejectReason.AUTH_TYPE_MISMATCH);
    }

    @Test
    void theSequenceOnlyMovesForward() {
        AhSequence sequence = new AhSequence();
        assertThat(sequence.accept(5)).isTrue();
        assertThat(sequence.accept(5)).as("replayed").isFalse();
        assertThat(sequence.accept(4)).isFalse();
        assertThat(sequence.next()).as("a new master carries on from its old master").isEqualTo(6);
        assertThat(sequence.accept(6)).isFalse();
        assertThat(sequence.accept(7)).isTrue();
    }
}
