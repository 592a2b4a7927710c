package io.keepwatch.config.syntax;

import io.keepwatch.plugin.api.SourcePosition;

/**
 * One lexical unit of keepalived.conf.
 *
 * @param kind what the token is
 * @param text the word with quotes removed and parameters substituted; "{" / "}" / "" otherwise
 * @param quoted whether the word was written in double quotes (then braces in it are plain text)
 * @param position where the token starts
 */
public record Token(Kind kind, String text, boolean quoted, SourcePosition position) {

    /** Kinds of token. Lines matter in keepalived.conf: a statement ends at the end of its line. */
    public enum Kind { WORD, OPEN_BRACE, CLOSE_BRACE, END_OF_LINE }

    static Token word(String text, boolean quoted, SourcePosition at) {
        return new Token(Kind.WORD, text, quoted, at);
    }

    static Token of(Kind kind, SourcePosition at) {
        return new Token(kind, kind == Kind.OPEN_BRACE ? "{" : kind == Kind.CLOSE_BRACE ? "}" : "", false, at);
    }
}
