package io.keepwatch.config.syntax;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A line that starts with a sequence block {@code ~SEQ(VAR, START, STEP, END)} ({@code ~SEQx} for
 * hexadecimal values) or a list block {@code ~LST(VAR, V1, V2, ...)} / {@code ~LST({A, B}, {1, 2},
 * ...)}: the rest of the line is read once per value, with the variables defined as parameters
 * (keepalived.conf(5), "Sequence blocks", "List blocks"). The rest may itself start with a block:
 * blocks nest, the last one varying fastest.
 *
 * @param bindings the variables' values for each reading, in order
 * @param text the rest of the line, read once per binding
 */
record Repetition(List<Map<String, String>> bindings, String text) {
    /** More values than any VRRP configuration could use (255 VRIDs a LAN) is a typing error. */
    static final int MAX_VALUES = 65536;

    /** A block that keepalived refuses: the message to report at its line. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    static boolean startsOne(String line) {
        return line.startsWith("~SEQ") || line.startsWith("~LST");
    }

    /**
     * Reads the block that starts {@code line}. The numbers of a {@code ~SEQ} may be parameters, so
     * its arguments go through {@code substitute} first; the values of a {@code ~LST} are taken as
     * written (they are substituted where the variable is used).
     */
    static Repetition parse(String line, Function<String, Parameters.Substituted> substitute) throws Invalid {
        return line.startsWith("~SEQ") ? sequence(line, substitute) : list(line);
    }

    // ~SEQ[x](VAR, [START,] [STEP,] END): the forms and defaults of keepalived's add_seq()
    private static Repetition sequence(String line, Function<String, Parameters.Substituted> substitute)
            throws Invalid {
        Cursor c = new Cursor(line, 4);
        boolean hex = c.take('x');
        c.blanks();
        if (!c.take('(')) throw new Invalid("Invalid ~SEQ specification '" + line + "'");
        c.blanks();
        int varStart = c.pos;
        c.until(" \t,)");
        String var = line.substring(varStart, c.pos);
        c.blanks();
        if (c.atEnd() || c.peek() == ')' || var.isEmpty()) throw new Invalid("Invalid ~SEQ definition '" + line + "'");
        c.pos++; // the comma after the variable
        c.blanks();
        int close = line.indexOf(')', c.pos);
        if (close < 0) throw new Invalid("Invalid ~SEQ definition '" + line + "'");
        Parameters.Substituted numbers = substitute.apply(line.substring(c.pos, close + 1));
        if (!numbers.following().isEmpty()) {
            throw new Invalid("~SEQ parameter is multiline definition '" + line + "'");
        }
        List<Long> values = new ArrayList<>(3);
        Cursor n = new Cursor(numbers.text(), 0);
        while (true) {
            values.add(n.number());
            n.blanks();
            if (n.take(')')) break;
            if (values.size() == 3 || !n.take(',')) throw new Invalid("Invalid ~SEQ definition '" + line + "'");
        }
        long start, step, end;
        switch (values.size()) {
            case 1 -> {
                end = values.getFirst();
                step = end < 1 ? -1 : 1;
                start = end < 0 ? -1 : 1;
            }
            case 2 -> {
                start = values.get(0);
                end = values.get(1);
                step = start <= end ? 1 : -1;
            }
            default -> {
                start = values.get(0);
                step = values.get(1);
                end = values.get(2);
                if (step == 0 || start < end && step < 0 || start > end && step > 0) {
                    throw new Invalid("Invalid ~SEQ values '" + line + "'");
                }
            }
        }
        if (hex && (start < 0 || end < 0)) throw new Invalid("~SEQx is only valid for positive numbers '" + line + "'");
        List<Map<String, String>> bindings = new ArrayList<>();
        // the first value is always read, then each next one until it passes END
        for (long v = start; bindings.isEmpty() || (step > 0 ? v <= end : v >= end); v += step) {
            if (bindings.size() == MAX_VALUES) {
                throw new Invalid("~SEQ reads its line more than " + MAX_VALUES + " times '" + line + "'");
            }
            bindings.add(Map.of(var, hex ? Long.toHexString(v) : Long.toString(v)));
        }
        return new Repetition(bindings, Cursor.afterBlanks(line, close + 1));
    }

