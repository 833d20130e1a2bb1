package dev.gatehouse.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark as the suite runs it: a seconds-long smoke (it starts, measures, writes the report and the
 * chart). {@code ./gatehouse bench} runs the same with real warm-up and rounds; docs/performance.md has its figures.
 */
class BenchmarkTest {

    @Test
    void gatehouseAndKeycloakSideBySide() throws Exception {
        Stack stack = Stack.get();
        Benchmark benchmark = new Benchmark(Benchmark.Settings.fromSystemProperties());
        Benchmark.Report report = benchmark.run(List.of(benchmark.gatehouse(stack), benchmark.keycloak(stack)));
        Path out = Path.of("target", "benchmark");
        Files.createDirectories(out);
        String markdown = Benchmark.markdown(report, "Gatehouse", "Keycloak");
        Files.writeString(out.resolve("report.md"), markdown);
        Benchmark.chart(report, List.of("Gatehouse", "Keycloak"), out.resolve("chart.png"));
        System.out.println(markdown);
        assertThat(report.warmups()).hasSize(2 * report.settings().scenarios().size());
        assertThat(report.samples()).allSatisfy(sample -> assertThat(sample.requests()).isPositive());
        assertThat(report.halfLoad()).hasSize(2 * report.settings().scenarios().size())
                .allSatisfy(paced -> assertThat(paced.requests()).isPositive());
        assertThat(markdown).contains("At half of each system's top rate", "slowest hundredth near kdamond",
                "The machine's speed: one core sorted", "Against issue #14's goals",
                "ready < 2 s after a start on its existing database");
        assertThat(report.lifecycles()).extracting(Benchmark.Lifecycle::service)
                .containsExactly("tenant-service", "auth-service", "app-ui", "keycloak");
        assertThat(report.lifecycles()).allSatisfy(x -> {
            assertThat(x.restarts()).hasSize(report.settings().restarts());
            assertThat(x.readyOnExistingDatabase()).isPositive();
            assertThat(x.rssMegabytesAfterRun()).isPositive();
        });
        assertThat(report.sortMillisBefore()).isPositive();
        assertThat(report.sortMillisAfter()).isPositive();
        assertThat(out.resolve("chart.png")).isNotEmptyFile();
    }

    /** The restarts' median decides the readiness goal: one slow or fast start on a shared VM does not. */
    @Test
    void aStartOnTheExistingDatabaseIsTheMedianOfTheRestarts() {
        assertThat(lifecycle(2.31, 1.72, 1.80).readyOnExistingDatabase()).isEqualTo(Duration.ofMillis(1800));
        assertThat(lifecycle(1.90, 2.10).readyOnExistingDatabase()).isEqualTo(Duration.ofMillis(2000));
        assertThat(lifecycle(2.05).readyOnExistingDatabase()).isEqualTo(Duration.ofMillis(2050));
    }

    private static Benchmark.Lifecycle lifecycle(double... restartSeconds) {
        List<Benchmark.Restart> restarts = Arrays.stream(restartSeconds)
                .mapToObj(s -> new Benchmark.Restart(Optional.of(Duration.ofSeconds(1)), Duration.ofMillis(Math.round(s * 1000))))
                .toList();
        return new Benchmark.Lifecycle("Gatehouse", "auth-service", Duration.ofSeconds(3), 180, restarts);
    }
}
