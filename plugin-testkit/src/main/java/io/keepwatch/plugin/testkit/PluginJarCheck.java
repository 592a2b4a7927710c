package io.keepwatch.plugin.testkit;

import io.keepwatch.plugin.api.HealthCheckFactory;
import io.keepwatch.plugin.api.NotifierFactory;
import io.keepwatch.plugin.api.PluginApi;
import io.keepwatch.plugin.api.WitnessFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.pf4j.DefaultVersionManager;
import org.pf4j.Plugin;
import org.pf4j.VersionManager;

/**
 * Whether a built plugin jar is one keepwatch will load, checked the way keepwatch reads it: the
 * manifest entries PF4J needs, a {@code Plugin-Requires} that the plugin API this project compiles
 * against satisfies (within its major version, as keepwatch demands), a {@code Plugin-Class} that
 * is a PF4J {@link Plugin}, and an extension index ({@code META-INF/extensions.idx}, written by
 * PF4J's annotation processor) naming at least one {@link HealthCheckFactory},
 * {@link NotifierFactory} or {@link WitnessFactory} that keepwatch can create, each with a type of its own.
 *
 * <p>Run it on the jar after the package phase, so that a mistake fails the build instead of an
 * operator's start, e.g. from a test that failsafe runs on the packaged jar:
 *
 * <pre>{@code
 * PluginJarCheck.assertLoadable(Path.of(System.getProperty("plugin.jar")));
 * }</pre>
 */
public final class PluginJarCheck {

    /** Where PF4J's annotation processor lists a jar's {@code @Extension} classes. */
    public static final String EXTENSION_INDEX = "META-INF/extensions.idx";

    /** The manifest entries keepwatch reads; each must be present and not blank. */
    public static final List<String> REQUIRED_ENTRIES =
            List.of("Plugin-Id", "Plugin-Version", "Plugin-Requires", "Plugin-Class");

    /** The packages keepwatch always supplies to a plugin, whatever its jar holds. */
    private static final List<String> HOST_PACKAGES = List.of("io.keepwatch.plugin.api.", "org.pf4j.",
            "org.slf4j.", "io.micrometer.", "org.HdrHistogram.", "org.LatencyUtils.", "com.github.zafarkhaja.semver.");

    private PluginJarCheck() {}

