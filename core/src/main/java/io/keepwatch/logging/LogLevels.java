package io.keepwatch.logging;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;
import org.slf4j.event.Level;

/**
 * The level of each logger, from {@code simplelogger.properties} on the class path, system properties
 * winning: {@code org.slf4j.simpleLogger.defaultLogLevel} and, per logger or package,
 * {@code org.slf4j.simpleLogger.log.NAME} (the nearest enclosing name applies). The keys are
 * slf4j-simple's, keepwatch's earlier backend, so settings written for it keep working.
 */
final class LogLevels {

    static final String DEFAULT_KEY = "org.slf4j.simpleLogger.defaultLogLevel";
    static final String LOGGER_PREFIX = "org.slf4j.simpleLogger.log.";

    /** Above every level: nothing is logged. */
    static final int OFF = Integer.MAX_VALUE;

    private final Properties file = new Properties();

    LogLevels() {
        try (InputStream in = LogLevels.class.getClassLoader().getResourceAsStream("simplelogger.properties")) {
            if (in != null) {
                file.load(in);
            }
        } catch (IOException e) {
            // no file settings: the defaults and system properties still apply
        }
    }

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
        return value != null ? value : file.getProperty(key);
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
