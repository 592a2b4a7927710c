package io.keepwatch.check.script;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a {@code script} value into a program and its arguments the way keepalived does: words
 * separated by blanks, where a word may be quoted with {@code '...'} or {@code "..."} (so an argument
 * may hold blanks) and a backslash takes the next character as it is.
 */
public final class ScriptCommand {

    private ScriptCommand() {}

    /**
     * @param text the script line, e.g. {@code /usr/local/bin/check 'a b' c}
     * @return the words; never empty
     * @throws IllegalArgumentException on an unterminated quote or an empty command
     */
    public static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < text.length()) {
                    word.append(text.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < text.length()) {
                word.append(text.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unterminated " + quote + " quote in script '" + text + "'");
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException("empty script");
        }
        return List.copyOf(words);
    }
}
