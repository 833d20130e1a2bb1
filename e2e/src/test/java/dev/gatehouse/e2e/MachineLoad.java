package dev.gatehouse.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * How busy the whole machine is, from the kernel's CPU counters ({@code /proc/stat}): every process's work, the
 * database's autovacuum and the other system's idle timers included. A start timed while something else still works
 * off the load before it would measure that, not the start.
 */
final class MachineLoad {

    private static final Path STAT = Path.of("/proc/stat");

    private MachineLoad() {
    }

    /**
     * Waits until the machine was quiet for a whole second (under {@code cores} of a core busy in all), at most about
     * {@code limit}: how long that took, or empty when it was not quiet by then.
     */
    static Optional<Duration> awaitQuiet(double cores, Duration limit) {
        long start = System.nanoTime();
        do {
            if (busyCores(Duration.ofSeconds(1)) < cores) {
                return Optional.of(Duration.ofNanos(System.nanoTime() - start));
            }
        } while (Duration.ofNanos(System.nanoTime() - start).compareTo(limit) < 0);
        return Optional.empty();
    }

    /** Cores busy on average over the next {@code window}. */
    static double busyCores(Duration window) {
        long[] before = ticks();
        ServiceProcess.sleep(window.toMillis());
        long[] after = ticks();
        // The aggregate line's fields: user nice system idle iowait irq softirq steal (guest time is within user).
        long busy = 0;
        long idle = 0;
        for (int field = 0; field < 8; field++) {
            long delta = after[field] - before[field];
            if (field == 3 || field == 4) {
                idle += delta;
            } else {
                busy += delta;
            }
        }
        int cores = Runtime.getRuntime().availableProcessors();
        return busy + idle == 0 ? 0 : cores * (double) busy / (busy + idle);
    }

    private static long[] ticks() {
        try {
            String line = Files.readAllLines(STAT).get(0);
            return Arrays.stream(line.trim().split("\\s+")).skip(1).limit(8).mapToLong(Long::parseLong).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + STAT, e);
        }
    }
}
