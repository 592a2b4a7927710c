package io.keepwatch.config.bind;

/**
 * Reads a configuration's decimal seconds ({@code advert_int 0.25}, {@code vrrp_garp_interval 0.001})
 * to whole microseconds, keepalived's resolution, with exact decimal arithmetic on the digits. Every
 * configuration has an interval, and this runs before the first advert: java.math's classes would
 * first be initialised there, in the interpreter (see the start-up rule in io.keepwatch.runtime).
 */
final class DecimalSeconds {
    /** Digits after the point that microseconds keep. */
    static final int SCALE = 6;

    private DecimalSeconds() {}

    /**
     * {@code text}, digits with an optional point ({@code 12}, {@code 12.}, {@code 12.5}, {@code .5}),
     * in microseconds rounded half up; -1 when it is more than {@code maxSeconds}.
     */
    static long micros(String text, long maxSeconds) {
        int point = text.indexOf('.');
        String whole = point < 0 ? text : text.substring(0, point);
        String fraction = point < 0 ? "" : text.substring(point + 1);
        int first = 0;
        while (first < whole.length() && whole.charAt(first) == '0') {
            first++;
        }
        String significant = whole.substring(first);
        // more digits than a long holds are more than any maximum
        long seconds = significant.isEmpty() ? 0
                : significant.length() > 18 ? Long.MAX_VALUE : Long.parseLong(significant);
        if (seconds > maxSeconds || (seconds == maxSeconds && !allZeros(fraction))) {
            return -1;
        }
        long micros = 0;
        for (int i = 0; i < SCALE; i++) {
            micros = micros * 10 + (i < fraction.length() ? fraction.charAt(i) - '0' : 0);
        }
        if (fraction.length() > SCALE && fraction.charAt(SCALE) >= '5') {
            micros++;
        }
        return seconds * 1_000_000 + micros;
    }

    /** Whether {@code text} has more digits after the point than microseconds keep. */
    static boolean finerThanMicros(String text) {
        int point = text.indexOf('.');
        return point >= 0 && text.length() - point - 1 > SCALE;
    }

    private static boolean allZeros(String digits) {
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
