package io.keepwatch.plugin.api;

/**
 * The version of this contract. A plugin names the versions it works with in its manifest
 * ({@code Plugin-Requires: 1.0.0}, read as "1.0.0 or newer within major version 1"); keepwatch
 * refuses a plugin built for another major version, because only a major bump may break it.
 */
public final class PluginApi {

    /** Semantic version of the plugin API this keepwatch offers. */
    public static final String VERSION = "1.0.0";

    private PluginApi() {}
}
