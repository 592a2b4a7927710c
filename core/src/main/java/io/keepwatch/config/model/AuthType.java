package io.keepwatch.config.model;

/** VRRPv2 authentication (RFC 3768 5.3.6; removed in VRRPv3). */
public enum AuthType { NONE, PASS, AH }