    // ~LST(VAR, V1, ...) or ~LST({VAR1, VAR2}, {V1, V2}, ...): the grammar of keepalived's add_lst()
    private static Repetition list(String line) throws Invalid {
        Invalid invalid = new Invalid("Invalid ~LST specification '" + line + "'");
        Cursor c = new Cursor(line, 4);
        c.blanks();
        if (!c.take('(')) throw invalid;
        c.blanks();
        char endChar = c.take('{') ? '}' : ',';
        c.blanks();
        List<String> vars = new ArrayList<>();
        while (true) {
            int start = c.pos;
            c.until(" \t,}");
            vars.add(line.substring(start, c.pos));
            c.blanks();
            if (!c.atEnd() && c.peek() == endChar) break;
            if (!c.take(',')) throw invalid;
            c.blanks();
        }
        if (c.take('}')) c.blanks();
        if (!c.take(',')) throw invalid;
        c.blanks();
        List<Map<String, String>> bindings = new ArrayList<>();
        while (true) {
            char setEnd = c.take('{') ? '}' : ',';
            c.blanks();
            List<String> set = new ArrayList<>();
            while (true) {
                int start = c.pos;
                c.until(" \t,})");
                set.add(line.substring(start, c.pos));
                c.blanks();
                if (!c.atEnd() && (c.peek() == setEnd || c.peek() == ')' && setEnd == ',')) break;
                if (!c.take(',')) throw invalid;
                c.blanks();
                if (set.size() >= vars.size()) {
                    throw new Invalid("~LST specification has too many values '" + line + "'");
                }
            }
            Map<String, String> binding = new LinkedHashMap<>();
            for (int i = 0; i < vars.size(); i++) binding.put(vars.get(i), i < set.size() ? set.get(i) : "");
            bindings.add(binding);
            if (setEnd == '}' && c.take('}')) c.blanks();
            if (c.take(')')) break;
            if (!c.take(',')) throw invalid;
            c.blanks();
        }
        return new Repetition(bindings, Cursor.afterBlanks(line, c.pos));
    }

    /** A position in a line, with the few moves the two grammars need. */
    private static final class Cursor {
        final String s;
        int pos;

        Cursor(String s, int pos) {
            this.s = s;
            this.pos = pos;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        char peek() {
            return s.charAt(pos);
        }

        boolean take(char ch) {
            if (!atEnd() && s.charAt(pos) == ch) {
                pos++;
                return true;
            }
            return false;
        }

        void blanks() {
            while (!atEnd() && (peek() == ' ' || peek() == '\t')) pos++;
        }

        void until(String stops) {
            while (!atEnd() && stops.indexOf(peek()) < 0) pos++;
        }

        /** strtol(3) with base 0: blanks, a sign, then 0x hex, 0 octal or decimal; no digits is 0. */
        long number() {
            int save = pos;
            while (!atEnd() && Character.isWhitespace(peek())) pos++;
            boolean negative = false;
            if (!atEnd() && (peek() == '+' || peek() == '-')) negative = s.charAt(pos++) == '-';
            int radix = 10;
            if (s.startsWith("0x", pos) || s.startsWith("0X", pos)) {
                if (pos + 2 < s.length() && Character.digit(s.charAt(pos + 2), 16) >= 0) {
                    radix = 16;
                    pos += 2;
                }
            } else if (!atEnd() && peek() == '0') {
                radix = 8;
            }
            int digits = pos;
            long value = 0;
            while (!atEnd() && Character.digit(peek(), radix) >= 0) {
                value = value * radix + Character.digit(peek(), radix);
                pos++;
            }
            if (pos == digits) {
                pos = save; // no number: strtol leaves the pointer where it was
                return 0;
            }
            return negative ? -value : value;
        }

        static String afterBlanks(String s, int from) {
            Cursor c = new Cursor(s, from);
            c.blanks();
            return s.substring(c.pos);
        }
    }
}
