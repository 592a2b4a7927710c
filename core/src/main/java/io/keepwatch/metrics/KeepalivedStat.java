package io.keepwatch.metrics;

import io.keepwatch.vrrp.codec.RejectReason;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * keepalived's per-instance statistics (its {@code vrrp_stats}, what SIGUSR2 and SIGJSON print), as the
 * keepalived exporters read them, each taken from keepwatch's counters. The codec's reasons map the way
 * keepalived counts: {@code packet_len_err} covers both length checks, {@code invalid_authtype} an
 * unknown type, {@code authtype_mismatch} a different one.
 */
enum KeepalivedStat {
    ADVERT_RCVD("advertisements_received", "Advertisements received", InstanceCounters::advertsReceived),
    ADVERT_SENT("advertisements_sent", "Advertisements sent", InstanceCounters::advertsSent),
    BECOME_MASTER("become_master", "Became master", InstanceCounters::becameMaster),
    RELEASE_MASTER("release_master", "Released master", InstanceCounters::releasedMaster),
    PACKET_LEN_ERR("packet_length_errors", "Packet length errors",
            c -> c.rejected(RejectReason.LENGTH) + c.rejected(RejectReason.IP_TOTAL_LENGTH)),
    ADVERT_INTERVAL_ERR("advertisements_interval_errors", "Advertisement interval errors",
            c -> c.rejected(RejectReason.ADVERT_INTERVAL_MISMATCH)),
    IP_TTL_ERR("ip_ttl_errors", "TTL errors", c -> c.rejected(RejectReason.TTL)),
    INVALID_TYPE_RCVD("invalid_type_received", "Invalid type errors", c -> c.rejected(RejectReason.TYPE)),
    ADDR_LIST_ERR("address_list_errors", "Address list errors", InstanceCounters::addressListMismatch),
    INVALID_AUTHTYPE("authentication_invalid", "Authentication invalid",
            c -> c.rejected(RejectReason.AUTH_TYPE_UNKNOWN)),
    AUTHTYPE_MISMATCH("authentication_mismatch", "Authentication mismatch",
            c -> c.rejected(RejectReason.AUTH_TYPE_MISMATCH)),
    AUTH_FAILURE("authentication_failure", "Authentication failure", c -> c.rejected(RejectReason.AUTH_FAILURE)),
    PRI_ZERO_RCVD("priority_zero_received", "Priority zero received", InstanceCounters::priorityZeroReceived),
    PRI_ZERO_SENT("priority_zero_sent", "Priority zero sent", InstanceCounters::priorityZeroSent);

    private final String mehdyName;
    private final String help;
    private final ToLongFunction<InstanceCounters> value;

    KeepalivedStat(String mehdyName, String help, ToLongFunction<InstanceCounters> value) {
        this.mehdyName = mehdyName;
        this.help = help;
        this.value = value;
    }

    /** mehdy/keepalived-exporter's counter, without the {@code _total} the text format adds. */
    String mehdyName() {
        return "keepalived_" + mehdyName;
    }

    /** gen2brain/keepalived_exporter's name: keepalived's own field name after {@code keepalived_vrrp_}. */
    String gen2brainName() {
        return "keepalived_vrrp_" + name().toLowerCase(Locale.ROOT);
    }

    /** The help text both exporters give. */
    String help() {
        return help;
    }

    long of(InstanceCounters counters) {
        return value.applyAsLong(counters);
    }
}
