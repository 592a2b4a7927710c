package io.keepwatch.config.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.diagnostic.Diagnostic;
import io.keepwatch.config.diagnostic.Diagnostics;
import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LexerTest {
    private final Diagnostics diagnostics = new Diagnostics();

    private List<Token> lex(String text) {
        return new Lexer("node1", diagnostics).lexString("t.conf", text, Path.of("/nonexistent"));
    }

    private List<ConfigNode> parse(String text) {
        return new BlockParser(diagnostics).parse(lex(text));
    }

    private static List<String> words(List<Token> tokens) {
        return tokens.stream().filter(t -> t.kind() != Token.Kind.END_OF_LINE).map(Token::text).toList();
    }

    @Test
    void hashAndBangStartCommentsAnywhereOutsideQuotes() {
        assertThat(words(lex("priority 10 # comment\nstate MASTER! other\n! whole line\n# another")))
                .containsExactly("priority", "10", "state", "MASTER");
        assertThat(lex("notify \"/bin/echo a#b!c\" # real comment"))
                .filteredOn(t -> t.kind() == Token.Kind.WORD)
                .extracting(Token::text, Token::quoted)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("notify", false),
                        org.assertj.core.groups.Tuple.tuple("/bin/echo a#b!c", true));
        assertThat(diagnostics.all()).isEmpty();
    }

    /** As keepalived's split (C's isspace): a vertical tab, a form feed or a carriage return separate words. */
    @Test
    void everyCBlankSeparatesWords() {
        assertThat(words(lex("router_id\u000b a\fb\rc\u000b"))).containsExactly("router_id", "a", "b", "c");
        assertThat(words(lex("global_defs {\n    router_id\u000b $E\n}\n$E=x\n"))).contains("router_id");
    }

    @Test
    void bracesSplitALineSoABlockFitsOnOneLine() {
        List<ConfigNode> nodes = parse("vrrp_instance VI_1 { interface eth0\nvirtual_ipaddress { 10.0.0.1/24 dev eth0 } }");
        assertThat(diagnostics.all()).isEmpty();
        ConfigNode vi = nodes.getFirst();
        assertThat(vi.keyword()).isEqualTo("vrrp_instance");
        assertThat(vi.arguments()).containsExactly("VI_1");
        assertThat(vi.value("interface")).contains("eth0");
        ConfigNode vip = vi.child("virtual_ipaddress").orElseThrow().children().getFirst();
        assertThat(vip.keyword()).isEqualTo("10.0.0.1/24");
        assertThat(vip.arguments()).containsExactly("dev", "eth0");
        assertThat(vip.position()).isEqualTo(new SourcePosition("t.conf", 2, 21));
    }

    @Test
    void aBraceOnItsOwnLineOpensTheBlockOfTheLineBefore() {
        List<ConfigNode> nodes = parse("global_defs\n{\n router_id a\n}\n");
        assertThat(diagnostics.all()).isEmpty();
        assertThat(nodes.getFirst().value("router_id")).contains("a");
    }

    @Test
    void bracesInQuotesAreText() {
        List<ConfigNode> nodes = parse("x {\n script \"/bin/sh -c '{ true; }'\"\n}");
        assertThat(diagnostics.all()).isEmpty();
        assertThat(nodes.getFirst().children().getFirst().arguments()).containsExactly("/bin/sh -c '{ true; }'");
    }

    @Test
    void tokensCarryFileLineAndColumn() {
        List<Token> tokens = lex("\n  priority   100");
        assertThat(tokens.get(0).position()).isEqualTo(new SourcePosition("t.conf", 2, 3));
        assertThat(tokens.get(1).position()).isEqualTo(new SourcePosition("t.conf", 2, 14));
    }

    @Test
    void parametersAreSubstitutedInBothForms() {
        assertThat(words(lex("$VIP=10.0.0.5/24\n$DEV=eth1\naddress $VIP dev ${DEV} \"${DEV}x\" $UNDEFINED")))
                .containsExactly("address", "10.0.0.5/24", "dev", "eth1", "eth1x", "$UNDEFINED");
    }

    @Test
    void aBlankBeforeTheEqualsSignMakesNoDefinition() {
        // keepalived.conf(5): "there must be no space before the '='"; the line is a keyword then
        assertThat(words(lex("$DEV = eth1\nx $DEV"))).containsExactly("$DEV", "=", "eth1", "x", "$DEV");
    }

    @Test
    void aNameWithoutBracesNeedsABlankCommaParenthesisOrTheEndAfterIt() {
        assertThat(words(lex("$A=1\nx $A,$A) $Ab ${A}b $A"))).containsExactly("x", "1,1)", "$Ab", "1b", "1");
    }

    @Test
    void valuesAreSubstitutedWhereTheyAreUsed() {
        assertThat(words(lex("$ADDR=10.2.${SUB}.1\n$SUB=0\na ${ADDR}\n$SUB=10\na ${ADDR}")))
                .containsExactly("a", "10.2.0.1", "a", "10.2.10.1");
    }

    @Test
    void aParameterThatNamesItselfStopsAtTheLengthOfALine() {
        List<Token> tokens = lex("$A=x$A\nv $A");
        assertThat(diagnostics.all()).extracting(Diagnostic::toString).containsExactly("t.conf:2: warning: parameter "
                + "substitution does not end within 1024 characters or replacements (does a parameter name itself?); "
                + "the line is read as far as it was substituted");
        assertThat(words(tokens).get(1)).startsWith("xxxx");
    }

    @Test
    void aParameterThatIsItsOwnValueStopsToo() {
        // keepalived replaces "$A" by "$A" for ever
        List<Token> tokens = lex("$A=$A\nv $A");
        assertThat(diagnostics.all()).singleElement().satisfies(d -> assertThat(d.message()).contains("name itself"));
        assertThat(words(tokens)).containsExactly("v", "$A");
    }

    @Test
    void aMultilineParameterThatNamesItselfIsAnErrorNotALoop() {
        List<Token> tokens = lex("$A= \\\n  x \\\n  $A\n$A\ny 1");
        assertThat(diagnostics.all()).extracting(Diagnostic::toString).containsExactly("t.conf:4: parameters or "
                + "~SEQ/~LST blocks expand into themselves here (more than 64 levels); the line is left out");
        assertThat(words(tokens)).endsWith("y", "1");
    }

    @Test
    void predefinedParameters(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("k.conf"), "a ${_PWD} ${_INSTANCE} \"${_HASH}${_BANG}\" ${_RANDOM 7 7} ${_RANDOM}\n"
                + "$_INSTANCE=mine\nb $_INSTANCE");
        List<String> words = words(new Lexer("node1", diagnostics).lexFile(dir.resolve("k.conf")));
        assertThat(words.subList(0, 5)).containsExactly("a", dir.toString(), "node1", "#!", "7");
        assertThat(Integer.parseInt(words.get(5))).isBetween(0, 32767);
        assertThat(words.subList(6, 8)).containsExactly("b", "mine");
    }

    @Test
    void escapedCommentCharactersAreText() {
        assertThat(words(lex("a b\\#c d\\!e # comment\nf \"\\#\""))).containsExactly("a", "b#c", "d!e", "f", "\\#");
    }

    @Test
    void aMultilineParameterIsReadAsItsLinesWhereItEndsALine() {
        List<ConfigNode> nodes = parse("""
                $VI= \\
                vrrp_instance VI_${N} { \\
                    @node1 priority 1${N}0 \\
                    @^node1 priority 50 \\
                    # a comment inside \\
                    virtual_router_id ${N} \\
                }
                $N=1
                $VI
                ~SEQ(N, 2, 3) $VI
                """);
        assertThat(diagnostics.all()).isEmpty();
        assertThat(nodes).extracting(ConfigNode::keyword).containsOnly("vrrp_instance");
        assertThat(nodes).extracting(n -> n.arguments().getFirst()).containsExactly("VI_1", "VI_2", "VI_3");
        assertThat(nodes).extracting(n -> n.value("priority").orElseThrow()).containsExactly("110", "120", "130");
        // a line from a parameter or a block is at the line that used it
        assertThat(nodes).extracting(n -> n.position().line()).containsExactly(9, 10, 10);
        assertThat(nodes.get(2).child("virtual_router_id").orElseThrow().position().line()).isEqualTo(10);
    }

    @Test
    void aMultilineParameterNotAtTheEndOfALineStaysAsWritten() {
        assertThat(words(lex("$M= \\\n a \\\n b\nx $M y"))).containsExactly("x", "$M", "y");
    }

    @Test
    void theRestOfALineAfterABraceIsReadAsALineOfItsOwn() {
        // keepalived reads what follows a brace as its next line: a config id there applies to it
        List<ConfigNode> nodes = parse("vrrp_instance VI_1 { @node1 priority 200\n @^node1 priority 100\n}\n"
                + "x { @node2 y }\n}");
        assertThat(nodes.getFirst().children()).extracting(ConfigNode::keyword, n -> n.arguments().getFirst())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("priority", "200"));
        assertThat(nodes.get(1).children()).isEmpty();
        assertThat(diagnostics.all()).isEmpty();
    }

    @Test
    void sequenceAndListBlocksRepeatTheRestOfTheirLine() {
        assertThat(words(lex("~SEQx(a, 0x9, 2, 0xd) a$a\n~LST({x, y}, {1, 2}, {3}) p${x}_${y}")))
                .containsExactly("a9", "ab", "ad", "p1_2", "p3_");
    }

    @Test
    void anInvalidBlockIsAnErrorAtItsLine() {
        assertThat(words(lex("a 1\n~SEQ(i, 1, 0, 3) b$i\nc 2"))).containsExactly("a", "1", "c", "2");
        assertThat(diagnostics.all()).extracting(Diagnostic::toString)
                .containsExactly("t.conf:2: Invalid ~SEQ values '~SEQ(i, 1, 0, 3) b$i'");
    }

    @Test
    void aSequenceOfMoreValuesThanAnyConfigurationUsesIsAnError() {
        lex("~SEQ(i, 0, 1000000) x");
        assertThat(diagnostics.all()).extracting(Diagnostic::toString)
                .containsExactly("t.conf:1: ~SEQ reads its line more than 65536 times '~SEQ(i, 0, 1000000) x'");
    }

    @Test
    void conditionalLinesFollowTheConfigId() {
        assertThat(words(lex("@node1 priority 200\n@node2 priority 100\n@^node1 state BACKUP\n@^node2 state MASTER")))
                .containsExactly("priority", "200", "state", "MASTER");
    }

    @Test
    void utf8CommentsAndWordsSurvive() {
        List<Token> tokens = lex(" state BACKUP # 标记为从服务器\n label \"虚拟IP\"");
        assertThat(words(tokens)).containsExactly("state", "BACKUP", "label", "虚拟IP");
        assertThat(diagnostics.all()).isEmpty();
    }

    @Test
    void invalidUtf8InAWordIsAnErrorAtItsLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.conf");
        Files.write(file, new byte[] {'b', ' ', '1', '\n', 'a', ' ', (byte) 0xff, '\n', 'c', ' ', '2', '\n'});
        List<Token> tokens = new Lexer("x", diagnostics).lexFile(file);
        assertThat(diagnostics.all()).extracting(Diagnostic::toString).containsExactly(
                file + ":2: this line has bytes that are not UTF-8 outside a comment; write its values in UTF-8");
        assertThat(words(tokens)).containsExactly("b", "1", "c", "2");
    }

    @Test
    void invalidUtf8InACommentIsReadPast(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("latin1.conf");
        Files.write(file, new byte[] {'a', ' ', '1', ' ', '#', ' ', (byte) 0xe9, '\r', '\n', '!', (byte) 0xe9, '\n'});
        List<Token> tokens = new Lexer("x", diagnostics).lexFile(file);
        assertThat(diagnostics.all()).isEmpty();
        assertThat(words(tokens)).containsExactly("a", "1");
    }

    @Test
    void includesExpandGlobsRelativeToTheIncludingFile(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(dir.resolve("main.conf"), "a 1\ninclude conf.d/*.conf\nz 9\n");
        Files.writeString(dir.resolve("conf.d/20-b.conf"), "b 2\ninclude ../common/*.inc\n");
        Files.writeString(dir.resolve("conf.d/10-a.conf"), "a2 1 # 注释\n");
        Files.writeString(dir.resolve("conf.d/skip.txt"), "never\n");
        Files.createDirectories(dir.resolve("common"));
        Files.writeString(dir.resolve("common/x.inc"), "x 3\n", StandardCharsets.UTF_8);

        List<Token> tokens = new Lexer("id", diagnostics).lexFile(dir.resolve("main.conf"));

        assertThat(diagnostics.all()).isEmpty();
        assertThat(words(tokens)).containsExactly("a", "1", "a2", "1", "b", "2", "x", "3", "z", "9");
        Token x = tokens.stream().filter(t -> t.text().equals("x")).findFirst().orElseThrow();
        assertThat(Path.of(x.position().file()).normalize()).isEqualTo(dir.resolve("common/x.inc"));
        assertThat(x.position().line()).isEqualTo(1);
    }

    @Test
    void aGlobThatMatchesNothingInAnExistingDirectoryIsSilent(@TempDir Path dir) {
        assertThat(words(lex("include " + dir + "/*.conf\nb 1"))).containsExactly("b", "1");
        assertThat(diagnostics.all()).isEmpty();
    }

    @Test
    void aGlobInAMissingDirectoryIsAWarning() {
        // keepalived: "Config files missing '/nonexistent/*.conf'." and the rest is read
        assertThat(words(lex("include /nonexistent/*.conf\nb 1"))).containsExactly("b", "1");
        assertThat(diagnostics.all()).extracting(Diagnostic::toString).containsExactly(
                "t.conf:1: warning: Config files missing '/nonexistent/*.conf'.");
    }

    @Test
    void includeLoopsAreReported(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.conf"), "include b.conf\n");
        Files.writeString(dir.resolve("b.conf"), "include a.conf\n");
        new Lexer("id", diagnostics).lexFile(dir.resolve("a.conf"));
        assertThat(diagnostics.all()).singleElement().satisfies(d -> {
            assertThat(d.message()).isEqualTo("include a.conf loops back to a file being read");
            assertThat(d.position().line()).isEqualTo(1);
            assertThat(d.position().file()).isEqualTo(dir.resolve("b.conf").toString());
        });
    }

    @Test
    void randomSeedMakesRandomValuesRepeatable(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("k.conf");
        Files.writeString(file, "global_defs {\n random_seed 4242\n router_id r${_RANDOM 1 1000000000}\n}\n");
        var first = io.keepwatch.config.ConfigLoader.load(file, "n");
        var second = io.keepwatch.config.ConfigLoader.load(file, "n");
        assertThat(first.diagnostics()).isEmpty();
        assertThat(first.config().orElseThrow().global().routerId()).isPresent()
                .isEqualTo(second.config().orElseThrow().global().routerId());
        assertThat(first.config().orElseThrow().global().host().randomSeed()).hasValue(4242);
    }

    @Test
    void anInvalidRandomSeedIsKeepalivedsError() {
        var result = io.keepwatch.config.ConfigLoader.loadString("s.conf", "global_defs {\n random_seed -1\n}\n");
        assertThat(result.errors()).extracting(Diagnostic::toString).containsExactly("s.conf:2: random_seed -1 invalid");
    }

    @Test
    void aValueThatTurnsBackIntoItsReferenceIsAnErrorNotALoop() {
        // "$A" becomes "$A#..." whose comment is cut again, pass after pass
        List<Token> tokens = lex("$A=$A\\#x\ny 1\n${A}\nz 2");
        assertThat(diagnostics.all()).extracting(Diagnostic::toString).containsExactly(
                "t.conf:3: parameters expand into themselves here (more than 64 passes); the line is left out");
        assertThat(words(tokens)).containsExactly("y", "1", "z", "2");
    }
}
