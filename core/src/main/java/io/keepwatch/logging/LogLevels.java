package io.keepwatch.logging;

import java.util.Locale;
import java.util.Map;
import org.slf4j.event.Level;

/**
 * The level of each logger, from system properties over keepwatch's defaults:
 * {@code org.slf4j.simpleLogger.defaultLogLevel} and, per logger or package,
 * {@code org.slf4j.simpleLogger.log.NAME} (the nearest enclosing name applies). The keys are
 * slf4j-simple's, keepwatch's earlier backend, so settings written for it keep working.
 */
final class LogLevels {

    static final String DEFAULT_KEY = "org.slf4j.simpleLogger.defaultLogLevel";
    static final String LOGGER_PREFIX = "org.slf4j.simpleLogger.log.";

    /** Above every level: nothing is logged. */
    static final int OFF = Integer.MAX_VALUE;

    /**
     * The defaults. Kept in code rather than in a file on the class path: looking a resource up walks
     * the runtime's module image before the class path, at the daemon's first log line.
     */
    private static final Map<String, String> DEFAULTS = Map.of(
            DEFAULT_KEY, "info",
            // PF4J reports every plugin it looks at, and its failures in its own words with stack traces;
            // keepwatch records every outcome and reason itself (see KeepwatchPluginManager and PluginHost).
            LOGGER_PREFIX + "org.pf4j", "off");

    /** The lowest level {@code logger} logs, as {@link Level#toInt()}; {@link #OFF} for none. */
    int threshold(String logger) {
        String name = logger;
        while (true) {
            String value = setting(LOGGER_PREFIX + name);
            if (value != null) {
                return parse(value);
            }
            int dot = name.lastIndexOf('.');
            if (dot < 0) {
                break;
            }
            name = name.substring(0, dot);
        }
        String fallback = setting(DEFAULT_KEY);
        return fallback != null ? parse(fallback) : Level.INFO.toInt();
    }

    private String setting(String key) {
        String value = System.getProperty(key);
        return value != null ? value : DEFAULTS.get(key);
    }

    private static int parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "trace" -> Level.TRACE.toInt();
            case "debug" -> Level.DEBUG.toInt();
            case "warn" -> Level.WARN.toInt();
            case "error" -> Level.ERROR.toInt();
            case "off" -> OFF;
            default -> Level.INFO.toInt();
        };
    }
}
