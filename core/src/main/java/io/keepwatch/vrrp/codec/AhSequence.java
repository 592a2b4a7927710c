package io.keepwatch.vrrp.codec;

/**
 * keepalived's one AH sequence counter per instance, shared by what it sends and what it accepts:
 * an advert is accepted only with a sequence number above every one seen or sent before (replay
 * protection, RFC 2402 3.4.3), and each advert sent carries the next number. A backup thus carries
 * on from its master's numbers when it takes over, and the old master accepts them. Thread-safe: the
 * receiving thread and the sending thread share it.
 */
public final class AhSequence {
    private long last;

    /** The number for the next advert sent (keepalived starts at 1 and never wraps in practice). */
    public synchronized long next() {
        last = (last + 1) & 0xFFFF_FFFFL;
        return last;
    }

    /** Whether a received advert with {@code sequence} is new; if so it becomes the last one seen. */
    public synchronized boolean accept(long sequence) {
        if (sequence <= last) {
            return false;
        }
        last = sequence;
        return true;
    }

    /** The last number seen or sent. */
    public synchronized long last() {
        return last;
    }
}
