package io.keepwatch.logging;

import java.io.PrintStream;
import java.time.Instant;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** A logger that writes each event whole to standard error, as {@link LineFormat} renders it. */
final class LineLogger extends LegacyAbstractLogger {

    private static final long serialVersionUID = 1L;

    private final int threshold;
    private final transient LineFormat format;

    LineLogger(String name, int threshold, LineFormat format) {
        this.name = name;
        this.threshold = threshold;
        this.format = format;
    }

    private boolean enabled(Level level) {
        return level.toInt() >= threshold;
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                               Throwable thrown) {
        String message = arguments == null || arguments.length == 0
                ? String.valueOf(pattern)
                : MessageFormatter.basicArrayFormat(pattern, arguments);
        String text = format.format(Instant.now(), level, name, message, thrown);
        // System.err as it is now (tests may replace it); one write, so that lines never interleave
        PrintStream err = System.err;
        synchronized (err) {
            err.print(text);
            err.flush();
        }
    }
}
