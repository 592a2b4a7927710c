package io.keepwatch.config.syntax;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The parameters of one read ({@code $NAME=VALUE}) and their substitution, with keepalived's rules
 * (keepalived.conf(5), "TOP HIERACHY"):
 *
 * <ul>
 *   <li>{@code $NAME} is replaced only when followed by a blank, {@code ,}, {@code )} or the end of
 *       the line; {@code ${NAME}} anywhere. An undefined name stays as written.</li>
 *   <li>The value is substituted when it is used, not when it is defined, and the text put in is
 *       scanned again from where it starts, so a value may name other parameters.</li>
 *   <li>A multi-line parameter (defined with lines ending in {@code \}) is replaced only where its
 *       name ends the line: its first line takes the name's place and its other lines follow as lines
 *       of their own.</li>
 *   <li>Predefined: {@code _PWD} (the directory of the file being read), {@code _INSTANCE} (the config
 *       id), {@code ${_RANDOM [MIN [MAX]]}} (0..32767 unless given), {@code _HASH} ({@code #}) and
 *       {@code _BANG} ({@code !}); a file may redefine them.</li>
 * </ul>
 */
final class Parameters {
    /** keepalived reads a line into 1024 bytes: a substitution that would outgrow them is not made. */
    static final int MAX_LINE = 1024;
    private static final int RANDOM_MAX = 32767;

    /**
     * A parameter's value; the lines of a multi-line parameter are separated by {@code \n}. A
     * computed value ({@code _PWD}, ...) has a supplier instead.
     */
    private record Definition(String value, boolean multiline, Supplier<String> computed, boolean takesNumbers) {
        String firstLine() {
            if (computed != null) return computed.get();
            int end = value.indexOf('\n');
            return end < 0 ? value : value.substring(0, end);
        }

        List<String> followingLines() {
            int end = value.indexOf('\n');
            return end < 0 ? List.of() : List.of(value.substring(end + 1).split("\n", -1));
        }
    }

    /**
     * A line after substitution.
     *
     * @param text the line
     * @param following the other lines of a multi-line parameter the line ended with, to be read next
     * @param changed whether anything was replaced
     * @param overflow whether substitution stopped because the line would outgrow {@link #MAX_LINE}
     *                 characters, or took more than {@link #MAX_LINE} replacements (a value that
     *                 names itself, which keepalived would replace for ever)
     */
    record Substituted(String text, List<String> following, boolean changed, boolean overflow) {}

    private final Map<String, Definition> definitions = new LinkedHashMap<>();
    private final Random random;
    private String directory = "";
    private boolean randomUsed;

    Parameters(String configId, Random random) {
        this.random = random;
        definitions.put("_PWD", computed(() -> directory, false));
        definitions.put("_INSTANCE", computed(() -> configId, false));
        definitions.put("_RANDOM", computed(null, true));
        definitions.put("_HASH", new Definition("#", false, null, false));
        definitions.put("_BANG", new Definition("!", false, null, false));
    }

    private static Definition computed(Supplier<String> value, boolean takesNumbers) {
        return new Definition("", false, value, takesNumbers);
    }

    /** The directory {@code ${_PWD}} names from now on (that of the file being read). */
    void directory(String directory) {
        this.directory = directory;
    }

    /**
     * Defines (or redefines) a parameter; a multi-line one holds its lines separated by {@code \n}
     * and is replaced only where its name ends a line.
     */
    void define(String name, String value, boolean multiline) {
        definitions.put(name, new Definition(value, multiline, null, false));
    }

    /** Whether a line used {@code ${_RANDOM}} (whose values then depend on the seed). */
    boolean randomUsed() {
        return randomUsed;
    }

    /** Whether the line may hold a parameter to replace (keepalived skips lines without {@code $}). */
    static boolean mayReference(String line) {
        return line.indexOf('$') >= 0;
    }

    /**
     * One pass of keepalived's replacement over {@code line}: every reference is replaced, left to
     * right, and what replaced it is scanned again; the pass stops after a value that starts with
     * {@code ~} (a sequence the caller must now expand).
     */
    Substituted substitute(String line) {
        StringBuilder buf = new StringBuilder(line);
        List<String> following = List.of();
        boolean changed = false;
        int at = 0;
        int replacements = 0;
        while ((at = buf.indexOf("$", at)) >= 0 && at + 1 < buf.length()) {
            Reference ref = reference(buf, at);
            if (ref == null) {
                at++;
                continue;
            }
            Definition def = ref.definition;
            String value;
            if (def.takesNumbers) {
                randomUsed = true;
                value = randomValue(ref.numbers);
            } else {
                value = def.firstLine();
            }
            if (buf.length() + value.length() - (ref.end - at) >= MAX_LINE || ++replacements > MAX_LINE) {
                return new Substituted(buf.toString(), following, changed, true);
            }
            buf.replace(at, ref.end, value);
            changed = true;
            if (def.multiline) {
                // a second multi-line parameter at the end of this one's first line comes first
                List<String> rest = def.followingLines();
                following = following.isEmpty() ? rest : concat(rest, following);
            }
            if (value.stripLeading().startsWith("~")) break;
        }
        return new Substituted(buf.toString(), following, changed, false);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    private record Reference(Definition definition, int end, String numbers) {}

    /** The definition referred to at {@code at} (a {@code $}) and where the reference ends, or null. */
    private Reference reference(CharSequence buf, int at) {
        int p = at + 1;
        boolean braces = buf.charAt(p) == '{';
        if (braces) p++;
        int nameStart = p;
        if (p >= buf.length() || !(isAsciiLetter(buf.charAt(p)) || buf.charAt(p) == '_')) return null;
        while (p < buf.length() && (isAsciiLetterOrDigit(buf.charAt(p)) || buf.charAt(p) == '_')) p++;
        String name = buf.subSequence(nameStart, p).toString();
        int nameEnd = p;
        String numbers = null;
        if (braces) {
            // ${_RANDOM 1 10}: blanks and digits before the brace, not ending in a blank
            int firstDigit = -1, lastDigit = -1;
            while (p < buf.length() && (buf.charAt(p) == ' ' || isAsciiDigit(buf.charAt(p)))) {
                if (buf.charAt(p) != ' ') {
                    if (firstDigit < 0) firstDigit = p;
                    lastDigit = p;
                }
                p++;
            }
            if (firstDigit >= 0 && lastDigit + 1 != p) return null;
            if (p >= buf.length() || buf.charAt(p) != '}') return null;
            if (firstDigit >= 0) numbers = buf.subSequence(firstDigit, lastDigit + 1).toString();
        } else if (p < buf.length() && " \t,)".indexOf(buf.charAt(p)) < 0) {
            return null;
        }
        boolean atEnd = braces ? nameEnd + 1 == buf.length() : nameEnd == buf.length();
        Definition def = definitions.get(name);
        if (def == null || def.multiline && !atEnd) return null;
        if (numbers != null && !def.takesNumbers) return null;
        // keepalived replaces '$', the braces and the name, so "${NAME }" leaves its '}' behind
        int end = numbers != null ? p + 1 : at + 1 + name.length() + (braces ? 2 : 0);
        return new Reference(def, end, numbers);
    }

    /** ${_RANDOM [MIN [MAX]]}: a number from MIN (0) to MAX (32767), both included. */
    private String randomValue(String numbers) {
        long min = 0, max = RANDOM_MAX;
        if (numbers != null) {
            String[] parts = numbers.split(" +");
            min = number(parts[0]);
            if (parts.length > 1) max = number(parts[1]);
        }
        if (max < min) return Long.toString(min);
        return Long.toString(min + Math.floorMod(random.nextLong(), max - min + 1));
    }

    private static long number(String digits) {
        return digits.length() > 9 ? Integer.MAX_VALUE : Long.parseLong(digits);
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return isAsciiLetter(c) || isAsciiDigit(c);
    }
}
