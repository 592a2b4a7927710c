package io.keepwatch.vrrp;

import java.net.InetAddress;
import java.util.List;

/** Shared values for the engine's unit tests: literal addresses, a start time, short constructors. */
final class Fixtures {

    /** An arbitrary, non-zero origin so that tests do not depend on time 0. */
    static final long T0 = 1_000_000_000L;
    static final long SECOND = 1_000_000_000L;
    static final long MICRO = 1_000L;

    static final InetAddress OURS = ip("10.0.0.5");
    static final InetAddress LOWER_PEER = ip("10.0.0.2");
    static final InetAddress HIGHER_PEER = ip("10.0.0.200");
    static final VirtualAddress VIP = new VirtualAddress(ip("10.0.0.100"), 24);
    static final VirtualAddress EXCLUDED = new VirtualAddress(ip("192.168.50.1"), 32);
    static final List<VirtualAddress> ALL_VIPS = List.of(VIP, EXCLUDED);

    /** v2, priority 100: Skew 609375 us, MDI 3609375 us. */
    static final long SKEW_100 = 609_375 * MICRO;
    static final long MDI_100 = 3_609_375 * MICRO;

    private Fixtures() {
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.ofLiteral(literal);
        } catch (IllegalArgumentException e) {
            throw new AssertionError(e);
        }
    }

    static InstanceSpec.Builder spec() {
        return InstanceSpec.builder("VI_1", 51, OURS).vips(List.of(VIP)).excludedVips(List.of(EXCLUDED));
    }

    static VrrpEvent.AdvertReceived advert(InetAddress from, int priority) {
        return new VrrpEvent.AdvertReceived(from, priority, 100, false);
    }

    static VrrpEvent.AdvertReceived advert(InetAddress from, int priority, int intervalCentis) {
        return new VrrpEvent.AdvertReceived(from, priority, intervalCentis, false);
    }

    /** An instance started at T0 (in BACKUP unless the spec says otherwise). */
    static VrrpInstance started(InstanceSpec spec) {
        VrrpInstance instance = new VrrpInstance(spec);
        instance.onEvent(VrrpEvent.START, T0);
        return instance;
    }

    /** An instance that became MASTER by its down timer at T0 + MDI. */
    static VrrpInstance master(InstanceSpec spec) {
        VrrpInstance instance = started(spec);
        long at = instance.nextDeadline().orElseThrow();
        instance.onEvent(VrrpEvent.TICK, at);
        if (instance.state() != VrrpState.MASTER) {
            throw new AssertionError("expected MASTER, got " + instance);
        }
        return instance;
    }

}
