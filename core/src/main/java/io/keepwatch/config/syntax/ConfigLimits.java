package io.keepwatch.config.syntax;

/**
 * How much a configuration may make keepwatch read and expand, so that no file, include or
 * parameter can make loading it take unbounded memory or time (the daemon reads it at start and at
 * each reload). Each limit is far above what a real configuration uses (a thousand instances are
 * some 40,000 words), and together they keep loading within the daemon's heap beside what it
 * already runs, so a mistake in a reloaded file is refused instead of running the daemon out of
 * memory; going past one is an error at the place it happened, and the configuration is refused.
 *
 * <p>keepalived 2.2.7 has fixed buffers instead (lib/parser.c): a line is read 1023 characters at
 * a time ({@code MAXBUF}), the rest of a longer line as if it were another line; a substituted line
 * stops at the same length; {@code ~SEQ} stops at its parameter strings' size. It has no limit on
 * files, includes of includes, brace alternatives or nesting, and reads on until memory runs out.
 */
public final class ConfigLimits {
    private ConfigLimits() {}

    /** The longest line, in characters: keepalived's ({@code MAXBUF} less its NUL). */
    public static final int MAX_LINE_LENGTH = 1023;

    /** All files read for one configuration, includes counted each time they are read. */
    public static final int MAX_FILES = 1024;

    /** The octets of all files read for one configuration. */
    public static final int MAX_BYTES = 4 * 1024 * 1024;

    /** The alternatives one include pattern's braces may stand for, and the paths it may match. */
    public static final int MAX_INCLUDE_MATCHES = 4096;

    /**
     * The lines reading may produce after parameters, {@code ~SEQ} and {@code ~LST} expand (each
     * expansion counts as a line), and their characters together.
     */
    public static final int MAX_EXPANDED_LINES = 1 << 17;
    public static final long MAX_EXPANDED_CHARS = 4L * 1024 * 1024;
    /**
     * The words and braces of all lines together: what reading keeps until the configuration is
     * bound (about a hundred octets of heap each, its text apart).
     */
    public static final int MAX_TOKENS = 1 << 17;

    /** Blocks within blocks: keepalived's deepest (a url in a check in a real_server) is four. */
    public static final int MAX_BLOCK_DEPTH = 64;
}
