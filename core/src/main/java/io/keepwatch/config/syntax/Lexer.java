package io.keepwatch.config.syntax;

import io.keepwatch.config.diagnostic.Diagnostics;
import io.keepwatch.plugin.api.SourcePosition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns keepalived.conf text into tokens, reading each line as keepalived's {@code read_line()} does.
 *
 * <ul>
 *   <li>{@code #} and {@code !} start a comment anywhere outside double quotes; {@code \#} and
 *       {@code \!} are the characters themselves.</li>
 *   <li>{@code {} and {@code }} are tokens of their own, so a block may open and close on one line;
 *       what follows a brace is read as a line of its own.</li>
 *   <li>{@code include PATTERN...} reads the files the glob matches (sorted), relative to the including
 *       file; which problems are errors depends on {@code include_check} and the include form
 *       ({@code includer}, {@code includem}, {@code includew}, {@code includeb}, {@code includea}),
 *       see {@link IncludeCheck}; the others are warnings.</li>
 *   <li>{@code $NAME=value} defines a parameter, used later as {@code $NAME} or {@code ${NAME}}; lines
 *       ending in {@code \} continue a definition over several lines (see {@link Parameters}).</li>
 *   <li>{@code @id rest} keeps {@code rest} only when the config id is {@code id}; {@code @^id rest}
 *       only when it is not.</li>
 *   <li>{@code ~SEQ(...)} and {@code ~LST(...)} read the rest of their line once per value (see
 *       {@link Repetition}).</li>
 * </ul>
 * Files are read as bytes, as keepalived reads them: a comment may hold any bytes (Latin-1 files
 * exist); the words of a line must be UTF-8. Every token carries its file, line and column; a token
 * that comes from a parameter or a repeated line carries the line that used it.
 */
public final class Lexer {
    private static final int MAX_INCLUDE_DEPTH = 16;
    /** Parameters and blocks that expand into each other deeper than this expand into themselves. */
    private static final int MAX_EXPANSION_DEPTH = 64;
    /** An include line with its patterns: {@code include}, or a form with checks of its own ({@code includer}, ...). */
    private static final Pattern INCLUDE = Pattern.compile("(include[rmwba]?)[ \t]+(\\S.*)", Pattern.DOTALL);
    private static final Pattern DEFINITION = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)=[ \t]*(.*)", Pattern.DOTALL);

    private final String configId;
    private final Diagnostics diagnostics;
    private final Parameters parameters;
    private final Deque<Path> including = new ArrayDeque<>();
    private final List<Token> tokens = new ArrayList<>();
    /** The multi-line definition whose lines are being read, or null. */
    private MultilineDefinition pending;
    /** The {@code include_check} level in force (see {@link IncludeCheck}); each file restores it at its end. */
    private int includeCheck;
    /** The keywords of the blocks open at this point, innermost first; {@code include_check} acts in global_defs. */
    private final Deque<String> blocks = new ArrayDeque<>();
    /** The first word of the last line read: the keyword of a block whose brace is on the next line. */
    private String lastKeyword = "";
    /** What has been read and expanded so far, against {@link ConfigLimits}. */
    private int filesRead;
    private long bytesRead;
    private long expandedLines;
    private long expandedChars;
    /** Whether a limit stopped reading: nothing more is read (the error is reported once). */
    private boolean exhausted;

    /**
     * @param configId the id conditional lines are matched against
     * @param diagnostics where problems go
     */
    public Lexer(String configId, Diagnostics diagnostics) {
        this(configId, diagnostics, new Random());
    }

    /** @param random the source of {@code ${_RANDOM}}: seeded by {@code random_seed}, or not */
    public Lexer(String configId, Diagnostics diagnostics, Random random) {
        this.configId = configId;
        this.diagnostics = diagnostics;
        this.parameters = new Parameters(configId, random);
    }

    /** Where this lexer reports, and the parser and binders after it. */
    public Diagnostics diagnostics() {
        return diagnostics;
    }

    /** Whether the text read so far used {@code ${_RANDOM}}, so that a {@code random_seed} changes it. */
    public boolean usedRandom() {
        return parameters.randomUsed();
    }

    /** Tokens of a file and everything it includes. The file must be readable (callers check). */
    public List<Token> lexFile(Path file) {
        readFile(file, file.toString(), null, null, IncludeCheck.ALL);
        return List.copyOf(tokens);
    }

    /** Tokens of text named {@code name}; its includes are resolved against {@code baseDirectory}. */
    public List<Token> lexString(String name, String text, Path baseDirectory) {
        lexText(name, text, baseDirectory);
        return List.copyOf(tokens);
    }

    /** {@code checks}: the include checks under which a file that cannot be read is an error. */
    private void readFile(Path file, String shownName, SourcePosition includedAt, String pattern, int checks) {
        Path real = file.toAbsolutePath().normalize();
        if (including.contains(real)) {
            diagnostics.error(includedAt, "include " + pattern + " loops back to a file being read");
            return;
        }
        if (including.size() >= MAX_INCLUDE_DEPTH) {
            diagnostics.error(includedAt, "includes are nested deeper than " + MAX_INCLUDE_DEPTH + " files");
            return;
        }
        SourcePosition at = includedAt != null ? includedAt : new SourcePosition(shownName, 0, 0);
        if (exhausted) return;
        if (++filesRead > ConfigLimits.MAX_FILES) {
            stop(at, "more than " + ConfigLimits.MAX_FILES + " configuration files read (includes counted each time);"
                    + " " + shownName + " and what follows are left out");
            return;
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            long room = ConfigLimits.MAX_BYTES - bytesRead;
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, room + 1));
            if (bytes.length > room) {
                stop(at, "the configuration files are larger than " + ConfigLimits.MAX_BYTES + " octets together; "
                        + shownName + " and what follows are left out");
                return;
            }
            bytesRead += bytes.length;
        } catch (IOException e) {
            report(checks, IncludeCheck.READ, at, "cannot read " + shownName + ": " + e.getMessage());
            return;
        }
        including.push(real);
        int savedCheck = includeCheck; // keepalived: an included file cannot change its includer's level
        try {
            lexLines(shownName, splitLines(bytes, shownName), real.getParent());
        } finally {
            including.pop();
            includeCheck = savedCheck;
        }
    }

    private void lexText(String name, String text, Path directory) {
        lexLines(name, List.of(text.split("\\r?\\n", -1)), directory);
    }

    private void lexLines(String name, List<String> lines, Path directory) {
        Path dir = directory != null ? directory.toAbsolutePath() : Path.of("").toAbsolutePath();
        parameters.directory(dir.toString());
        for (int i = 0; i < lines.size() && !exhausted; i++) {
            String line = lines.get(i);
            if (line == null) continue; // reported when it was read
            if (line.length() > ConfigLimits.MAX_LINE_LENGTH) {
                diagnostics.error(new SourcePosition(name, i + 1, ConfigLimits.MAX_LINE_LENGTH + 1), "line of "
                        + line.length() + " characters, longer than " + ConfigLimits.MAX_LINE_LENGTH
                        + " (keepalived would read the rest as another line); the line is left out");
                continue;
            }
            if (i == 0 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1); // a UTF-8 byte order mark is not part of the first keyword
            }
            int nul = line.indexOf('\0');
            if (nul >= 0) {
                // keepalived reads a line as a C string, which ends at the NUL; a path holding one
                // would be refused by every file call
                diagnostics.warning(new SourcePosition(name, i + 1, nul + 1),
                        "NUL character in the line; the rest of the line is ignored");
                line = line.substring(0, nul);
            }
            if (pending != null) {
                continueDefinition(line);
                continue;
            }
            Decommented d = Decommented.of(line);
            if (!d.text().isEmpty()) {
                process(d.text(), new At(name, i + 1, d.offset() + 1), directory, 0);
            }
            parameters.directory(dir.toString()); // an include in the line may have moved it
        }
        pending = null; // a definition does not run on into the file that included this one
    }

    /**
     * A line of a multi-line definition. An empty line ends it; a line of blanks or comments is
     * skipped; a line ending in {@code \} adds a line and goes on; any other line is the last.
     */
    private void continueDefinition(String raw) {
        if (raw.isEmpty()) {
            pending.finish(parameters);
            pending = null;
            return;
        }
        String text = Decommented.of(raw).text();
        if (text.isEmpty()) return;
        if (text.endsWith("\\")) {
            pending.add(text.substring(0, text.length() - 1).stripTrailing(), true);
        } else {
            pending.add(text, false);
            pending.finish(parameters);
            pending = null;
        }
    }

    /** Where a line being read comes from: file, line, and the column of its first character. */
    private record At(String file, int line, int column) {
        SourcePosition position(int index) {
            return new SourcePosition(file, line, column + index);
        }

        At plus(int columns) {
            return new At(file, line, column + columns);
        }
    }

    /**
     * Reads one line with keepalived's order of rules: the config id, a definition, a sequence or
     * list block, then parameters (again while the result starts with {@code @} or still holds a
     * {@code $}); then include or the words. The other lines of a multi-line parameter come after.
     */
    private void process(String line, At at, Path directory, int depth) {
        if (!expanded(line, at)) return;
        if (depth > MAX_EXPANSION_DEPTH) {
            diagnostics.error(at.position(0), "parameters or ~SEQ/~LST blocks expand into themselves here "
                    + "(more than " + MAX_EXPANSION_DEPTH + " levels); the line is left out");
            return;
        }
        String buf = line;
        List<String> following = List.of();
        for (int pass = 0; ; pass++) {
            if (pass > MAX_EXPANSION_DEPTH) {
                diagnostics.error(at.position(0), "parameters expand into themselves here (more than "
                        + MAX_EXPANSION_DEPTH + " passes); the line is left out");
                return;
            }
            if (buf.startsWith("@")) {
                int end = 1;
                while (end < buf.length() && buf.charAt(end) != ' ' && buf.charAt(end) != '\t') end++;
                if (end == buf.length()) return; // keepalived needs something after the id
                boolean negated = buf.startsWith("@^");
                String id = buf.substring(negated ? 2 : 1, end);
                if (id.equals(configId) == negated) return;
                int rest = skipBlanks(buf, end);
                buf = buf.substring(rest);
                at = at.plus(rest);
            }
            Matcher definition = DEFINITION.matcher(buf);
            if (definition.matches()) {
                define(definition.group(1), definition.group(2));
                return;
            }
            if (Repetition.startsOne(buf)) {
                repeat(buf, at, directory, depth);
                return;
            }
            if (buf.startsWith("~") || !Parameters.mayReference(buf)) break;
            Parameters.Substituted s = parameters.substitute(buf);
            if (s.overflow()) {
                diagnostics.warning(at.position(0), "parameter substitution does not end within " + Parameters.MAX_LINE
                        + " characters or replacements (does a parameter name itself?); the line is read as far as it"
                        + " was substituted");
                buf = s.text();
                break;
            }
            if (!s.changed()) break;
            if (!s.following().isEmpty()) following = concat(s.following(), following);
            buf = Decommented.of(s.text()).text();
            if (!buf.startsWith("@") && !Parameters.mayReference(buf)) break;
        }
        if (!buf.isEmpty()) words(buf, at, directory, depth);
        for (String next : following) {
            if (!next.isEmpty()) process(next, at, directory, depth + 1);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private void define(String name, String value) {
        if (value.endsWith("\\")) {
            pending = new MultilineDefinition(name, value.substring(0, value.length() - 1).stripTrailing());
        } else {
            parameters.define(name, value, false);
        }
    }

    private void repeat(String line, At at, Path directory, int depth) {
        Repetition repetition;
        try {
            repetition = Repetition.parse(line, parameters::substitute);
        } catch (Repetition.Invalid e) {
            diagnostics.error(at.position(0), e.getMessage());
            return;
        }
        for (var binding : repetition.bindings()) {
            // each repetition counts, also one whose text is empty (a comment)
            if (!expanded(repetition.text(), at)) return;
            binding.forEach((name, value) -> parameters.define(name, value, false));
            if (!repetition.text().isEmpty()) process(repetition.text(), at, directory, depth + 1);
        }
    }

    /**
     * A line after its parameters: an include, or words up to the first brace outside quotes. The
     * brace is a token of its own, and what follows it is read as a new line (keepalived keeps it as
     * the "residue" of the line and reads it next, config id and all).
     */
    private void words(String buf, At at, Path directory, int depth) {
        Matcher include = INCLUDE.matcher(buf);
        if (include.matches()) {
            includeLine(include, at, directory);
            return;
        }
        int brace = firstBrace(buf);
        if (brace < 0) {
            emit(buf, at, directory);
            return;
        }
        String residue;
        int residueAt;
        if (brace == 0) {
            emit(buf.substring(0, 1), at, directory);
            residueAt = skipBlanks(buf, 1);
        } else {
            emit(buf.substring(0, brace).stripTrailing(), at, directory);
            residueAt = brace;
        }
        residue = buf.substring(residueAt).stripTrailing();
        if (!residue.isEmpty()) process(residue, at.plus(residueAt), directory, depth + 1);
    }

    /** The index of the first {@code {} or {@code }} outside double quotes, or -1. */
    private static int firstBrace(String buf) {
        boolean inQuotes = false;
        for (int i = 0; i < buf.length(); i++) {
            char c = buf.charAt(i);
            if (c == '"') inQuotes = !inQuotes;
            else if (!inQuotes && (c == '{' || c == '}')) return i;
        }
        return -1;
    }

    private void emit(String text, At at, Path directory) {
        List<Token> lineTokens = split(text, at);
        if (lineTokens.isEmpty()) {
            return;
        }
        Token first = lineTokens.getFirst();
        if (first.kind() == Token.Kind.WORD && !first.quoted() && IncludeCheck.ofForm(first.text()).isPresent()) {
            diagnostics.error(first.position(), first.text() + " needs a file name or pattern");
            return;
        }
        if (first.kind() == Token.Kind.WORD && first.text().equals("include_check") && blocks.size() == 1
                && blocks.peek().equals("global_defs")) {
            // acts as the file is read, on the includes after it (keepalived); the binder accepts it
            includeCheck = IncludeCheck.apply(includeCheck, lineTokens.subList(1, lineTokens.size()).stream()
                    .filter(t -> t.kind() == Token.Kind.WORD).map(Token::text).toList(), first.position(), diagnostics);
        }
        if (tokens.size() + lineTokens.size() + 1 > ConfigLimits.MAX_TOKENS) {
            stop(first.position(), "the configuration holds more than " + ConfigLimits.MAX_TOKENS
                    + " words and braces; reading stops here");
            return;
        }
        followBlocks(lineTokens);
        tokens.addAll(lineTokens);
        tokens.add(Token.of(Token.Kind.END_OF_LINE, at.position(text.length())));
    }

    /** Keeps {@link #blocks} up to date with the braces of a line. */
    private void followBlocks(List<Token> lineTokens) {
        for (Token t : lineTokens) {
            switch (t.kind()) {
                case OPEN_BRACE -> blocks.push(lastKeyword);
                case CLOSE_BRACE -> blocks.poll();
                default -> { }
            }
        }
        Token first = lineTokens.getFirst();
        if (first.kind() == Token.Kind.WORD) lastKeyword = first.text();
    }

    /** Counts a line that reading produced; false (after an error, once) when past the limits. */
    private boolean expanded(String line, At at) {
        if (exhausted) return false;
        expandedChars += line.length();
        if (++expandedLines > ConfigLimits.MAX_EXPANDED_LINES || expandedChars > ConfigLimits.MAX_EXPANDED_CHARS) {
            stop(at.position(0), "the configuration, with parameters, ~SEQ and ~LST expanded, holds more than "
                    + ConfigLimits.MAX_EXPANDED_LINES + " lines or " + ConfigLimits.MAX_EXPANDED_CHARS
                    + " characters; reading stops here");
            return false;
        }
        return true;
    }

    /** A limit of {@link ConfigLimits} is reached: an error, and nothing more is read. */
    private void stop(SourcePosition at, String message) {
        diagnostics.error(at, message);
        exhausted = true;
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

    /** The offset of the first {@code #} or {@code !} outside double quotes and not escaped, or {@code end}. */
    private static int commentStart(byte[] bytes, int start, int end) {
        boolean inQuotes = false;
        for (int i = start; i < end; i++) {
            byte b = bytes[i];
            if (b == '"') {
                inQuotes = !inQuotes;
            } else if (b == '\\') {
                i++;
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

    /**
     * An include line, read before its braces are: a brace belongs to the pattern (glob(3)'s brace
     * expansion), as keepalived looks for includes in the raw line. Each blank-separated word is a
     * pattern.
     */
    private void includeLine(Matcher include, At at, Path directory) {
        int form = IncludeCheck.ofForm(include.group(1)).orElseThrow();
        String rest = include.group(2);
        int i = 0;
        while ((i = skipBlanks(rest, i)) < rest.length()) {
            int end = i;
            while (end < rest.length() && rest.charAt(end) != ' ' && rest.charAt(end) != '\t') end++;
            Token pattern = Token.word(rest.substring(i, end), false, at.position(include.start(2) + i));
            include(pattern, directory, form);
            i = end;
        }
    }

    /**
     * Reads what {@code pattern} matches, as keepalived's parser does: each problem is reported with
     * keepalived's words, as an error when the include checks in force ({@code include_check} or'ed
     * with the form's {@code checks}) cover it and as a warning otherwise. A directory, an executable
     * or anything else than a regular file among the matches is skipped; when a brace alternative is
     * missing and brace_match is checked, nothing of the pattern is read.
     */
    private void include(Token pattern, Path directory, int form) {
        int checks = includeCheck | form;
        Path base = directory != null ? directory : Path.of("").toAbsolutePath();
        String text = pattern.text();
        SourcePosition at = pattern.position();
        Glob.Expansion expansion;
        try {
            expansion = Glob.expand(base, text);
        } catch (Glob.TooManyMatches e) {
            diagnostics.error(at, "include '" + text + "' " + e.getMessage() + "; nothing of it is read");
            return;
        }
        if (expansion.matches().isEmpty()) {
            if (expansion.missing()) {
                report(checks, expansion.braces() ? IncludeCheck.BRACE_MATCH : IncludeCheck.MATCH, at,
                        "Config files missing '" + text + "'.");
            } else if (expansion.wildcards() && (checks & IncludeCheck.WILDCARD_MATCH) != 0) {
                report(checks, IncludeCheck.WILDCARD_MATCH, at, "No config files matched '" + text + "'.");
            }
            return;
        }
        if (expansion.missing()) {
            report(checks, IncludeCheck.BRACE_MATCH, at, "Some config files missing: \"" + text + "\".");
            if ((checks & IncludeCheck.BRACE_MATCH) != 0) return;
        }
        for (Path match : expansion.matches()) {
            boolean absolute = Path.of(text).isAbsolute();
            String globbed = absolute ? match.toString() : base.relativize(match).toString();
            String shown = absolute ? match.toString()
                    : Path.of(at.file()).resolveSibling(base.relativize(match)).normalize().toString();
            if (Files.isDirectory(match)) {
                report(checks, IncludeCheck.READ, at, "Configuration file '" + globbed + "/' is a directory - skipping");
            } else if (!regularNotExecutable(match)) {
                report(checks, IncludeCheck.READ, at,
                        "Configuration file '" + globbed + "' is not a regular non-executable file - skipping");
            } else {
                readFile(match, shown, at, text, checks);
            }
        }
    }

    private static boolean regularNotExecutable(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            return Files.isRegularFile(file) && !permissions.contains(PosixFilePermission.OWNER_EXECUTE)
                    && !permissions.contains(PosixFilePermission.GROUP_EXECUTE)
                    && !permissions.contains(PosixFilePermission.OTHERS_EXECUTE);
        } catch (IOException | UnsupportedOperationException e) {
            return Files.isRegularFile(file); // a dangling link fails here and is not regular either
        }
    }

    /** An include problem: an error when {@code checks} has {@code check}, else a warning. */
    private void report(int checks, int check, SourcePosition at, String message) {
        if ((checks & check) != 0) {
            diagnostics.error(at, message);
        } else {
            diagnostics.warning(at, message);
        }
    }

    /**
     * The words of a line without braces, as keepalived's {@code alloc_strvec()} splits them: on
     * blanks, a double quote starting a word that runs to the next double quote (blanks, {@code #}
     * and braces in it are text), an unquoted word also ending where a quote starts.
     */
    private List<Token> split(String line, At at) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while ((i = skipBlanks(line, i)) < line.length()) {
            SourcePosition position = at.position(i);
            char c = line.charAt(i);
            if (c == '{' || c == '}') {
                out.add(Token.of(c == '{' ? Token.Kind.OPEN_BRACE : Token.Kind.CLOSE_BRACE, position));
                i++;
            } else if (c == '"') {
                int close = line.indexOf('"', i + 1);
                if (close < 0) {
                    diagnostics.error(position, "unterminated quoted string");
                    out.add(Token.word(line.substring(i + 1), true, position));
                    i = line.length();
                } else {
                    out.add(Token.word(line.substring(i + 1, close), true, position));
                    i = close + 1;
                }
            } else {
                int end = i;
                while (end < line.length() && !isBlank(line.charAt(end)) && line.charAt(end) != '"') {
                    end++;
                }
                out.add(Token.word(line.substring(i, end), false, position));
                i = end;
            }
        }
        return out;
    }

    /** A definition whose first line ended in {@code \\}: its lines joined by {@code \\n}, as keepalived keeps them. */
    private static final class MultilineDefinition {
        private final String name;
        private final StringBuilder value = new StringBuilder();
        private boolean multiline = true;

        MultilineDefinition(String name, String firstLine) {
            this.name = name;
            if (!firstLine.isEmpty()) value.append(firstLine).append('\n');
        }

        void add(String line, boolean more) {
            // keepalived: a definition whose lines so far are all empty is a one-line one
            if (!more && value.isEmpty()) multiline = false;
            if (!line.isEmpty()) {
                value.append(line);
                if (more) value.append('\n');
            }
        }

        void finish(Parameters parameters) {
            if (value.isEmpty()) multiline = false;
            parameters.define(name, value.toString(), multiline);
        }
    }

    private static int skipBlanks(String line, int i) {
        while (i < line.length() && isBlank(line.charAt(i))) i++;
        return i;
    }

    /**
     * What separates words: C's {@code isspace} in the C locale, as keepalived splits. One test for
     * both the skip and the word's end, or a character that ends a word but is not skipped (a
     * vertical tab once) makes an empty word without moving on, for ever.
     */
    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
    }
}
