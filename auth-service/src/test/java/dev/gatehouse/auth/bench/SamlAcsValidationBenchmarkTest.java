package dev.gatehouse.auth.bench;

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
 * Runs {@link SamlAcsValidationBenchmark} with JMH on one thread (so per core). In the suite it is a smoke of a second
 * per iteration; {@code ./gatehouse bench} passes longer ones ({@code gatehouse.jmh.seconds}). Scores go to
 * {@code target/benchmark/saml-acs.md}; no threshold is asserted, the README records them.
 */
class SamlAcsValidationBenchmarkTest {

    @Test
    void validationsPerSecondPerCore() throws Exception {
        int seconds = Integer.getInteger("gatehouse.jmh.seconds", 1);
        int iterations = Integer.getInteger("gatehouse.jmh.iterations", 1);
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(SamlAcsValidationBenchmark.class.getName())
                .forks(0)
                .threads(1)
                .warmupIterations(iterations).warmupTime(TimeValue.seconds(seconds))
                .measurementIterations(iterations).measurementTime(TimeValue.seconds(seconds))
                .shouldFailOnError(true)
                .build()).run();
        StringBuilder report = new StringBuilder("# SAML ACS response validation in auth-service (JMH, one thread)\n\n"
                + "| signed element | validations/s | ± |\n|---|---|---|\n");
        for (RunResult result : results) {
            var score = result.getPrimaryResult();
            report.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f |%n", result.getParams().getParam("signed"),
                    score.getScore(), Double.isNaN(score.getScoreError()) ? 0 : score.getScoreError()));
            assertThat(score.getScore()).isPositive();
        }
        assertThat(results).hasSize(2);
        Path out = Path.of("target", "benchmark");
        Files.createDirectories(out);
        Files.writeString(out.resolve("saml-acs.md"), report);
        System.out.println(report);
    }
}
