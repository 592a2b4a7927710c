/** The {@code keepwatch} command line (picocli): {@code run}, {@code check-config}, {@code status}, {@code reload}, {@code stop}, {@code plugins}. */
package io.keepwatch.cli;
