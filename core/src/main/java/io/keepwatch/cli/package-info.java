/** The {@code keepwatch} command line (picocli): {@code run}, {@code check-config}. */
package io.keepwatch.cli;
