package io.keepwatch.plugins;

import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * The logger keepwatch hands a plugin: every line starts with {@code plugin ID VERSION: }, whatever
 * the back end shows of the logger's name (the daemon's shows only its last segment). Levels and
 * names are the delegate's, so {@code io.keepwatch.plugin.ID} still configures one plugin's lines.
 */
final class PluginLogger extends AbstractLogger {

    private static final long serialVersionUID = 1L;

    private final transient Logger delegate;
    private final String prefix;

    PluginLogger(Logger delegate, String label) {
        this.delegate = delegate;
        this.name = delegate.getName();
        this.prefix = label + ": ";
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                               Throwable throwable) {
        String text = prefix + MessageFormatter.basicArrayFormat(pattern, arguments);
        switch (level) {
            case ERROR -> delegate.error(marker, text, throwable);
            case WARN -> delegate.warn(marker, text, throwable);
            case INFO -> delegate.info(marker, text, throwable);
            case DEBUG -> delegate.debug(marker, text, throwable);
            case TRACE -> delegate.trace(marker, text, throwable);
        }
    }

    @Override
    public boolean isTraceEnabled() {
        return delegate.isTraceEnabled();
    }

    @Override
    public boolean isTraceEnabled(Marker marker) {
        return delegate.isTraceEnabled(marker);
    }

    @Override
    public boolean isDebugEnabled() {
        return delegate.isDebugEnabled();
    }

    @Override
    public boolean isDebugEnabled(Marker marker) {
        return delegate.isDebugEnabled(marker);
    }

    @Override
    public boolean isInfoEnabled() {
        return delegate.isInfoEnabled();
    }

    @Override
    public boolean isInfoEnabled(Marker marker) {
        return delegate.isInfoEnabled(marker);
    }

    @Override
    public boolean isWarnEnabled() {
        return delegate.isWarnEnabled();
    }

    @Override
    public boolean isWarnEnabled(Marker marker) {
        return delegate.isWarnEnabled(marker);
    }

    @Override
    public boolean isErrorEnabled() {
        return delegate.isErrorEnabled();
    }

    @Override
    public boolean isErrorEnabled(Marker marker) {
        return delegate.isErrorEnabled(marker);
    }
}
