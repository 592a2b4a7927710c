package io.keepwatch.check.script;

import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.GlobalSettings;
import io.keepwatch.plugin.api.PluginContext;
import io.keepwatch.plugin.testkit.PluginTestKit;
import io.keepwatch.script.ScriptPolicy;

/** Test kit contexts with keepwatch's own script runner, as the plugin host hands them over. */
final class Contexts {

    private Contexts() {}

    static PluginContext of(ConfigNode block, GlobalSettings globals) {
        PluginContext c = PluginTestKit.context(block, globals);
        return new PluginContext(c.name(), c.config(), c.globals(), c.logger(), c.meterRegistry(),
                ScriptPolicy.of(globals));
    }

    static PluginContext of(ConfigNode block) {
        return of(block, GlobalSettings.of("test-router"));
    }
}
