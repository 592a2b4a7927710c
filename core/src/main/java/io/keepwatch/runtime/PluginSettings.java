package io.keepwatch.runtime;

import io.keepwatch.config.model.GlobalDefs;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.SyncGroupConfig;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.plugin.api.GlobalSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Translates the parsed configuration's {@code global_defs} into the {@link GlobalSettings} plugins read. */
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
}
