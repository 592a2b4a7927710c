package io.keepwatch.runtime;

import io.keepwatch.linux.Libc;
import io.keepwatch.linux.NativeException;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns POSIX signals into daemon requests. The JVM runs signal handlers on a thread of its own;
 * the handler here only hands the request over (it never touches engine state), so a signal that
 * arrives at a bad time, say a SIGHUP in the middle of a reload, is simply queued behind it.
 *
 * <p>keepalived's meanings are kept: TERM and INT stop, HUP reloads, USR1 dumps state, USR2 dumps
 * statistics.
 */
public final class SignalRelay {

    private static final Logger LOG = LoggerFactory.getLogger(SignalRelay.class);

    /** What the operator asked for by signal. */
    public enum Request { STOP, RELOAD, DUMP_STATE, DUMP_STATS }

    private static final Map<String, Request> MEANING = Map.of(
            "TERM", Request.STOP,
            "INT", Request.STOP,
            "HUP", Request.RELOAD,
            "USR1", Request.DUMP_STATE,
            "USR2", Request.DUMP_STATS);

    private SignalRelay() {}

    /**
     * A signal the parent left ignored (nohup ignores SIGHUP; some supervisors do the same) would
     * stay ignored: the JVM does not install a handler over SIG_IGN for HUP, INT and TERM. A daemon
     * whose reload is SIGHUP must not lose it silently, and keepalived handles it whatever it
     * inherited, so the disposition goes back to the default just before the handler is installed.
     */
    private static void heedIgnored(Signal signal) {
        try {
            if (Libc.signalIgnored(signal.getNumber())) {
                Libc.defaultSignal(signal.getNumber());
                LOG.info("SIG{} was ignored by the parent process; keepwatch handles it", signal.getName());
            }
        } catch (NativeException e) {
            LOG.warn("{}", e.getMessage());
        }
    }

    /** Installs handlers that pass each request to {@code sink}. */
    public static void install(Consumer<Request> sink) {
        MEANING.forEach((name, request) -> {
            try {
                Signal signal = new Signal(name);
                heedIgnored(signal);
                Signal.handle(signal, s -> {
                    // the request first: a SIGTERM's priority-0 adverts should not wait for a log line
                    sink.accept(request);
                    LOG.info("SIG{} received: {}", name, request.name().toLowerCase().replace('_', ' '));
                });
            } catch (IllegalArgumentException e) {
                // The JVM reserves some signals (e.g. with -Xrs); say so rather than fail to start.
                LOG.warn("cannot handle SIG{}: {}", name, e.getMessage());
            }
        });
    }
}
