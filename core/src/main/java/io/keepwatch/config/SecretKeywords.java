package io.keepwatch.config;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which keywords of plugin blocks ({@code vrrp_check}, {@code vrrp_notifier}, {@code vrrp_witness}) hold secrets: their
 * values are kept as raw text for the plugin, so every dump must mask them by name. Matching is by
 * part of the keyword, so {@code smtp_password}, {@code webhook_secret} and an {@code Authorization}
 * header are all caught.
 */
public final class SecretKeywords {

    private static final List<String> PARTS = List.of("pass", "secret", "token", "authorization", "api_key",
            "apikey", "credential", "private_key");

    private SecretKeywords() {}

    private static final Pattern USER_INFO = Pattern.compile("(://)[^/@\\s]+@");

    /** A URL's {@code user:password@} part masked ({@code https://u:p@host} is a common webhook form). */
    public static String maskUserInfo(String value) {
        return USER_INFO.matcher(value).replaceAll("$1" + Matcher.quoteReplacement(
                io.keepwatch.config.model.Secret.MASK) + "@");
    }

    public static boolean isSecret(String keyword) {
        String k = keyword.toLowerCase(Locale.ROOT);
        return PARTS.stream().anyMatch(k::contains);
    }
}
