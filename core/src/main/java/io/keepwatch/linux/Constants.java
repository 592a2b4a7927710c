package io.keepwatch.linux;

/** Linux constants (uapi headers, identical on x86_64 and aarch64) used by this package. */
public final class Constants {
    private Constants() {}

    public static final int AF_UNSPEC = 0;
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int AF_NETLINK = 16;
    public static final int AF_PACKET = 17;

    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_NONBLOCK = 0x800;
    public static final int SOCK_CLOEXEC = 0x80000;

    /** shutdown(2): no more sending. */
    public static final int SHUT_WR = 1;

    public static final int SOL_SOCKET = 1;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_BINDTODEVICE = 25;
    public static final int SO_RCVBUFFORCE = 33;
    public static final int SO_ATTACH_FILTER = 26;
    public static final int SO_NETNS_COOKIE = 71;
    /** SO_TIMESTAMPNS (the "old" one, with a 64-bit timespec on LP64); also the control message's type. */
    public static final int SO_TIMESTAMPNS = 35;

    /** VRRP's IP protocol number (RFC 5798 section 5.1.1.4). */
    public static final int IPPROTO_VRRP = 112;
    /** IPsec Authentication Header (RFC 2402), keepalived's {@code auth_type AH}. */
    public static final int IPPROTO_AH = 51;
    public static final int IPPROTO_IP = 0;
    public static final int IPPROTO_IPV6 = 41;

    public static final int IP_TOS = 1;
    public static final int IP_TTL = 2;
    public static final int IP_HDRINCL = 3;
    public static final int IP_PKTINFO = 8;
    public static final int IP_MULTICAST_IF = 32;
    public static final int IP_MULTICAST_TTL = 33;
    public static final int IP_MULTICAST_LOOP = 34;
    public static final int IP_ADD_MEMBERSHIP = 35;
    public static final int IP_DROP_MEMBERSHIP = 36;
    public static final int IP_MULTICAST_ALL = 49;

    public static final int IPV6_CHECKSUM = 7;
    public static final int IPV6_UNICAST_HOPS = 16;
    public static final int IPV6_MULTICAST_IF = 17;
    public static final int IPV6_MULTICAST_HOPS = 18;
    public static final int IPV6_MULTICAST_LOOP = 19;
    public static final int IPV6_JOIN_GROUP = 20;
    public static final int IPV6_LEAVE_GROUP = 21;
    public static final int IPV6_MULTICAST_ALL = 29;
    public static final int IPV6_RECVPKTINFO = 49;
    public static final int IPV6_PKTINFO = 50;
    public static final int IPV6_RECVHOPLIMIT = 51;
    public static final int IPV6_TCLASS = 67;
    public static final int IPV6_HOPLIMIT = 52;

    public static final int MSG_TRUNC = 0x20;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_CTRUNC = 0x08;

    public static final short POLLIN = 0x001;
    public static final short POLLOUT = 0x004;
    public static final short POLLERR = 0x008;
    public static final short POLLHUP = 0x010;
    public static final short POLLNVAL = 0x020;

    public static final int EFD_NONBLOCK = 0x800;
    public static final int EFD_CLOEXEC = 0x80000;

    public static final int O_RDONLY = 0;
    public static final int O_CLOEXEC = 0x80000;
    public static final int O_RDWR = 2;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_NOFOLLOW = 0x20000;

    // inotify(7)
    public static final int IN_NONBLOCK = 0x800;
    public static final int IN_CLOSE_WRITE = 0x008;
    public static final int IN_MOVED_FROM = 0x040;
    public static final int IN_MOVED_TO = 0x080;
    public static final int IN_DELETE = 0x200;
    public static final int IN_Q_OVERFLOW = 0x4000;
    public static final int IN_IGNORED = 0x8000;
    public static final int IN_ISDIR = 0x40000000;
    public static final int CLONE_NEWNET = 0x40000000;

    public static final long SIOCGIFHWADDR = 0x8927;

    public static final int ETH_P_ALL = 0x0003;
    public static final int ETH_P_IP = 0x0800;
    public static final int ETH_P_ARP = 0x0806;
    public static final int ETH_P_IPV6 = 0x86DD;

    public static final int NETLINK_ROUTE = 0;
    /** The kernel connector; its process events (cn_proc) come from CN_IDX_PROC/CN_VAL_PROC. */
    public static final int NETLINK_CONNECTOR = 11;
    public static final int CN_IDX_PROC = 1;
    public static final int CN_VAL_PROC = 1;
    public static final int PROC_CN_MCAST_LISTEN = 1;
    public static final int PROC_EVENT_FORK = 0x1;
    public static final int PROC_EVENT_EXEC = 0x2;
    public static final int PROC_EVENT_COMM = 0x200;
    public static final int PROC_EVENT_EXIT = 0x80000000;
    public static final int RTMGRP_LINK = 0x1;
    public static final int RTMGRP_IPV4_IFADDR = 0x10;
    public static final int RTMGRP_IPV6_IFADDR = 0x100;

