package io.keepwatch;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package layering of the daemon, checked on its compiled classes. From the top:
 *
 * <ol>
 *   <li>{@code cli}: the commands;</li>
 *   <li>{@code control}: the control socket and its requests;</li>
 *   <li>{@code metrics}: status and Prometheus metrics;</li>
 *   <li>{@code runtime} with {@code runtime.net}: the daemon, its instances and their data plane
 *       ({@code runtime.net} sits below {@code runtime}: the cycle rule keeps it from importing
 *       it);</li>
 *   <li>the host layer: {@code config} (parsing and binding keepalived.conf), {@code plugins} (the
 *       plugin host) and {@code script} (running scripts as keepalived does: it reads the
 *       configuration's model and is used by the plugin host, so it sits beside them);</li>
 *   <li>the leaves: {@code linux} (system calls through java.lang.foreign), {@code vrrp} and
 *       {@code vrrp.codec} (the pure engine and its wire format) and {@code logging} (the SLF4J
 *       backend, which knows nothing of keepwatch).</li>
 * </ol>
 *
 * A package may import from the layers below it, never from one above; no two packages import
 * each other, however indirectly.
 */
class LayeringTest {

    private static final String KEEPWATCH = "io.keepwatch..";
    private static final String VRRP = "io.keepwatch.vrrp..";
    private static final String LINUX = "io.keepwatch.linux..";
    private static final String LOGGING = "io.keepwatch.logging..";

    private static final JavaClasses DAEMON = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("plugin-api") && !location.contains("plugin-testkit"))
            .importPackages("io.keepwatch");

    /** The JDK includes javax.crypto: the codec computes the IPsec AH ICV with it (RFC 2402). */
    @Test
    void theVrrpEngineAndCodecUseOnlyTheJdkAndThemselves() {
        classes().that().resideInAPackage(VRRP)
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.crypto..", VRRP)
                .check(DAEMON);
    }

    @Test
    void linuxImportsNoKeepwatchCode() {
        classes().that().resideInAPackage(LINUX)
                .should().onlyDependOnClassesThat(
                        describe("outside keepwatch or in linux", (JavaClass c) ->
                                !resideInAnyPackage(KEEPWATCH).test(c) || resideInAnyPackage(LINUX).test(c)))
                .check(DAEMON);
    }

    @Test
    void loggingImportsNoKeepwatchCode() {
        classes().that().resideInAPackage(LOGGING)
                .should().onlyDependOnClassesThat(
                        describe("outside keepwatch or in logging", (JavaClass c) ->
                                !resideInAnyPackage(KEEPWATCH).test(c) || resideInAnyPackage(LOGGING).test(c)))
                .check(DAEMON);
    }

    @Test
    void noPackageImportsFromALayerAboveIt() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("cli").definedBy("io.keepwatch.cli..")
                .layer("control").definedBy("io.keepwatch.control..")
                .layer("metrics").definedBy("io.keepwatch.metrics..")
                .layer("runtime").definedBy("io.keepwatch.runtime..")
                .layer("host").definedBy("io.keepwatch.config..", "io.keepwatch.plugins..", "io.keepwatch.script..")
                .layer("leaves").definedBy(LINUX, VRRP, LOGGING)
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("control").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("metrics").mayOnlyBeAccessedByLayers("cli", "control")
                .whereLayer("runtime").mayOnlyBeAccessedByLayers("cli", "control", "metrics")
                .whereLayer("host").mayOnlyBeAccessedByLayers("cli", "control", "metrics", "runtime")
                .check(DAEMON);
    }

    @Test
    void noPackageCycle() {
        slices().matching("io.keepwatch.(**)")
                .should().beFreeOfCycles()
                .check(DAEMON);
    }
}
