package io.keepwatch.plugins;

import java.nio.file.Path;

/**
 * A plugin file or directory keepwatch would not load, and why.
 *
 * @param path the jar or plugin directory
 * @param reason the refusal, naming the offending file
 */
public record RefusedPlugin(Path path, String reason) {}