    public static final int NLMSG_NOOP = 1;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final int NLMSG_OVERRUN = 4;

    public static final int RTM_NEWLINK = 16;
    public static final int RTM_DELLINK = 17;
    public static final int RTM_GETLINK = 18;
    public static final int RTM_NEWADDR = 20;
    public static final int RTM_DELADDR = 21;
    public static final int RTM_GETADDR = 22;
    public static final int RTM_NEWNEIGH = 28;
    public static final int RTM_GETNEIGH = 30;

    /** struct ndmsg's attributes and the neighbour states a dump skips. */
    public static final int NDA_DST = 1;
    public static final int NDA_LLADDR = 2;
    public static final int NUD_INCOMPLETE = 0x01;
    public static final int NUD_FAILED = 0x20;

    public static final int NLM_F_REQUEST = 0x1;
    public static final int NLM_F_MULTI = 0x2;
    public static final int NLM_F_ACK = 0x4;
    public static final int NLM_F_DUMP = 0x300;
    public static final int NLM_F_EXCL = 0x200;
    public static final int NLM_F_CREATE = 0x400;
    public static final int NLM_F_REPLACE = 0x100;

    public static final int IFA_ADDRESS = 1;
    public static final int IFA_LOCAL = 2;
    public static final int IFA_LABEL = 3;
    public static final int IFA_BROADCAST = 4;
    public static final int IFA_FLAGS = 8;

    public static final int IFA_F_SECONDARY = 0x01;
    public static final int IFA_F_NODAD = 0x02;
    public static final int IFA_F_DADFAILED = 0x08;
    public static final int IFA_F_TENTATIVE = 0x40;
    public static final int IFA_F_PERMANENT = 0x80;

    public static final int IFLA_ADDRESS = 1;
    public static final int IFLA_IFNAME = 3;
    public static final int IFLA_LINK = 5;
    public static final int IFLA_LINKINFO = 18;
    public static final int IFLA_AF_SPEC = 26;
    /** Nested in IFLA_LINKINFO. */
    public static final int IFLA_INFO_KIND = 1;
    public static final int IFLA_INFO_DATA = 2;
    /** Nested in IFLA_INFO_DATA of a macvlan. */
    public static final int IFLA_MACVLAN_MODE = 1;
    /** Nested in IFLA_INFO_DATA of an ipvlan (u16 each). */
    public static final int IFLA_IPVLAN_MODE = 1;
    public static final int IFLA_IPVLAN_FLAGS = 2;
    public static final int IPVLAN_MODE_L2 = 0;
    public static final int MACVLAN_MODE_PRIVATE = 1;
    /** Nested in IFLA_AF_SPEC / AF_INET: the IPV4_DEVCONF_* values, one u32 each. */
    public static final int IFLA_INET_CONF = 1;
    /** Nested in IFLA_AF_SPEC / AF_INET6. */
    public static final int IFLA_INET6_ADDR_GEN_MODE = 8;
    public static final int IN6_ADDR_GEN_MODE_NONE = 1;

    /** net.ipv4.conf.IF.* as IFLA_INET_CONF numbers them (enum in linux/ip.h, from 1). */
    public static final int IPV4_DEVCONF_RP_FILTER = 8;
    public static final int IPV4_DEVCONF_ARPFILTER = 13;
    public static final int IPV4_DEVCONF_ARP_IGNORE = 19;
    public static final int IPV4_DEVCONF_PROMOTE_SECONDARIES = 20;
    public static final int IPV4_DEVCONF_ACCEPT_LOCAL = 23;

    public static final int IFF_UP = 0x1;
    public static final int IFF_RUNNING = 0x40;
    public static final int IFF_LOWER_UP = 0x10000;

    public static final int RT_SCOPE_UNIVERSE = 0;
    public static final int RT_SCOPE_SITE = 200;
    public static final int RT_SCOPE_LINK = 253;
    public static final int RT_SCOPE_HOST = 254;

    /** prctl(2): the calling thread's timer slack in nanoseconds. */
    public static final int PR_SET_TIMERSLACK = 29;

    /** prctl(2): the calling thread's name (its comm, 15 bytes at most). */
    public static final int PR_SET_NAME = 15;

    /** sched_setscheduler(2) policies; RESET_ON_FORK keeps threads made by a realtime thread out of its policy. */
    public static final int SCHED_OTHER = 0;
    public static final int SCHED_RR = 2;
    public static final int SCHED_RESET_ON_FORK = 0x40000000;
    /** setpriority(2): {@code who} is a thread (Linux schedules threads, not processes). */
    public static final int PRIO_PROCESS = 0;
    /** mlockall(2) flags; ONFAULT locks pages only once touched, so reserved but unused memory stays unlocked. */
    public static final int MCL_CURRENT = 1;
    public static final int MCL_FUTURE = 2;
    public static final int MCL_ONFAULT = 4;
    /** setrlimit(2): realtime CPU time without a blocking call, in microseconds. */
    public static final int RLIMIT_RTTIME = 15;

    /** kill(2) signals that end a script that overstays its timeout. */
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;
}
