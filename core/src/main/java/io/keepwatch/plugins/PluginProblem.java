package io.keepwatch.plugins;

import java.nio.file.Path;

/**
 * A plugin file or directory keepwatch did not load: refused as insecure, or unreadable (not a
 * jar, no valid manifest).
 *
 * @param path the jar or plugin directory
 * @param message why, naming the offending file
 */
public record PluginProblem(Path path, String message) {}
