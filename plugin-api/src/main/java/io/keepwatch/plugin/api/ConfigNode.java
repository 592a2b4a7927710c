package io.keepwatch.plugin.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of a plugin-owned configuration block, in keepalived.conf syntax: a keyword, its
 * arguments, and the lines of the nested block that followed it (empty when there was none).
 *
 * <p>keepwatch hands a plugin the block it owns (for example a {@code vrrp_check NAME { ... }}) as
 * a tree of these, unbound, so the plugin decides what its keywords mean. Every node carries where it
 * came from, so a plugin's error message can name {@code file:line} as the core's do.
 *
 * @param keyword the first token of the line
 * @param arguments the remaining tokens of the line, quotes removed and parameters substituted
 * @param children the lines of the block opened on this line, in file order
 * @param position where the keyword stands in the configuration
 */
public record ConfigNode(String keyword, List<String> arguments, List<ConfigNode> children,
                         SourcePosition position) {

    public ConfigNode {
        Objects.requireNonNull(keyword, "keyword");
        arguments = List.copyOf(arguments);
        children = List.copyOf(children);
        Objects.requireNonNull(position, "position");
    }

    /** The first child line with this keyword, if any. */
    public Optional<ConfigNode> child(String childKeyword) {
        return children.stream().filter(c -> c.keyword.equals(childKeyword)).findFirst();
    }

    /** Every child line with this keyword, in file order. */
    public List<ConfigNode> children(String childKeyword) {
        return children.stream().filter(c -> c.keyword.equals(childKeyword)).toList();
    }

    /** The first argument of the first child line with this keyword, if both exist. */
    public Optional<String> value(String childKeyword) {
        return child(childKeyword).filter(c -> !c.arguments.isEmpty()).map(c -> c.arguments.getFirst());
    }
}
