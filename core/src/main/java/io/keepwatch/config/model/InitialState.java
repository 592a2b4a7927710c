package io.keepwatch.config.model;

/** The state an instance starts in ({@code state}); RFC 9568 6.4.1 lets only the owner start as master. */
public enum InitialState { MASTER, BACKUP }