    /**
     * Fails with an {@link AssertionError} listing every reason keepwatch would not load {@code jar},
     * or load it without any check, notifier or witness type.
     */
    public static void assertLoadable(Path jar) {
        List<String> problems = problems(jar);
        if (!problems.isEmpty()) {
            throw new AssertionError(jar + " is not a plugin keepwatch can load:\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    /** Every reason keepwatch would not load {@code jar}; empty when it would. */
    public static List<String> problems(Path jar) {
        if (!Files.isRegularFile(jar)) {
            return List.of("no such file (is the check run after the package phase?)");
        }
        List<String> problems = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile());
             URLClassLoader loader = new PluginLoader(jar.toUri().toURL(), PluginJarCheck.class.getClassLoader())) {
            Attributes manifest = file.getManifest() == null ? new Attributes() : file.getManifest().getMainAttributes();
            checkManifest(manifest, problems);
            String pluginClass = manifest.getValue("Plugin-Class");
            if (pluginClass != null && !pluginClass.isBlank()) {
                checkPluginClass(pluginClass.trim(), file, loader, problems);
            }
            checkExtensions(file, loader, problems);
        } catch (IOException e) {
            problems.add("cannot read the jar: " + e);
        }
        return problems;
    }

    private static void checkManifest(Attributes manifest, List<String> problems) {
        for (String entry : REQUIRED_ENTRIES) {
            String value = manifest.getValue(entry);
            if (value == null || value.isBlank()) {
                problems.add("the manifest has no " + entry + " (set it in maven-jar-plugin's <manifestEntries>)");
            }
        }
        VersionManager versions = new DefaultVersionManager();
        String version = manifest.getValue("Plugin-Version");
        if (version != null && !version.isBlank() && !isVersion(versions, version.trim())) {
            problems.add("Plugin-Version '" + version + "' is not a semantic version (MAJOR.MINOR.PATCH)");
        }
        String requires = manifest.getValue("Plugin-Requires");
        if (requires != null && !requires.isBlank()) {
            checkRequires(versions, requires.trim(), problems);
        }
    }

    private static void checkRequires(VersionManager versions, String requires, List<String> problems) {
        boolean satisfied;
        try {
            // As PF4J reads it: a plain version means that version or newer.
            satisfied = versions.checkVersionConstraint(PluginApi.VERSION,
                    isVersion(versions, requires) ? ">=" + requires : requires);
        } catch (RuntimeException e) {
            problems.add("Plugin-Requires '" + requires + "' is not a version or version range: " + e.getMessage());
            return;
        }
        if (!satisfied) {
            problems.add("Plugin-Requires '" + requires + "' excludes plugin API " + PluginApi.VERSION
                    + ", the version this plugin is compiled against");
        } else if (isVersion(versions, requires) && !major(requires).equals(major(PluginApi.VERSION))) {
            problems.add("Plugin-Requires '" + requires + "' names another major version than plugin API "
                    + PluginApi.VERSION + ", which this plugin is compiled against; keepwatch would refuse it");
        }
    }

    private static boolean isVersion(VersionManager versions, String version) {
        if (!version.matches("\\d+\\.\\d+\\.\\d+([-+].*)?")) {
            return false;
        }
        try {
            versions.compareVersions(version, "0.0.0");
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String major(String version) {
        return version.substring(0, version.indexOf('.'));
    }

    private static void checkPluginClass(String name, JarFile file, ClassLoader loader, List<String> problems) {
        if (name.equals(Plugin.class.getName())) {
            return;
        }
        if (!inJar(file, name)) {
            problems.add("Plugin-Class " + name + " is not in the jar");
            return;
        }
        try {
            Class<?> type = Class.forName(name, false, loader);
            if (!Plugin.class.isAssignableFrom(type) || Modifier.isAbstract(type.getModifiers())) {
                problems.add("Plugin-Class " + name + " is not a concrete subclass of " + Plugin.class.getName());
            }
        } catch (ClassNotFoundException | LinkageError e) {
            problems.add("Plugin-Class " + name + " cannot be loaded: " + e);
        }
    }

    private static void checkExtensions(JarFile file, ClassLoader loader, List<String> problems) {
        ZipEntry index = file.getEntry(EXTENSION_INDEX);
        if (index == null) {
            problems.add("no " + EXTENSION_INDEX + ": PF4J's annotation processor did not run, so keepwatch "
                    + "finds no check, notifier or witness in this jar (javac 25 runs it only when asked: "
                    + "<proc>full</proc> in maven-compiler-plugin's configuration)");
            return;
        }
        List<String> names = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(file.getInputStream(index), StandardCharsets.UTF_8))) {
            in.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(names::add);
        } catch (IOException e) {
            problems.add("cannot read " + EXTENSION_INDEX + ": " + e);
            return;
        }
        if (names.isEmpty()) {
            problems.add(EXTENSION_INDEX + " lists no extension: annotate the factories with @org.pf4j.Extension");
            return;
        }
        Map<String, Set<String>> typesByKind = new HashMap<>();
        for (String name : names) {
            if (!inJar(file, name)) {
                problems.add(EXTENSION_INDEX + " names " + name + ", which is not in the jar");
                continue;
            }
            try {
                Class<?> type = Class.forName(name, false, loader);
                String kind = HealthCheckFactory.class.isAssignableFrom(type) ? "check"
                        : NotifierFactory.class.isAssignableFrom(type) ? "notifier"
                        : WitnessFactory.class.isAssignableFrom(type) ? "witness" : null;
                if (kind == null) {
                    problems.add("extension " + name
                            + " implements none of HealthCheckFactory, NotifierFactory, WitnessFactory");
                    continue;
                }
                Object extension = type.getConstructor().newInstance();
                String served = switch (extension) {
                    case HealthCheckFactory f -> f.type();
                    case NotifierFactory f -> f.type();
                    case WitnessFactory f -> f.type();
                    default -> throw new IllegalStateException("unreachable");
                };
                if (served == null || served.isBlank() || !served.equals(served.strip()) || served.contains(" ")) {
                    problems.add("extension " + name + " serves " + kind + " type '" + served
                            + "': a type is one non-blank word");
                } else if (!typesByKind.computeIfAbsent(kind, k -> new HashSet<>()).add(served)) {
                    problems.add("two extensions serve " + kind + " type '" + served + "'");
                }
            } catch (NoSuchMethodException e) {
                problems.add("extension " + name + " has no public no-argument constructor");
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
                problems.add("extension " + name + " cannot be created: " + cause);
            }
        }
    }

    private static boolean inJar(JarFile file, String className) {
        return file.getEntry(className.replace('.', '/') + ".class") != null;
    }

    /**
     * Loads as keepwatch does: the contract's packages from the host (here, this test's class path),
     * everything else from the jar first.
     */
    private static final class PluginLoader extends URLClassLoader {

        PluginLoader(URL jar, ClassLoader host) {
            super(new URL[] {jar}, host);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                for (String prefix : HOST_PACKAGES) {
                    if (name.startsWith(prefix)) {
                        return super.loadClass(name, resolve);
                    }
                }
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    try {
                        loaded = findClass(name);
                    } catch (ClassNotFoundException notInJar) {
                        return super.loadClass(name, resolve);
                    }
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }
    }
}
