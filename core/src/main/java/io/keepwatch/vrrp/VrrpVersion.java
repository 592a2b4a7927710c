package io.keepwatch.vrrp;

/** The protocol version of an instance: VRRPv2 (RFC 3768) or VRRPv3 (RFC 5798 / RFC 9568). */
public enum VrrpVersion {
    V2,
    V3
}
