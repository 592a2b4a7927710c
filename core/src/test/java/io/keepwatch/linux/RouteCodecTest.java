package io.keepwatch.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Route and rule messages: what is sent decodes to itself, and a header that is no route or rule of ours is null. */
class RouteCodecTest {

    private static ByteBuffer payload(byte[] request) {
        ByteBuffer b = ByteBuffer.wrap(request).order(ByteOrder.nativeOrder());
        return b.slice(NetlinkCodec.HEADER, request.length - NetlinkCodec.HEADER).order(ByteOrder.nativeOrder());
    }

    private static RouteSpec route() throws Exception {
        return new RouteSpec(Constants.AF_INET, RouteSpec.RTN_UNICAST, 1000, RouteSpec.RTPROT_KEEPALIVED, 0, 0, 0,
                InetAddress.getByName("198.51.100.0"), 24, null, 0, InetAddress.getByName("192.0.2.1"),
                InetAddress.getByName("192.0.2.254"), 3, 7, Map.of(RouteSpec.RTAX_MTU, 1400));
    }

    private static RuleSpec rule() throws Exception {
        return new RuleSpec(Constants.AF_INET6, RuleSpec.FR_ACT_TO_TBL, 300, 100, 0, true,
                InetAddress.getByName("2001:db8::"), 32, null, 0, 5, 0xff, "eth0", null, -1, false,
                RouteSpec.RTPROT_KEEPALIVED, -1, 6, 80, 81, -1, -1, -1, -1);
    }

    @Test
    void aRouteRequestDecodesToTheRouteSent() throws Exception {
        assertThat(RouteCodec.parseRoute(payload(RouteCodec.routeRequest(RouteCodec.RTM_NEWROUTE, false, 1, route()))))
                .isEqualTo(route());
    }

    @Test
    void aRuleRequestDecodesToTheRuleSent() throws Exception {
        assertThat(RouteCodec.parseRule(payload(RouteCodec.ruleRequest(RouteCodec.RTM_NEWRULE, 1, rule()))))
                .isEqualTo(rule());
    }

    @Test
    void aShortHeaderIsNeitherRouteNorRule() {
        ByteBuffer shortPayload = ByteBuffer.allocate(RouteCodec.BODY - 1).order(ByteOrder.nativeOrder());
        shortPayload.put(0, (byte) Constants.AF_INET);
        assertThat(RouteCodec.parseRoute(shortPayload)).isNull();
        assertThat(RouteCodec.parseRule(shortPayload)).isNull();
    }

    @Test
    void anotherFamilyIsNeitherRouteNorRule() throws Exception {
        byte[] routeRequest = RouteCodec.routeRequest(RouteCodec.RTM_NEWROUTE, false, 1, route());
        byte[] ruleRequest = RouteCodec.ruleRequest(RouteCodec.RTM_NEWRULE, 1, rule());
        routeRequest[NetlinkCodec.HEADER] = 7; // AF_BRIDGE
        ruleRequest[NetlinkCodec.HEADER] = 7;
        assertThat(RouteCodec.parseRoute(payload(routeRequest))).isNull();
        assertThat(RouteCodec.parseRule(payload(ruleRequest))).isNull();
    }

    @Test
    void aPrefixLongerThanTheFamilyAllowsIsNoRouteAndNoRule() throws Exception {
        byte[] routeRequest = RouteCodec.routeRequest(RouteCodec.RTM_NEWROUTE, false, 1, route());
        byte[] ruleRequest = RouteCodec.ruleRequest(RouteCodec.RTM_NEWRULE, 1, rule());
        routeRequest[NetlinkCodec.HEADER + 1] = 33;
        ruleRequest[NetlinkCodec.HEADER + 2] = (byte) 129;
        assertThat(RouteCodec.parseRoute(payload(routeRequest))).isNull();
        assertThat(RouteCodec.parseRule(payload(ruleRequest))).isNull();
    }
}
