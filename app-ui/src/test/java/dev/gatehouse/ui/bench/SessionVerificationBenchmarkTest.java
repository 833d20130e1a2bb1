package dev.gatehouse.ui.bench;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@link SessionVerificationBenchmark} with JMH, one thread (so per core). In the suite it is a smoke of a
 * second per iteration; {@code ./gatehouse bench} passes longer iterations ({@code gatehouse.jmh.seconds}). The
 * scores go to {@code target/benchmark/verification.md}; no threshold is asserted here, the README records them.
 */
class SessionVerificationBenchmarkTest {

    @Test
    void verificationPerSecondPerCore() throws Exception {
        int seconds = Integer.getInteger("gatehouse.jmh.seconds", 1);
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(SessionVerificationBenchmark.class.getName())
                .forks(0)
                .threads(1)
                .warmupIterations(Integer.getInteger("gatehouse.jmh.iterations", 1)).warmupTime(TimeValue.seconds(seconds))
                .measurementIterations(Integer.getInteger("gatehouse.jmh.iterations", 1)).measurementTime(TimeValue.seconds(seconds))
                .shouldFailOnError(true)
                .build()).run();
        StringBuilder report = new StringBuilder("# Session-JWT verification in app-ui (JMH, one thread)\n\n"
                + "| algorithm | verifications/s | ± |\n|---|---|---|\n");
        for (RunResult result : results) {
            var score = result.getPrimaryResult();
            report.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f |%n", result.getParams().getParam("algorithm"),
                    score.getScore(), Double.isNaN(score.getScoreError()) ? 0 : score.getScoreError()));
            assertThat(score.getScore()).isPositive();
        }
        assertThat(results).hasSize(2);
        Path out = Path.of("target", "benchmark");
        Files.createDirectories(out);
        Files.writeString(out.resolve("verification.md"), report);
        System.out.println(report);
    }
}
