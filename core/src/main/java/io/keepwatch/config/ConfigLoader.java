package io.keepwatch.config;

import io.keepwatch.config.diagnostic.Severity;
import io.keepwatch.config.diagnostic.Diagnostics;
import io.keepwatch.config.diagnostic.Diagnostic;
import io.keepwatch.config.bind.ConfigBinder;
import io.keepwatch.config.bind.MissingInterfaces;
import io.keepwatch.config.model.DynamicInterfaces;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.syntax.BlockParser;
import io.keepwatch.config.syntax.Lexer;
import io.keepwatch.config.syntax.Token;
import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.SourcePosition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reads keepalived.conf: lexer, block parser, binders. Never touches the network (no name is
 * resolved, no interface looked up): the caller that checks interfaces passes what the host has.
 */
public final class ConfigLoader {
    private ConfigLoader() {}

    /** Loads {@code file} and its includes; conditional lines are matched against {@code configId}. */
    public static ConfigResult load(Path file, String configId) {
        return load(file, configId, null);
    }

    /**
     * Loads {@code file} as {@link #load(Path, String)} and, unless it sets {@code dynamic_interfaces},
     * reports each interface it names that {@code interfaceExists} (the host's links, read by the
     * caller) denies as an error, as keepalived refuses such a file.
     */
    public static ConfigResult load(Path file, String configId, Predicate<String> interfaceExists) {
        return load(file, configId, interfaceExists, true);
    }

    /**
     * Loads {@code file} as {@link #load(Path, String, Predicate)}, reporting a missing interface as
     * an error when {@code refuseMissing}, else as a warning.
     */
    public static ConfigResult load(Path file, String configId, Predicate<String> interfaceExists,
                                    boolean refuseMissing) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            String why = Files.exists(file) ? "cannot read " + file : "no configuration file " + file;
            return new ConfigResult(Optional.empty(),
                    List.of(new Diagnostic(Severity.ERROR, new SourcePosition(file.toString(), 0, 0), why)), true);
        }
        return read(random -> new Lexer(configId, new Diagnostics(), random), lexer -> lexer.lexFile(file),
                interfaceExists, refuseMissing);
    }

    /** Loads text named {@code name}; includes are resolved against {@code baseDirectory}. */
    public static ConfigResult loadString(String name, String text, Path baseDirectory, String configId) {
        return read(random -> new Lexer(configId, new Diagnostics(), random),
                lexer -> lexer.lexString(name, text, baseDirectory), null, true);
    }

    /** Loads text named {@code name}, with the default config id and includes relative to the working directory. */
    public static ConfigResult loadString(String name, String text) {
        return loadString(name, text, Path.of("").toAbsolutePath(), defaultConfigId());
    }

    /**
     * Reads with a fresh seed for {@code ${_RANDOM}}; when the file used it and sets
     * {@code random_seed}, reads again with that seed, so that the file always reads the same.
     * (keepalived seeds with the value of the read before, so its first start is not repeatable.)
     */
    private static ConfigResult read(Function<Random, Lexer> lexers, Function<Lexer, List<Token>> lex,
                                     Predicate<String> interfaceExists, boolean refuseMissing) {
        Lexer lexer = lexers.apply(new Random());
        ConfigResult first = finish(lex.apply(lexer), lexer.diagnostics(), interfaceExists, refuseMissing);
        OptionalLong seed = first.config().map(c -> c.global().host().randomSeed()).orElse(OptionalLong.empty());
        if (!lexer.usedRandom() || seed.isEmpty()) return first;
        Lexer seeded = lexers.apply(new Random(seed.getAsLong()));
        return finish(lex.apply(seeded), seeded.diagnostics(), interfaceExists, refuseMissing);
    }

    private static ConfigResult finish(List<Token> tokens, Diagnostics diagnostics, Predicate<String> interfaceExists,
                                       boolean refuseMissing) {
        List<ConfigNode> top = new BlockParser(diagnostics).parse(tokens);
        Optional<KeepalivedConfig> config = new ConfigBinder(diagnostics).bind(top);
        if (interfaceExists != null && config.isPresent()
                && config.get().global().host().dynamicInterfaces() == DynamicInterfaces.OFF) {
            MissingInterfaces.check(top, interfaceExists, refuseMissing, diagnostics);
        }
        return new ConfigResult(diagnostics.hasErrors() ? Optional.empty() : config, diagnostics.all(), false);
    }

    /**
     * keepalived's default config id: the host name up to its first dot. Read from the kernel, so
     * no resolver is consulted.
     */
    public static String defaultConfigId() {
        String name = null;
        try {
            name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException | RuntimeException e) {
            name = System.getenv("HOSTNAME");
        }
        if (name == null || name.isEmpty()) return "localhost";
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
