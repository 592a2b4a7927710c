/** keepalived.conf lexical rules (comments, braces, quotes, include, parameters, conditionals, ~SEQ/~LST blocks) and blocks. */
package io.keepwatch.config.syntax;
