/**
 * What reading a configuration reports: {@code file:line} errors and warnings. Its own package so
 * that the lexer, the parser and the binders report through it without importing the loader that
 * drives them.
 */
package io.keepwatch.config.diagnostic;
