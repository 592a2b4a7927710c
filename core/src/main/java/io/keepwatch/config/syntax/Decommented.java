package io.keepwatch.config.syntax;

/**
 * A line as keepalived's {@code decomment()} leaves it: leading blanks and the comment removed
 * ({@code #} or {@code !} outside double quotes), {@code \#} and {@code \!} outside quotes turned into
 * the characters themselves, trailing blanks removed; a {@code \} that ends the line is kept, as the
 * mark of a definition that goes on over the next line.
 *
 * @param text the line
 * @param offset how many characters were removed from its start (for columns)
 */
record Decommented(String text, int offset) {

    static Decommented of(String line) {
        int start = 0;
        while (start < line.length() && (line.charAt(start) == ' ' || line.charAt(start) == '\t')) start++;
        StringBuilder out = new StringBuilder(line.length() - start);
        boolean quote = false;
        boolean continued = false;
        int comment = -1;
        for (int i = start; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (comment < 0) quote = !quote;
                out.append(c);
            } else if (c == '\\') {
                if (i + 1 == line.length()) {
                    continued = true;
                    break;
                }
                char next = line.charAt(++i);
                if (quote || next != '#' && next != '!') out.append(c);
                out.append(next);
            } else {
                if (!quote && comment < 0 && (c == '#' || c == '!')) comment = out.length();
                out.append(c);
            }
        }
        if (comment >= 0) out.setLength(comment);
        int end = out.length();
        while (end > 0 && (out.charAt(end - 1) == ' ' || out.charAt(end - 1) == '\t')) end--;
        out.setLength(end);
        if (continued) out.append('\\');
        return new Decommented(out.toString(), start);
    }
}
