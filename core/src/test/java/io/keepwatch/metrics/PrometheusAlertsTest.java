package io.keepwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.Promtool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/prometheus-alerts.yml is a rule file Prometheus loads ({@code promtool check rules}), names
 * only metrics keepwatch serves, and raises its alerts on the series that should raise them and on
 * no others ({@code promtool test rules} with alerts/prometheus-alerts-test.yml).
 */
class PrometheusAlertsTest {

    private static final Path RULES = Path.of("../docs/prometheus-alerts.yml");

    @TempDir
    Path dir;

    @Test
    void theRuleFileLoads() throws Exception {
        Promtool.Verdict verdict = Promtool.checkRules(RULES);
        assertThat(verdict.passed()).as(verdict.output()).isTrue();
    }

    @Test
    void theAlertsFireOnConflictsTwoMastersNoMasterFlappingAndFaultAndNotOnAFailover() throws Exception {
        Files.copy(RULES, dir.resolve("prometheus-alerts.yml"));
        Path tests = dir.resolve("prometheus-alerts-test.yml");
        try (var in = Objects.requireNonNull(getClass().getResourceAsStream("/alerts/prometheus-alerts-test.yml"))) {
            Files.copy(in, tests);
        }
        Promtool.Verdict verdict = Promtool.testRules(tests);
        assertThat(verdict.passed()).as(verdict.output()).isTrue();
    }

    @Test
    void everyKeepwatchMetricTheRulesNameIsDocumented() throws Exception {
        String rules = Files.readString(RULES);
        String documented = Files.readString(Path.of("../docs/metrics.md"));
        var names = java.util.regex.Pattern.compile("keepwatch_[a-z_]+").matcher(rules).results()
                .map(m -> m.group()).distinct().toList();
        assertThat(names).isNotEmpty().allSatisfy(name -> assertThat(documented).contains("`" + name));
    }
}
