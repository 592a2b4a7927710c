package io.keepwatch.config.syntax;

import io.keepwatch.config.diagnostic.Diagnostics;
import io.keepwatch.plugin.api.SourcePosition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns keepalived.conf text into tokens, with keepalived's line rules.
 *
 * <ul>
 *   <li>{@code #} and {@code !} start a comment anywhere outside double quotes.</li>
 *   <li>{@code {} and {@code }} are tokens of their own, so a block may open and close on one line.</li>
 *   <li>{@code include PATTERN...} reads the files the glob matches (sorted), relative to the including
 *       file; a wildcard that matches nothing is silent, a missing file or directory a warning.</li>
 *   <li>{@code $NAME=value} defines a parameter, used later as {@code $NAME} or {@code ${NAME}}.</li>
 *   <li>{@code @id rest} keeps {@code rest} only when the config id is {@code id}; {@code @^id rest}
 *       only when it is not.</li>
 * </ul>
 * Files are read as bytes, as keepalived reads them: a comment may hold any bytes (Latin-1 files
 * exist); the words of a line must be UTF-8. Every token carries its file, line and column.
 */
public final class Lexer {
    private static final int MAX_INCLUDE_DEPTH = 16;
    private static final Pattern DEFINITION = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)\\s*=(.*)");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    private final String configId;
    private final Diagnostics diagnostics;
    private final Map<String, String> parameters = new HashMap<>();
    private final Deque<Path> including = new ArrayDeque<>();
    private final List<Token> tokens = new ArrayList<>();

    /**
     * @param configId the id conditional lines are matched against
     * @param diagnostics where problems go
     */
    public Lexer(String configId, Diagnostics diagnostics) {
        this.configId = configId;
        this.diagnostics = diagnostics;
    }

    /** Tokens of a file and everything it includes. The file must be readable (callers check). */
    public List<Token> lexFile(Path file) {
        readFile(file, file.toString(), null, null);
        return List.copyOf(tokens);
    }

    /** Tokens of text named {@code name}; its includes are resolved against {@code baseDirectory}. */
    public List<Token> lexString(String name, String text, Path baseDirectory) {
        lexText(name, text, baseDirectory);
        return List.copyOf(tokens);
    }

    private void readFile(Path file, String shownName, SourcePosition includedAt, String pattern) {
        Path real = file.toAbsolutePath().normalize();
        if (including.contains(real)) {
            diagnostics.error(includedAt, "include " + pattern + " loops back to a file being read");
            return;
        }
        if (including.size() >= MAX_INCLUDE_DEPTH) {
            diagnostics.error(includedAt, "includes are nested deeper than " + MAX_INCLUDE_DEPTH + " files");
            return;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            diagnostics.error(includedAt != null ? includedAt : new SourcePosition(shownName, 0, 0),
                    "cannot read " + shownName + ": " + e.getMessage());
            return;
        }
        including.push(real);
        try {
            lexLines(shownName, splitLines(bytes, shownName), real.getParent());
        } finally {
            including.pop();
        }
    }

    private void lexText(String name, String text, Path directory) {
        lexLines(name, List.of(text.split("\\r?\\n", -1)), directory);
    }

    private void lexLines(String name, List<String> lines, Path directory) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line == null) continue; // reported when it was read
            if (i == 0 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1); // a UTF-8 byte order mark is not part of the first keyword
            }
            lexLine(name, i + 1, line, directory);
        }
    }

    /**
     * The file's lines, decoded as keepalived reads them: as bytes, where only ASCII has a meaning
     * to the parser. A line that is not UTF-8 only in its comment (a Latin-1 accent, say) keeps the
     * part before the comment; a line whose words themselves are not UTF-8 is an error at that line
     * (null in the list), since its value could only be guessed.
     */
    private List<String> splitLines(byte[] bytes, String file) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
                lines.add(decodeLine(bytes, start, end, file, lines.size() + 1));
                start = i + 1;
            }
        }
        return lines;
    }

    private String decodeLine(byte[] bytes, int start, int end, String file, int lineNumber) {
        String whole = utf8(bytes, start, end);
        if (whole != null) return whole;
        int comment = commentStart(bytes, start, end);
        String beforeComment = utf8(bytes, start, comment);
        if (beforeComment != null) return beforeComment;
        diagnostics.error(new SourcePosition(file, lineNumber, 0),
                "this line has bytes that are not UTF-8 outside a comment; write its values in UTF-8");
        return null;
    }

    /** The offset of the first {@code #} or {@code !} outside double quotes, or {@code end}. */
    private static int commentStart(byte[] bytes, int start, int end) {
        boolean inQuotes = false;
        for (int i = start; i < end; i++) {
            byte b = bytes[i];
            if (b == '"') {
                inQuotes = !inQuotes;
            } else if (!inQuotes && (b == '#' || b == '!')) {
                return i;
            }
        }
        return end;
    }

    private static String utf8(byte[] bytes, int start, int end) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, end - start)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private void lexLine(String file, int lineNumber, String line, Path directory) {
        int start = skipBlanks(line, 0);
        if (start < line.length() && line.charAt(start) == '@') {
            int end = start;
            while (end < line.length() && !Character.isWhitespace(line.charAt(end))) end++;
            String condition = line.substring(start + 1, end);
            boolean negated = condition.startsWith("^");
            String id = negated ? condition.substring(1) : condition;
            if (id.equals(configId) == negated) {
                return;
            }
            start = skipBlanks(line, end);
        }
        String content = stripComment(line, start);
        Matcher definition = DEFINITION.matcher(content.substring(start).strip());
        if (definition.matches()) {
            parameters.put(definition.group(1), substitute(definition.group(2).strip()));
            return;
        }
        content = content.substring(0, start) + substitute(content.substring(start));
        List<Token> lineTokens = split(file, lineNumber, content, start);
        if (lineTokens.isEmpty()) {
            return;
        }
        Token first = lineTokens.getFirst();
        if (first.kind() == Token.Kind.WORD && !first.quoted() && first.text().equals("include")) {
            if (lineTokens.size() < 2) {
                diagnostics.error(first.position(), "include needs a file name or pattern");
            }
            for (Token pattern : lineTokens.subList(1, lineTokens.size())) {
                include(pattern, directory);
            }
            return;
        }
        tokens.addAll(lineTokens);
        tokens.add(Token.of(Token.Kind.END_OF_LINE, new SourcePosition(file, lineNumber, content.length() + 1)));
    }

    /**
     * Reads what {@code pattern} matches. As keepalived, a missing file or directory is a warning
     * (its {@code -t} still exits 0) and a wildcard that matches nothing is silent; a directory
     * among the matches is skipped with a warning.
     */
    private void include(Token pattern, Path directory) {
        Path base = directory != null ? directory : Path.of("").toAbsolutePath();
        Glob.Expansion expansion = Glob.expand(base, pattern.text());
        if (expansion.missing()) {
            diagnostics.warning(pattern.position(), expansion.matches().isEmpty()
                    ? "Config files missing '" + pattern.text() + "'; nothing included"
                    : "Some config files missing: '" + pattern.text() + "'; the others are included");
        }
        for (Path match : expansion.matches()) {
            String shown = Path.of(pattern.text()).isAbsolute() ? match.toString()
                    : Path.of(pattern.position().file()).resolveSibling(base.relativize(match)).normalize().toString();
            if (Files.isDirectory(match)) {
                diagnostics.warning(pattern.position(), "include " + pattern.text() + ": " + shown
                        + " is a directory; skipped");
            } else if (Files.isRegularFile(match)) {
                readFile(match, shown, pattern.position(), pattern.text());
            } else if (!Files.exists(match)) {
                diagnostics.warning(pattern.position(), "include " + pattern.text() + ": " + shown
                        + " is a dangling link; skipped");
            }
        }
    }

    private String substitute(String text) {
        if (parameters.isEmpty() || text.indexOf('$') < 0) {
            return text;
        }
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = parameters.get(name);
            m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The line up to the first {@code #} or {@code !} outside double quotes. */
    static String stripComment(String line, int from) {
        boolean inQuotes = false;
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                inQuotes = !inQuotes;
            } else if (!inQuotes && (c == '#' || c == '!')) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private List<Token> split(String file, int lineNumber, String line, int from) {
        List<Token> out = new ArrayList<>();
        int i = from;
        while ((i = skipBlanks(line, i)) < line.length()) {
            SourcePosition at = new SourcePosition(file, lineNumber, i + 1);
            char c = line.charAt(i);
            if (c == '{' || c == '}') {
                out.add(Token.of(c == '{' ? Token.Kind.OPEN_BRACE : Token.Kind.CLOSE_BRACE, at));
                i++;
            } else if (c == '"') {
                int close = line.indexOf('"', i + 1);
                if (close < 0) {
                    diagnostics.error(at, "unterminated quoted string");
                    out.add(Token.word(line.substring(i + 1), true, at));
                    i = line.length();
                } else {
                    out.add(Token.word(line.substring(i + 1, close), true, at));
                    i = close + 1;
                }
            } else {
                int end = i;
                while (end < line.length() && !Character.isWhitespace(line.charAt(end))
                        && line.charAt(end) != '{' && line.charAt(end) != '}') {
                    end++;
                }
                out.add(Token.word(line.substring(i, end), false, at));
                i = end;
            }
        }
        return out;
    }

    private static int skipBlanks(String line, int i) {
        while (i < line.length() && Character.isWhitespace(line.charAt(i))) i++;
        return i;
    }
}
