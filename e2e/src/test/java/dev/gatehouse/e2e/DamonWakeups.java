package dev.gatehouse.e2e;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * When the kernel's data access monitor ran during a measurement: DAMON's {@code kdamond} threads, seen from
 * {@code /proc} every {@value #POLL_MILLIS} ms (a wake-up is a poll that finds their CPU time grown; the kernel counts
 * it in clock ticks of 10 ms, so a wake-up shorter than a tick may go unseen). On this machine kind one
 * samples all physical memory every half second and then takes 10 to 20 ms of one of the two cores; the
 * slowest hundredth of the half-load rounds gathers around those moments (docs/performance.md, "The code
 * exchange's tail at half load"). Where no kdamond runs, nothing is watched and {@link #stop} returns nothing.
 */
final class DamonWakeups implements AutoCloseable {

    static final int POLL_MILLIS = 3;

    private final long[] threads;
    private final List<Long> wakeups = new ArrayList<>();
    private final Thread poller;
    private volatile boolean stopped;

    private DamonWakeups(long[] threads) {
        this.threads = threads;
        this.poller = new Thread(this::poll, "damon-watch");
        poller.setDaemon(true);
    }

    /** Starts watching the kdamond threads running now; none, and nothing is watched. */
    static DamonWakeups watch() {
        long[] threads = ProcessHandle.allProcesses().mapToLong(ProcessHandle::pid)
                .filter(pid -> ServiceProcess.command(pid).startsWith("kdamond")).toArray();
        DamonWakeups watch = new DamonWakeups(threads);
        if (watch.watching()) {
            watch.poller.start();
        }
        return watch;
    }

    boolean watching() {
        return threads.length > 0;
    }

    private void poll() {
        double before = cpuSeconds();
        while (!stopped) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            double now = cpuSeconds();
            if (now > before) {
                synchronized (wakeups) {
                    wakeups.add(System.currentTimeMillis());
                }
            }
            before = now;
        }
    }

    /** The kdamond threads' CPU time so far (a thread that ended counts no more). */
    private double cpuSeconds() {
        return Arrays.stream(threads).mapToDouble(ServiceProcess::ownCpuSeconds).sum();
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
}
