package dev.gatehouse.e2e;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DamonWakeupsTest {

    @Test
    void aStartCountsAsNearAWakeUpWithinTheWindowOnEitherSide() {
        List<Long> wakeups = List.of(2_000L, 1_000L);
        long[] startedAt = {969, 970, 1_000, 1_030, 1_031, 1_500, 1_971, 2_029, 5_000};

        assertThat(DamonWakeups.near(startedAt, wakeups, 30)).isEqualTo(5);
        assertThat(DamonWakeups.near(startedAt, List.of(), 30)).isZero();
    }
}
