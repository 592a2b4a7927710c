package io.keepwatch.plugin.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of this contract. A plugin names the versions it works with in its manifest
 * ({@code Plugin-Requires: 1.0.0}, read as "1.0.0 or newer within major version 1"); keepwatch
 * refuses a plugin built for another major version, because only a major bump may break it.
 */
public final class PluginApi {

    /**
     * Semantic version of the plugin API this keepwatch offers: the version of the
     * {@code io.keepwatch:keepwatch-plugin-api} artifact, which the build writes into this jar.
     */
    public static final String VERSION = readVersion();

    private PluginApi() {}

    private static String readVersion() {
        Properties properties = new Properties();
        try (InputStream in = PluginApi.class.getResourceAsStream("plugin-api.properties")) {
            if (in == null) {
                throw new IllegalStateException("plugin-api.properties is missing from the plugin API jar");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }
}
