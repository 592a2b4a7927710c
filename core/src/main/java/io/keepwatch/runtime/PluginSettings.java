package io.keepwatch.runtime;

import io.keepwatch.config.model.GlobalDefs;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.ScriptCommand;
import io.keepwatch.config.model.SyncGroupConfig;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.config.model.VrrpScriptConfig;
import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.GlobalSettings;
import io.keepwatch.plugin.api.SourcePosition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates the parsed configuration into what plugins read: the {@link GlobalSettings} of
 * global_defs, and keepalived's {@code vrrp_script} blocks as the unbound tree the script check
 * plugin binds (so a keepalived configuration runs its scripts through the same code as a
 * {@code vrrp_check type script}).
 */
final class PluginSettings {

    private PluginSettings() {}

    static GlobalSettings globals(KeepalivedConfig config) {
        GlobalDefs g = config.global();
        Map<String, Boolean> alertOverrides = new HashMap<>();
        for (VrrpInstanceConfig instance : config.instances()) {
            alertOverrides.put(instance.name(), instance.smtpAlert());
        }
        for (SyncGroupConfig group : config.syncGroups()) {
            alertOverrides.put(group.name(), group.smtpAlert());
        }
        Map<String, List<String>> other = new HashMap<>(g.pluginGlobals());
        g.scriptUser().ifPresent(user -> {
            List<String> args = new ArrayList<>(List.of(user));
            g.scriptGroup().ifPresent(args::add);
            other.put("script_user", args);
        });
        if (g.enableScriptSecurity()) {
            other.put("enable_script_security", List.of());
        }
        return new GlobalSettings(routerId(g), g.notificationEmail(), g.notificationEmailFrom(),
                g.smtpServer().map(s -> s.host()), g.smtpServer().map(s -> s.port()).orElse(GlobalSettings.DEFAULT_SMTP_PORT),
                g.smtpConnectTimeout(), g.smtpHeloName(), g.smtpAlert(), alertOverrides, other);
    }

    /** keepalived's router_id default: the host name, read from the kernel (no resolver involved). */
    static String routerId(GlobalDefs global) {
        return global.routerId().orElseGet(() -> {
            try {
                return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            } catch (IOException e) {
                return "keepwatch";
            }
        });
    }

    /** A vrrp_script as the tree of a {@code vrrp_check NAME { type script ... }}. */
    static ConfigNode scriptBlock(VrrpScriptConfig script, Path configFile) {
        SourcePosition at = new SourcePosition(configFile.toString(), 0, 0);
        List<ConfigNode> lines = new ArrayList<>();
        lines.add(line("type", at, "script"));
        lines.add(line("script", at, quoted(script.script())));
        lines.add(line("interval", at, seconds(script.interval())));
        lines.add(line("timeout", at, seconds(script.timeout())));
        lines.add(line("rise", at, Integer.toString(script.rise())));
        lines.add(line("fall", at, Integer.toString(script.fall())));
        lines.add(line("weight", at, Integer.toString(script.weight())));
        script.user().ifPresent(user -> lines.add(script.group()
                .map(group -> line("user", at, user, group)).orElseGet(() -> line("user", at, user))));
        if (script.initFail()) {
            lines.add(line("init_fail", at));
        }
        return new ConfigNode("vrrp_script", List.of(script.name()), lines, at);
    }

    private static ConfigNode line(String keyword, SourcePosition at, String... arguments) {
        return new ConfigNode(keyword, List.of(arguments), List.of(), at);
    }

    /** The script line as keepalived splits it: blanks separate words, single quotes keep them together. */
    private static String quoted(ScriptCommand command) {
        List<String> words = new ArrayList<>();
        for (String arg : command.argv()) {
            words.add(arg.isEmpty() || arg.chars().anyMatch(Character::isWhitespace) ? "'" + arg + "'" : arg);
        }
        return String.join(" ", words);
    }

    private static String seconds(Duration duration) {
        return java.math.BigDecimal.valueOf(duration.toNanos(), 9).stripTrailingZeros().toPlainString();
    }
}
