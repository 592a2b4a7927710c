package io.keepwatch.config.bind;

import io.keepwatch.config.diagnostic.Diagnostics;
import io.keepwatch.config.model.AuthenticationConfig;
import io.keepwatch.config.model.Secret;
import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.vrrp.codec.AuthType;
import java.nio.charset.StandardCharsets;

/** Binds the {@code authentication { auth_type PASS|AH  auth_pass SECRET }} block of an instance. */
final class AuthenticationBinder {
    private final Values values;
    private final Diagnostics diagnostics;

    AuthenticationBinder(Values values) {
        this.values = values;
        this.diagnostics = values.diagnostics();
    }

    AuthenticationConfig bind(ConfigNode block, String label) {
        AuthType type = AuthType.NONE;
        String pass = null;
        for (ConfigNode n : values.block(block)) {
            switch (n.keyword()) {
                case "auth_type" -> {
                    var w = values.word(n);
                    if (w.isPresent()) {
                        switch (w.get()) {
                            case "PASS" -> type = AuthType.PASS;
                            case "AH" -> type = AuthType.AH;
                            default -> diagnostics.error(n.position(), "auth_type '" + w.get() + "' is neither PASS nor AH");
                        }
                    }
                }
                case "auth_pass" -> {
                    var w = values.word(n);
                    if (w.isPresent()) pass = truncatePassword(n, w.get());
                }
                default -> diagnostics.warning(n.position(), "unknown keyword '" + n.keyword()
                        + "' in authentication of " + label + "; ignored");
            }
        }
        if (type == AuthType.NONE) return AuthenticationConfig.NONE;
        if (pass == null || pass.isEmpty()) {
            // keepalived: "Authentication specified but no password given. Ignoring"
            diagnostics.warning(block.position(), label + ": authentication without auth_pass; ignored");
            return AuthenticationConfig.NONE;
        }
        return new AuthenticationConfig(type, new Secret(pass));
    }

    /** RFC 3768 5.3.10: the password field is 8 bytes; keepalived cuts longer ones. */
    private String truncatePassword(ConfigNode n, String pass) {
        byte[] bytes = pass.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= 8) return pass;
        int end = pass.length();
        while (pass.substring(0, end).getBytes(StandardCharsets.UTF_8).length > 8) end--;
        diagnostics.warning(n.position(), "auth_pass is longer than 8 bytes; cut to 8");
        return pass.substring(0, end);
    }
}
