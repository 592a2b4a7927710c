package io.keepwatch.linux;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A policy routing rule as rtnetlink carries it (struct fib_rule_hdr and its FRA_* attributes): what
 * keepwatch asks the kernel to add or delete, and what the kernel reports. keepalived's
 * {@code virtual_rules} and {@code static_rules} lines become these. Absent numbers are -1, absent
 * addresses and names null.
 *
 * @param family               AF_INET or AF_INET6
 * @param action               FR_ACT_* (to table, goto, nop, blackhole, unreachable, prohibit)
 * @param table                the table of a FR_ACT_TO_TBL rule (FRA_TABLE above 255), 0 otherwise
 * @param priority             FRA_PRIORITY ({@code preference}), -1 for the kernel's choice
 * @param tos                  the TOS / DS field to match, 0 for any
 * @param invert               FIB_RULE_INVERT ({@code not})
 * @param source               FRA_SRC ({@code from}) with {@code sourceLength}, or null for any
 * @param sourceLength         its prefix length
 * @param destination          FRA_DST ({@code to}) with {@code destinationLength}, or null for any
 * @param destinationLength    its prefix length
 * @param fwmark               FRA_FWMARK, or -1
 * @param fwmask               FRA_FWMASK, or -1
 * @param iifName              FRA_IIFNAME ({@code iif}/{@code dev}), or null
 * @param oifName              FRA_OIFNAME ({@code oif}), or null
 * @param gotoTarget           FRA_GOTO of a FR_ACT_GOTO rule, or -1
 * @param l3mdev               FRA_L3MDEV: look up the table of the l3mdev device
 * @param protocol             FRA_PROTOCOL, or -1; keepalived marks its rules {@link RouteSpec#RTPROT_KEEPALIVED}
 * @param suppressPrefixLength FRA_SUPPRESS_PREFIXLEN, or -1
 * @param ipProto              FRA_IP_PROTO, or -1
 * @param sportLow             FRA_SPORT_RANGE start, or -1 (with {@code sportHigh})
 * @param sportHigh            FRA_SPORT_RANGE end
 * @param dportLow             FRA_DPORT_RANGE start, or -1 (with {@code dportHigh})
 * @param dportHigh            FRA_DPORT_RANGE end
 * @param uidLow               FRA_UID_RANGE start, or -1 (with {@code uidHigh})
 * @param uidHigh              FRA_UID_RANGE end
 */
public record RuleSpec(int family, int action, int table, long priority, int tos, boolean invert,
                       InetAddress source, int sourceLength, InetAddress destination, int destinationLength,
                       long fwmark, long fwmask, String iifName, String oifName, long gotoTarget, boolean l3mdev,
                       int protocol, int suppressPrefixLength, int ipProto, int sportLow, int sportHigh,
                       int dportLow, int dportHigh, long uidLow, long uidHigh) {
    public static final int FR_ACT_TO_TBL = 1;
    public static final int FR_ACT_GOTO = 2;
    public static final int FR_ACT_NOP = 3;
    public static final int FR_ACT_BLACKHOLE = 6;
    public static final int FR_ACT_UNREACHABLE = 7;
    public static final int FR_ACT_PROHIBIT = 8;

    public RuleSpec {
        if (family != Constants.AF_INET && family != Constants.AF_INET6) {
            throw new IllegalArgumentException("rule family " + family + " is neither AF_INET nor AF_INET6");
        }
    }

    /**
     * Whether {@code other} (as the kernel reports a rule) is this rule: what the kernel compares
     * when it deletes one (priority, table, selectors, action).
     */
    public boolean sameRule(RuleSpec other) {
        return family == other.family && action == other.action && table == other.table
                && (priority < 0 || priority == other.priority) && tos == other.tos && invert == other.invert
                && sourceLength == other.sourceLength && Objects.equals(source, other.source)
                && destinationLength == other.destinationLength && Objects.equals(destination, other.destination)
                && fwmark == other.fwmark && Objects.equals(iifName, other.iifName)
                && Objects.equals(oifName, other.oifName) && l3mdev == other.l3mdev
                && (protocol < 0 || other.protocol < 0 || protocol == other.protocol);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (priority >= 0) {
            s.append(priority).append(": ");
        }
        if (invert) {
            s.append("not ");
        }
        s.append("from ").append(source == null ? "all" : RouteSpec.text(source) + "/" + sourceLength);
        if (destination != null) {
            s.append(" to ").append(RouteSpec.text(destination)).append('/').append(destinationLength);
        }
        if (fwmark >= 0) {
            s.append(" fwmark 0x").append(Long.toHexString(fwmark));
        }
        if (iifName != null) {
            s.append(" iif ").append(iifName);
        }
        if (oifName != null) {
            s.append(" oif ").append(oifName);
        }
        s.append(switch (action) {
            case FR_ACT_TO_TBL -> l3mdev ? " lookup [l3mdev-table]" : " lookup " + table;
            case FR_ACT_GOTO -> " goto " + gotoTarget;
            case FR_ACT_NOP -> " nop";
            case FR_ACT_BLACKHOLE -> " blackhole";
            case FR_ACT_UNREACHABLE -> " unreachable";
            case FR_ACT_PROHIBIT -> " prohibit";
            default -> " action " + action;
        });
        return s.toString();
    }
}
