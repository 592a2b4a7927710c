/**
 * keepalived.conf, read unchanged: {@link io.keepwatch.config.ConfigLoader} runs the lexer
 * ({@code syntax}), the block parser (a tree of {@code ConfigNode}s) and the keyword binders
 * ({@code bind}) and returns the immutable model ({@code model}) with every error and warning as
 * {@code file:line: message}. {@link io.keepwatch.config.ConfigPrinter} writes a model back as text.
 *
 * <p>Nothing here touches the network: addresses are literals, names (the SMTP server) are kept as
 * written, interfaces are not looked up.
 */
package io.keepwatch.config;
