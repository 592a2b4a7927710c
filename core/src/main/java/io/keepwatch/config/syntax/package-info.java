/** keepalived.conf lexical rules (comments, braces, quotes, include, parameters, conditionals) and blocks. */
package io.keepwatch.config.syntax;
