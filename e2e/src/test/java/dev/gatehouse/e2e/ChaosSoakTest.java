package dev.gatehouse.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chaos soak, as the suite runs it: a seconds-long smoke with every fault once (the defaults of
 * {@link ChaosSoak.Settings}). {@code ./gatehouse soak} runs the same test for minutes; see the README.
 */
class ChaosSoakTest {

    @Test
    void aChaosRunLosesNothing() throws Exception {
        Stack stack = Stack.get();
        stack.startSecondReplicas();
        ChaosSoak.Report report;
        try {
            report = new ChaosSoak(stack, ChaosSoak.Settings.fromSystemProperties()).run();
        } finally {
            stack.stopSecondReplicas();
        }
        String markdown = report.markdown();
        Files.writeString(Path.of("target", "chaos-soak.md"), markdown);
        System.out.println(markdown);
        assertThat(report.refreshes()).isPositive();
        assertThat(report.faults()).hasSize(6);
        assertThat(report.lostNothing()).as(markdown).isTrue();
    }
}
