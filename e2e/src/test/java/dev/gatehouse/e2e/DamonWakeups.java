package dev.gatehouse.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * When the kernel's data access monitor ran during a measurement: DAMON's {@code kdamond} threads, seen from
 * {@code /proc} every {@value #POLL_MILLIS} ms (a wake-up is a poll that finds their CPU time grown; the kernel counts
 * it in clock ticks of 10 ms, so a wake-up shorter than a tick may go unseen). On this machine kind one
 * samples all physical memory every half second and then takes 10 to 20 ms of one of the two cores; the
 * slowest hundredth of the half-load rounds gathers around those moments (README, "Performance"). Where no kdamond
 * runs, nothing is watched and {@link #stop} returns nothing.
 */
final class DamonWakeups implements AutoCloseable {

    static final int POLL_MILLIS = 3;

    private final List<Path> threads;
    private final List<Long> wakeups = new ArrayList<>();
    private final Thread poller;
    private volatile boolean stopped;

    private DamonWakeups(List<Path> threads) {
        this.threads = threads;
        this.poller = new Thread(this::poll, "damon-watch");
        poller.setDaemon(true);
    }

    /** Starts watching the kdamond threads running now; none, and nothing is watched. */
    static DamonWakeups watch() {
        List<Path> threads = ProcessHandle.allProcesses()
                .map(process -> Path.of("/proc", Long.toString(process.pid())))
                .filter(proc -> commandOf(proc).startsWith("kdamond"))
                .map(proc -> proc.resolve("stat"))
                .toList();
        DamonWakeups watch = new DamonWakeups(threads);
        if (!threads.isEmpty()) {
            watch.poller.start();
        }
        return watch;
    }

    boolean watching() {
        return !threads.isEmpty();
    }

    private void poll() {
        long before = cpuTicks();
        while (!stopped) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = cpuTicks();
            if (now > before) {
                synchronized (wakeups) {
                    wakeups.add(System.currentTimeMillis());
                }
            }
            before = now;
        }
    }

    /** The kdamond threads' CPU time so far, in clock ticks (user and system, fields 14 and 15 of stat). */
    private long cpuTicks() {
        long ticks = 0;
        for (Path stat : threads) {
            try {
                String line = Files.readString(stat);
                String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (IOException | RuntimeException e) {
                // a thread that ended counts no more
            }
        }
        return ticks;
    }

    /** Stops watching: the wall-clock milliseconds of every wake-up seen. */
    List<Long> stop() {
        stopped = true;
        poller.interrupt();
        synchronized (wakeups) {
            return List.copyOf(wakeups);
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** How many of {@code startedAt} (wall-clock milliseconds) lie within {@code window} ms of a wake-up, either side. */
    static long near(long[] startedAt, List<Long> wakeups, long window) {
        long[] sorted = wakeups.stream().mapToLong(Long::longValue).sorted().toArray();
        return Arrays.stream(startedAt).filter(at -> {
            int i = Arrays.binarySearch(sorted, at);
            if (i >= 0) {
                return true;
            }
            int after = -i - 1;
            return (after < sorted.length && sorted[after] - at <= window) || (after > 0 && at - sorted[after - 1] <= window);
        }).count();
    }

    private static String commandOf(Path proc) {
        try {
            return Files.readString(proc.resolve("comm")).trim();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
