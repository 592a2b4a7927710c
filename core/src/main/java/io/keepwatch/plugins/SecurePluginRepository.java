package io.keepwatch.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.pf4j.PluginRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin jars ({@code *.jar}) directly inside the plugin roots, in name order, without those that
 * {@link PluginSecurity} refuses. A missing root is not an error (the defaults need not exist).
 */
final class SecurePluginRepository implements PluginRepository {

    private static final Logger log = LoggerFactory.getLogger(SecurePluginRepository.class);

    private final Supplier<List<Path>> roots;
    private final PluginSecurity security;
    private final List<PluginProblem> refused = new CopyOnWriteArrayList<>();

    SecurePluginRepository(Supplier<List<Path>> roots, PluginSecurity security) {
        this.roots = roots;
        this.security = security;
    }

    @Override
    public List<Path> getPluginPaths() {
        refused.clear();
        List<Path> paths = new ArrayList<>();
        for (Path root : roots.get()) {
            if (!Files.isDirectory(root)) {
                log.debug("plugin directory {} does not exist", root);
                continue;
            }
            if (refuse(root, "plugin directory")) {
                continue;
            }
            try (Stream<Path> files = Files.list(root)) {
                files.filter(p -> p.getFileName().toString().endsWith(".jar"))
                        .sorted()
                        .filter(p -> !refuse(p, "plugin"))
                        .forEach(paths::add);
            } catch (IOException e) {
                log.error("cannot list plugin directory {}: {}", root, e.toString());
            }
        }
        return paths;
    }

    private boolean refuse(Path path, String what) {
        var reason = security.refusal(path);
        if (reason.isEmpty()) {
            return false;
        }
        String message = "refusing " + what + " " + path + ": " + reason.get();
        log.error(message);
        refused.add(new PluginProblem(path, message));
        return true;
    }

    /** What the last scan refused. */
    List<PluginProblem> refused() {
        return List.copyOf(refused);
    }

    @Override
    public boolean deletePluginPath(Path pluginPath) {
        return false;
    }
}
