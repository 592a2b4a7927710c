package io.keepwatch.check.http;

import java.util.ArrayList;
import java.util.List;

/**
 * The accepted HTTP status codes of a check: single codes and inclusive ranges, e.g.
 * {@code status_code 200-299 301}. Default: 200-299.
 */
public final class StatusCodes {

    private record Range(int from, int to) {}

    private final List<Range> ranges;
    private final String text;

    private StatusCodes(List<Range> ranges, String text) {
        this.ranges = List.copyOf(ranges);
        this.text = text;
    }

    /** 200-299. */
    public static StatusCodes successful() {
        return new StatusCodes(List.of(new Range(200, 299)), "200-299");
    }

    /**
     * Parses words such as {@code 200}, {@code 200-299}.
     *
     * @throws IllegalArgumentException naming the bad word
     */
    public static StatusCodes parse(List<String> words) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("'status_code' needs at least one code or range");
        }
        List<Range> ranges = new ArrayList<>();
        for (String word : words) {
            for (String part : word.split(",")) {
                if (part.isEmpty()) {
                    continue;
                }
                int dash = part.indexOf('-');
                int from = code(dash < 0 ? part : part.substring(0, dash), word);
                int to = dash < 0 ? from : code(part.substring(dash + 1), word);
                if (to < from) {
                    throw new IllegalArgumentException("status code range " + part + " is reversed");
                }
                ranges.add(new Range(from, to));
            }
        }
        return new StatusCodes(ranges, String.join(" ", words));
    }

    private static int code(String text, String word) {
        try {
            int c = Integer.parseInt(text);
            if (c < 100 || c > 599) {
                throw new IllegalArgumentException("status code " + c + " is not between 100 and 599");
            }
            return c;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad status code '" + word + "'");
        }
    }

    /** Whether {@code code} is accepted. */
    public boolean accepts(int code) {
        return ranges.stream().anyMatch(r -> code >= r.from && code <= r.to);
    }

    @Override
    public String toString() {
        return text;
    }
}
