package io.keepwatch.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The link requests a VMAC needs, checked byte by byte against the layout rtnetlink(7) and if_link.h give. */
class MacvlanCodecTest {

    private static final byte[] MAC = {0x00, 0x00, 0x5e, 0x00, 0x01, 0x2a};

    private static NetlinkCodec.Message only(byte[] request) {
        List<NetlinkCodec.Message> messages = NetlinkCodec.split(ByteBuffer.wrap(request).order(ByteOrder.nativeOrder()));
        assertThat(messages).hasSize(1);
        return messages.getFirst();
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static String text(ByteBuffer b) {
        return new String(bytes(b), StandardCharsets.US_ASCII);
    }

    @Test
    void newMacvlanNamesKindModeParentAndMac() {
        NetlinkCodec.Message m = only(NetlinkCodec.newMacvlan(9, "vrrp.42", 3, MAC, Constants.MACVLAN_MODE_PRIVATE));
        assertThat(m.type()).isEqualTo(Constants.RTM_NEWLINK);
        assertThat(m.flags()).isEqualTo(Constants.NLM_F_REQUEST | Constants.NLM_F_ACK | Constants.NLM_F_CREATE
                | Constants.NLM_F_EXCL);
        assertThat(m.seq()).isEqualTo(9);
        assertThat(m.payload().get(0)).isEqualTo((byte) Constants.AF_UNSPEC);
        assertThat(m.payload().getInt(4)).as("ifi_index of a new link").isZero();

        Map<Integer, ByteBuffer> attrs = NetlinkCodec.attributes(m.payload(), NetlinkCodec.IFINFOMSG);
        assertThat(text(attrs.get(Constants.IFLA_IFNAME))).isEqualTo("vrrp.42\0");
        assertThat(attrs.get(Constants.IFLA_LINK).getInt(0)).isEqualTo(3);
        assertThat(bytes(attrs.get(Constants.IFLA_ADDRESS))).containsExactly(MAC);
        Map<Integer, ByteBuffer> info = NetlinkCodec.attributes(attrs.get(Constants.IFLA_LINKINFO), 0);
        assertThat(text(info.get(Constants.IFLA_INFO_KIND))).isEqualTo("macvlan\0");
        Map<Integer, ByteBuffer> data = NetlinkCodec.attributes(info.get(Constants.IFLA_INFO_DATA), 0);
        assertThat(data.get(Constants.IFLA_MACVLAN_MODE).remaining()).isEqualTo(4);
        assertThat(data.get(Constants.IFLA_MACVLAN_MODE).getInt(0)).isEqualTo(Constants.MACVLAN_MODE_PRIVATE);

        // the whole message is 4-byte aligned and its length field matches
        byte[] raw = NetlinkCodec.newMacvlan(9, "vrrp.42", 3, MAC, Constants.MACVLAN_MODE_PRIVATE);
        assertThat(raw.length % 4).isZero();
        assertThat(ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder()).getInt(0)).isEqualTo(raw.length);
    }

    @Test
    void updateCarriesTheIndexAndNoName() {
        NetlinkCodec.Message m = only(NetlinkCodec.updateMacvlan(4, 17, MAC, Constants.MACVLAN_MODE_PRIVATE));
        assertThat(m.flags() & (Constants.NLM_F_CREATE | Constants.NLM_F_EXCL)).isZero();
        assertThat(m.payload().getInt(4)).isEqualTo(17);
        Map<Integer, ByteBuffer> attrs = NetlinkCodec.attributes(m.payload(), NetlinkCodec.IFINFOMSG);
        assertThat(attrs).containsOnlyKeys(Constants.IFLA_LINKINFO, Constants.IFLA_ADDRESS);
    }

    @Test
    void deleteUpAndSettings() {
        NetlinkCodec.Message del = only(NetlinkCodec.deleteLink(1, 17));
        assertThat(del.type()).isEqualTo(Constants.RTM_DELLINK);
        assertThat(del.payload().getInt(4)).isEqualTo(17);

        NetlinkCodec.Message up = only(NetlinkCodec.linkUp(2, 17));
        assertThat(up.payload().getInt(8)).as("ifi_flags").isEqualTo(Constants.IFF_UP);
        assertThat(up.payload().getInt(12)).as("ifi_change").isEqualTo(Constants.IFF_UP);

        NetlinkCodec.Message conf = only(NetlinkCodec.inetConf(3, 17, Map.of(Constants.IPV4_DEVCONF_ARP_IGNORE, 1)));
        ByteBuffer spec = NetlinkCodec.attributes(conf.payload(), NetlinkCodec.IFINFOMSG).get(Constants.IFLA_AF_SPEC);
        ByteBuffer inet = NetlinkCodec.attributes(spec, 0).get(Constants.AF_INET);
        ByteBuffer values = NetlinkCodec.attributes(inet, 0).get(Constants.IFLA_INET_CONF);
        ByteBuffer arpIgnore = NetlinkCodec.attributes(values, 0).get(Constants.IPV4_DEVCONF_ARP_IGNORE);
        assertThat(arpIgnore.getInt(0)).isEqualTo(1);

        NetlinkCodec.Message gen = only(NetlinkCodec.addrGenMode(4, 17, Constants.IN6_ADDR_GEN_MODE_NONE));
        ByteBuffer spec6 = NetlinkCodec.attributes(gen.payload(), NetlinkCodec.IFINFOMSG).get(Constants.IFLA_AF_SPEC);
        ByteBuffer inet6 = NetlinkCodec.attributes(spec6, 0).get(Constants.AF_INET6);
        ByteBuffer mode = NetlinkCodec.attributes(inet6, 0).get(Constants.IFLA_INET6_ADDR_GEN_MODE);
        assertThat(bytes(mode)).containsExactly(Constants.IN6_ADDR_GEN_MODE_NONE);
    }
}
