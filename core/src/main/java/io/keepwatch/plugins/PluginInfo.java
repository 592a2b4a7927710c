package io.keepwatch.plugins;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One plugin as keepwatch sees it, for {@code keepwatch plugins} and status output.
 *
 * @param id {@code Plugin-Id}
 * @param version {@code Plugin-Version}
 * @param provider {@code Plugin-Provider}, may be empty
 * @param requires {@code Plugin-Requires}
 * @param path the jar it came from
 * @param state PF4J's state name: STARTED, FAILED, DISABLED, RESOLVED, ...
 * @param checkTypes the health check types it provides
 * @param notifierTypes the notifier types it provides
 * @param error why it did not start, in keepwatch's words, when it did not
 * @param descriptions its {@code Plugin-Description}, or what each of its types says of itself
 * @param warnings what is wrong with it although it started: a type refused because another plugin
 *     provides it, no extension index, factories that cannot be created
 * @param witnessTypes the witness types it provides
 */
public record PluginInfo(String id, String version, String provider, String requires, Path path, String state,
                         List<String> checkTypes, List<String> notifierTypes, Optional<String> error,
                         List<String> descriptions, List<String> warnings, List<String> witnessTypes) {

    public PluginInfo {
        witnessTypes = List.copyOf(witnessTypes);
        checkTypes = List.copyOf(checkTypes);
        notifierTypes = List.copyOf(notifierTypes);
        descriptions = List.copyOf(descriptions);
        warnings = List.copyOf(warnings);
    }

    /** A plugin that provides no witness type. */
    public PluginInfo(String id, String version, String provider, String requires, Path path, String state,
                      List<String> checkTypes, List<String> notifierTypes, Optional<String> error,
                      List<String> descriptions, List<String> warnings) {
        this(id, version, provider, requires, path, state, checkTypes, notifierTypes, error, descriptions, warnings,
                List.of());
    }

    /** Whether it started and nothing of it was refused. */
    public boolean healthy() {
        return state.equals("STARTED") && warnings.isEmpty();
    }
}
