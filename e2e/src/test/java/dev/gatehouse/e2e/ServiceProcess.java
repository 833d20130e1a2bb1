package dev.gatehouse.e2e;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A process of the suite: started with its own log under target/logs, awaited by URL, stopped with its children. */
final class ServiceProcess {

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final File log;
    private Process process;
    private String readyUrl;
    private Duration readyTimeout;
    private long startedAt;
    private Duration startup;

    ServiceProcess(String name, List<String> command, Map<String, String> environment) {
        this.name = name;
        this.command = command;
        this.environment = environment;
        this.log = Path.of("target", "logs", name + ".log").toFile();
    }

    ServiceProcess start() {
        log.getParentFile().mkdirs();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        builder.environment().putAll(environment);
        try {
            startedAt = System.nanoTime();
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException(name + " could not start (" + command.get(0) + "): " + e.getMessage(), e);
        }
        return this;
    }

    String name() {
        return name;
    }

    /** From the last start to the first 200 of its readiness URL (polled every 20 ms: a start takes about 2 s). */
    Duration startup() {
        return startup;
    }

    ServiceProcess awaitUrl(String url, Duration timeout) {
        readyUrl = url;
        readyTimeout = timeout;
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " while starting; see " + log);
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
                connection.setConnectTimeout(1000);
                connection.setReadTimeout(5000);
                if (connection.getResponseCode() == 200) {
                    startup = Duration.ofNanos(System.nanoTime() - startedAt);
                    return this;
                }
            } catch (IOException notYet) {
                // still starting
            }
            sleep(20);
        }
        throw new IllegalStateException(name + " was not ready at " + url + " within " + timeout.toSeconds() + " s; see " + log);
    }

    /** CPU time (user + system) this process and its children have used so far, from /proc. */
    double cpuSeconds() {
        return cpuSeconds(process.toHandle());
    }

    /**
     * CPU time (user + system) of {@code root} and its descendants so far, from /proc: each one's own, and that of its
     * children which ended and which it waited for (a database's backends come and go).
     */
    static double cpuSeconds(ProcessHandle root) {
        return tree(root).mapToDouble(ServiceProcess::ownCpuSeconds).sum();
    }

    /** CPU time (user + system) of one process or kernel thread so far, and of its children it waited for; 0 once gone. */
    static double ownCpuSeconds(long pid) {
        return cpuTicks(proc(pid, "stat")) / 100.0;
    }

    /** The command name of a process or kernel thread ({@code /proc/<pid>/comm}); empty once gone. */
    static String command(long pid) {
        return proc(pid, "comm").trim();
    }

    /** utime + stime + cutime + cstime of a /proc stat line, in clock ticks. */
    private static long cpuTicks(String stat) {
        String[] fields = stat.replaceFirst("^.*\\) ", "").split(" ");
        // After the command: state is field 3, utime 14, stime 15, cutime 16, cstime 17 (proc(5)); 0-based from state.
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
    }

    /**
     * CPU time (user + system) of the JIT compiler threads (C1 and C2) of this process and its children so far, from
     * /proc: while it grows, a JVM is still compiling what its load runs. (With two cores HotSpot keeps one thread of
     * each, so none of them ends and takes its count along.)
     */
    double compilerCpuSeconds() {
        return tree(process.toHandle()).mapToDouble(pid -> {
            try (java.util.stream.Stream<Path> tasks = java.nio.file.Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
                return tasks.filter(task -> proc(task, "comm").matches("(?s)C[12] CompilerThre.*"))
                        .mapToDouble(task -> cpuTicks(proc(task, "stat")) / 100.0).sum();
            } catch (IOException | java.io.UncheckedIOException gone) {
                return 0;
            }
        }).sum();
    }

    /** Since the last start. */
    Duration uptime() {
        return Duration.ofNanos(System.nanoTime() - startedAt);
    }

    /** Resident memory of this process and its children, in MB. */
    double rssMegabytes() {
        return tree(process.toHandle()).mapToDouble(pid -> proc(pid, "status").lines().filter(l -> l.startsWith("VmRSS:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).sum() / 1024.0).sum();
    }

    private static java.util.stream.LongStream tree(ProcessHandle root) {
        return java.util.stream.LongStream.concat(java.util.stream.LongStream.of(root.pid()),
                root.descendants().mapToLong(ProcessHandle::pid));
    }

    private static String proc(long pid, String file) {
        return proc(Path.of("/proc", String.valueOf(pid)), file);
    }

    private static String proc(Path process, String file) {
        try {
            return java.nio.file.Files.readString(process.resolve(file));
        } catch (IOException gone) {
            return file.equals("stat") ? "(x) S" + " 0".repeat(20) : "";
        }
    }

    /** SIGKILL, as a crash: no shutdown hooks, no graceful stop. */
    void crash() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        waitFor(10);
    }

    /** Starts the same command again, with the same environment, and waits as long as the first time until it is ready. */
    ServiceProcess restart() {
        return start().awaitUrl(readyUrl, readyTimeout);
    }

    void stop() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!waitFor(20)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            waitFor(10);
        }
    }

    private boolean waitFor(int seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
