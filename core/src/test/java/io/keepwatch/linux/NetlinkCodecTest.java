package io.keepwatch.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetlinkCodecTest {

    private static ByteBuffer wrap(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
    }

    @Test
    void addRequestCarriesHeaderIfaddrmsgAndAttributes() throws Exception {
        AddressSpec spec = AddressSpec.of(InetAddress.getByName("10.0.0.9"), 24)
                .withBroadcast(InetAddress.getByName("10.0.0.255")).withLabel("eth0:v");
        byte[] request = NetlinkCodec.addressRequest(Constants.RTM_NEWADDR,
                Constants.NLM_F_CREATE | Constants.NLM_F_EXCL, 77, 5, spec);

        List<NetlinkCodec.Message> messages = NetlinkCodec.split(wrap(request));
        assertThat(messages).hasSize(1);
        NetlinkCodec.Message m = messages.getFirst();
        assertThat(wrap(request).getInt(0)).isEqualTo(request.length);
        assertThat(m.type()).isEqualTo(Constants.RTM_NEWADDR);
        assertThat(m.flags()).isEqualTo(Constants.NLM_F_REQUEST | Constants.NLM_F_ACK | Constants.NLM_F_CREATE
                | Constants.NLM_F_EXCL);
        assertThat(m.seq()).isEqualTo(77);

        IfAddress decoded = NetlinkCodec.parseAddress(m.payload());
        assertThat(decoded).isEqualTo(new IfAddress(5, InetAddress.getByName("10.0.0.9"), 24, 0, 0, "eth0:v",
                InetAddress.getByName("10.0.0.255")));
        Map<Integer, ByteBuffer> attributes = NetlinkCodec.attributes(m.payload(), NetlinkCodec.IFADDRMSG);
        assertThat(attributes).containsKeys(Constants.IFA_LOCAL, Constants.IFA_ADDRESS, Constants.IFA_BROADCAST,
                Constants.IFA_LABEL, Constants.IFA_FLAGS);
    }

    @Test
    void ipv6RequestAsksForNodadInBothFlagFields() throws Exception {
        byte[] request = NetlinkCodec.addressRequest(Constants.RTM_NEWADDR, 0, 1, 3,
                AddressSpec.of(InetAddress.getByName("fd00::9"), 64));
        NetlinkCodec.Message m = NetlinkCodec.split(wrap(request)).getFirst();
        assertThat(m.payload().get(0)).isEqualTo((byte) Constants.AF_INET6);
        assertThat(m.payload().get(2)).isEqualTo((byte) Constants.IFA_F_NODAD);
        IfAddress decoded = NetlinkCodec.parseAddress(m.payload());
        assertThat(decoded.isNoDad()).isTrue();
        assertThat(decoded.prefixLength()).isEqualTo(64);
    }

    @Test
    void deleteRequestHasNoFlagsAttribute() throws Exception {
        byte[] request = NetlinkCodec.addressRequest(Constants.RTM_DELADDR, 0, 1, 3,
                AddressSpec.of(InetAddress.getByName("10.1.1.1"), 32));
        NetlinkCodec.Message m = NetlinkCodec.split(wrap(request)).getFirst();
        assertThat(NetlinkCodec.attributes(m.payload(), NetlinkCodec.IFADDRMSG)).doesNotContainKey(Constants.IFA_FLAGS);
    }

    @Test
    void truncatedDatagramsAndAttributesAreSkippedNotTrusted() {
        ByteBuffer lying = ByteBuffer.allocate(20).order(ByteOrder.nativeOrder());
        lying.putInt(0, 400); // claims more than there is
        assertThat(NetlinkCodec.split(lying)).isEmpty();

        ByteBuffer payload = ByteBuffer.allocate(8 + 4).order(ByteOrder.nativeOrder());
        payload.put(0, (byte) Constants.AF_INET);
        payload.putShort(8, (short) 40); // attribute longer than the payload
        payload.putShort(10, (short) Constants.IFA_LOCAL);
        assertThat(NetlinkCodec.attributes(payload, 8)).isEmpty();
        assertThat(NetlinkCodec.parseAddress(payload)).isNull();
        assertThat(NetlinkCodec.parseAddress(ByteBuffer.allocate(3))).isNull();
        assertThat(NetlinkCodec.parseLink(ByteBuffer.allocate(10))).isNull();
    }

    @Test
    void dumpRequestIsHeaderPlusFamilyStruct() {
        byte[] links = NetlinkCodec.dumpRequest(Constants.RTM_GETLINK, Constants.AF_UNSPEC, 9);
        byte[] addresses = NetlinkCodec.dumpRequest(Constants.RTM_GETADDR, Constants.AF_INET6, 9);
        assertThat(links).hasSize(16 + 16);
        assertThat(addresses).hasSize(16 + 8);
        assertThat(addresses[16]).isEqualTo((byte) Constants.AF_INET6);
        assertThat(NetlinkCodec.split(wrap(links)).getFirst().flags())
                .isEqualTo(Constants.NLM_F_REQUEST | Constants.NLM_F_DUMP);
    }
}
