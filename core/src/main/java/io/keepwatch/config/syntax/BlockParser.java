package io.keepwatch.config.syntax;

import io.keepwatch.config.diagnostic.Diagnostics;
import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.SourcePosition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Groups tokens into a tree of {@link ConfigNode}s: a statement is the words up to the end of its
 * line, a brace or another statement's brace; a {@code {} opens a block for the statement it ends
 * (or, standing first on a line, for the statement of the line before, as keepalived allows).
 * Unbalanced braces are errors at the line of the stray or unclosed brace.
 */
public final class BlockParser {
    private final Diagnostics diagnostics;

    public BlockParser(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** Builder of one node; turned into an immutable ConfigNode once its block is complete. */
    private static final class Draft {
        final Token keyword;
        final List<String> arguments = new ArrayList<>();
        final List<Draft> children = new ArrayList<>();
        Token openedBy;

        Draft(Token keyword) {
            this.keyword = keyword;
        }

        ConfigNode build() {
            return new ConfigNode(keyword.text(), arguments, children.stream().map(Draft::build).toList(),
                    keyword.position());
        }
    }

    /** Stands for a block nested too deep: never part of the tree, its contents dropped with it. */
    private static final Token TOO_DEEP = Token.word("", false, new SourcePosition("", 0, 0));

    private static boolean tooDeep(Draft draft) {
        return draft.keyword == TOO_DEEP;
    }

    /** The nodes at the top level, in file order. */
    public List<ConfigNode> parse(List<Token> tokens) {
        Draft root = new Draft(Token.word("", false, new SourcePosition("", 0, 0)));
        Deque<Draft> open = new ArrayDeque<>();
        open.push(root);
        Draft statement = null;       // the statement being read
        Draft lastFinished = null;    // the statement a following "{" on a new line may belong to
        for (Token token : tokens) {
            switch (token.kind()) {
                case WORD -> {
                    if (statement == null) {
                        statement = new Draft(token);
                        open.peek().children.add(statement);
                    } else {
                        statement.arguments.add(token.text());
                    }
                }
                case END_OF_LINE -> {
                    if (statement != null) {
                        lastFinished = statement;
                        statement = null;
                    }
                }
                case OPEN_BRACE -> {
                    Draft owner = statement != null ? statement : lastFinished;
                    if (owner == null || owner.openedBy != null) {
                        diagnostics.error(token.position(), "'{' without a keyword before it");
                        owner = new Draft(token);
                    }
                    owner.openedBy = token;
                    if (open.size() > ConfigLimits.MAX_BLOCK_DEPTH) {
                        // the root is not a block: this one would be nested one deeper than allowed
                        if (!tooDeep(open.peek())) {
                            diagnostics.error(token.position(), "blocks nested deeper than "
                                    + ConfigLimits.MAX_BLOCK_DEPTH + "; this one and what is inside are left out");
                        }
                        open.peek().children.remove(owner);
                        owner = new Draft(TOO_DEEP);
                        owner.openedBy = token;
                    }
                    open.push(owner);
                    statement = null;
                    lastFinished = null;
                }
                case CLOSE_BRACE -> {
                    statement = null;
                    lastFinished = null;
                    if (open.size() == 1) {
                        diagnostics.error(token.position(), "'}' without a matching '{'");
                    } else {
                        open.pop();
                    }
                }
            }
        }
        while (open.size() > 1) {
            Draft unclosed = open.pop();
            if (tooDeep(unclosed)) continue; // reported as too deep
            diagnostics.error(unclosed.openedBy.position(),
                    "'{' of '" + unclosed.keyword.text() + "' is never closed");
        }
        return root.children.stream().map(Draft::build).toList();
    }
}
