package dev.gatehouse.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * The chaos run of issue #15: many sessions follow their refresh-token chains through two replicas of every
 * service (behind a {@link Balancer}), and each checks its new session JWT on app-ui, while the run kills -9 each
 * service in turn, restarts PostgreSQL, stops tenant-service altogether, and restarts auth-service gracefully.
 *
 * <p>It counts what must stay zero: sessions lost, false reuse revocations, 5xx outside the windows of the
 * faults that excuse them (a kill, the database restart), and broken connections outside kill windows (a graceful
 * restart must break none). It measures each fault's recovery time.
 */
final class ChaosSoak {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SETTLE = Duration.ofSeconds(2);

    record Settings(Duration duration, int sessions, double requestsPerSecond, Duration tenantOutage, Duration faultGap) {

        static Settings fromSystemProperties() {
            return new Settings(
                    Duration.parse(System.getProperty("gatehouse.soak.duration", "PT20S")),
                    Integer.getInteger("gatehouse.soak.sessions", 8),
                    Double.parseDouble(System.getProperty("gatehouse.soak.rate", "16")),
                    Duration.parse(System.getProperty("gatehouse.soak.tenant-outage", "PT5S")),
                    Duration.parse(System.getProperty("gatehouse.soak.fault-gap", "PT2S")));
        }
    }

    record Fault(String name, boolean excusesErrors, Instant start, Instant recovered) {

        boolean covers(Instant at) {
            return !at.isBefore(start) && !at.isAfter(recovered.plus(SETTLE));
        }

        Duration recovery() {
            return Duration.between(start, recovered);
        }
    }

    /**
     * A service's resident memory when the soak ends, and how long it had run: the second replicas run the whole soak
     * under its load (the first instances are killed and restarted on the way), so theirs is RSS after a load run.
     */
    record Memory(String process, double rssMegabytes, Duration uptime) {
    }

    /** A 5xx answer: when, to what request ("refresh" or "page"), from which replica, and what it said. */
    record ServerError(Instant at, String request, String replica, int status, String body) {

        /** The same answer from the same place, whenever it came: what the report counts together. */
        String kind() {
            return request + " on " + replica + ": HTTP " + status + " " + body;
        }
    }

    record Report(Settings settings, Duration ran, long refreshes, long pageViews, double p50Millis, double p99Millis,
                  int sessionsLost, int falseReuseRevocations, List<ServerError> serverErrorsOutsideFaults,
                  long serverErrorsInFaults, long brokenConnectionsOutsideKills, long refusedConnections,
                  List<Fault> faults, List<String> lostBecause, List<Memory> memory) {

        String markdown() {
            StringBuilder out = new StringBuilder();
            out.append("# Chaos soak\n\n");
            out.append(String.format(Locale.ROOT, "%d sessions for %d s at a target of %.0f refreshes/s: %d refreshes "
                            + "(%.1f/s), %d app-ui page views; refresh p50 %.1f ms, p99 %.1f ms.%n%n",
                    settings.sessions(), ran.toSeconds(), settings.requestsPerSecond(), refreshes,
                    refreshes / Math.max(1.0, ran.toMillis() / 1000.0), pageViews, p50Millis, p99Millis));
            out.append("| must be 0 | count |\n|---|---|\n");
            out.append("| sessions lost | ").append(sessionsLost).append(" |\n");
            out.append("| false reuse revocations | ").append(falseReuseRevocations).append(" |\n");
            out.append("| 5xx outside the kill and database windows | ").append(serverErrorsOutsideFaults.size()).append(" |\n");
            out.append("| broken connections outside kill windows | ").append(brokenConnectionsOutsideKills).append(" |\n\n");
            out.append("Inside fault windows: ").append(serverErrorsInFaults).append(" 5xx; refused connections (the balancer "
                    + "retried them on another replica): ").append(refusedConnections).append(".\n\n");
            out.append("| fault | began | recovery |\n|---|---|---|\n");
            faults.forEach(f -> out.append("| ").append(f.name()).append(" | ").append(f.start()).append(" | ")
                    .append(String.format(Locale.ROOT, "%.1f s", f.recovery().toMillis() / 1000.0)).append(" |\n"));
            out.append("\n| process | RSS at the end | up for |\n|---|---|---|\n");
            memory.forEach(m -> out.append(String.format(Locale.ROOT, "| %s | %.0f MB | %d s |%n", m.process(),
                    m.rssMegabytes(), m.uptime().toSeconds())));
            if (!serverErrorsOutsideFaults.isEmpty()) {
                out.append("\n5xx outside the windows, by answer (count, first, last):\n");
                serverErrorsOutsideFaults.stream()
                        .collect(Collectors.groupingBy(ServerError::kind, LinkedHashMap::new, Collectors.toList()))
                        .forEach((kind, errors) -> out.append("- ").append(errors.size()).append("× ")
                                .append(errors.get(0).at()).append(" – ").append(errors.get(errors.size() - 1).at())
                                .append(": ").append(kind).append('\n'));
            }
            if (!lostBecause.isEmpty()) {
                out.append("\nSessions lost because:\n");
                lostBecause.forEach(reason -> out.append("- ").append(reason).append('\n'));
            }
            return out.toString();
        }

        boolean lostNothing() {
            return sessionsLost == 0 && falseReuseRevocations == 0 && serverErrorsOutsideFaults.isEmpty()
                    && brokenConnectionsOutsideKills == 0;
        }
    }

    private final Stack stack;
    private final Settings settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final List<Fault> faults = Collections.synchronizedList(new ArrayList<>());
    private final Queue<ServerError> serverErrors = new ConcurrentLinkedQueue<>();
    private final Queue<Instant> brokenConnections = new ConcurrentLinkedQueue<>();
    /** For each lost session, the answer that ended it and when. */
    private final Queue<String> lostBecause = new ConcurrentLinkedQueue<>();
    private final Queue<Long> latencies = new ConcurrentLinkedQueue<>();
    private final LongAdder refreshes = new LongAdder();
    private final LongAdder pageViews = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final AtomicInteger falseReuse = new AtomicInteger();
    private volatile Instant lastRefresh = Instant.EPOCH;
    private volatile boolean stopping;
    private Balancer auth;
    private Balancer ui;

    ChaosSoak(Stack stack, Settings settings) {
        this.stack = stack;
        this.settings = settings;
    }

    Report run() throws Exception {
        List<String> chains = new ArrayList<>();
        for (int i = 0; i < settings.sessions(); i++) {
            chains.add(HttpLogin.signIn(stack, "gina", "gina-password", "198.18.0." + (i + 1)).refreshJwt());
        }
        auth = new Balancer(List.of(stack.authUrl(), stack.authReplicaUrl()));
        ui = new Balancer(List.of(stack.uiUrl(), stack.uiReplicaUrl()));
        ExecutorService workers = Executors.newFixedThreadPool(settings.sessions());
        Instant started = Instant.now();
        try {
            List<Future<String>> sessions = new ArrayList<>();
            for (String chain : chains) {
                sessions.add(workers.submit(() -> follow(chain)));
            }
            injectFaults();
            Instant until = started.plus(settings.duration());
            while (Instant.now().isBefore(until)) {
                Thread.sleep(200);
            }
            stopping = true;
            int lost = 0;
            for (Future<String> session : sessions) {
                String last = session.get(2, TimeUnit.MINUTES);
                if (last == null || !finalRefresh(last)) {
                    lost++;
                }
            }
            return report(Duration.between(started, Instant.now()), lost);
        } finally {
            stopping = true;
            workers.shutdownNow();
            auth.close();
            ui.close();
        }
    }

    /** One session's chain until the run stops; returns its last refresh token, or null when the session was lost. */
    private String follow(String refreshJwt) throws InterruptedException {
        long interval = (long) (settings.sessions() * 1_000_000_000L / settings.requestsPerSecond());
        long nextAt = System.nanoTime();
        while (!stopping) {
            nextAt = Math.max(nextAt + interval, System.nanoTime());
            TimeUnit.NANOSECONDS.sleep(nextAt - System.nanoTime());
            Refreshed refreshed = refreshUntilAnswered(refreshJwt, Duration.ofSeconds(90));
            if (refreshed == null) {
                return null;
            }
            refreshJwt = refreshed.refreshJwt();
            viewPage(refreshed.sessionJwt());
        }
        return refreshJwt;
    }

    private record Refreshed(String sessionJwt, String refreshJwt) {
    }

    /**
     * Refreshes, retrying the same token on failures that leave it valid (a refused or broken connection, a 5xx,
     * a 429) as a client does; null when the session ended (which this run never asks for).
     */
    private Refreshed refreshUntilAnswered(String refreshJwt, Duration patience) throws InterruptedException {
        Instant giveUp = Instant.now().plus(patience);
        while (Instant.now().isBefore(giveUp)) {
            String replica = auth.pick();
            long began = System.nanoTime();
            HttpResponse<String> response;
            try {
                response = http.send(HttpRequest.newBuilder(URI.create(replica + "/v1/auth/refresh"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + Stack.PROJECT_ID + ":" + refreshJwt)
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            } catch (ConnectException | HttpConnectTimeoutException e) {
                refused.increment();
                auth.markDown(replica);
                continue;
            } catch (IOException e) {
                brokenConnections.add(Instant.now());
                Thread.sleep(100);
                continue;
            }
            int status = response.statusCode();
            if (status == 200) {
                latencies.add(System.nanoTime() - began);
                refreshes.increment();
                lastRefresh = Instant.now();
                JsonNode body = read(response.body());
                return new Refreshed(body.path("sessionJwt").asText(), body.path("refreshJwt").asText());
            }
            if (status >= 500) {
                serverErrors.add(serverError("refresh", replica, response));
                Thread.sleep(200);
            } else if (status == 429) {
                Thread.sleep(200);
            } else {
                String errorCode = read(response.body()).path("errorCode").asText();
                if ("E061103".equals(errorCode)) {
                    falseReuse.incrementAndGet();
                }
                lostBecause.add(Instant.now() + ": HTTP " + status + " " + errorCode);
                return null;
            }
        }
        lostBecause.add(Instant.now() + ": no answer for " + patience.toSeconds() + " s");
        return null;
    }

    private void viewPage(String sessionJwt) throws InterruptedException {
        for (int attempt = 0; attempt < 3; attempt++) {
            String replica = ui.pick();
            try {
                HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(replica + "/"))
                        .timeout(Duration.ofSeconds(10)).header("Cookie", "DS=" + sessionJwt).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (page.statusCode() >= 500) {
                    serverErrors.add(serverError("page", replica, page));
                } else if (page.statusCode() == 200 && page.body().contains("Gina")) {
                    pageViews.increment();
                }
                return;
            } catch (ConnectException | HttpConnectTimeoutException e) {
                refused.increment();
                ui.markDown(replica);
            } catch (IOException e) {
                brokenConnections.add(Instant.now());
                Thread.sleep(100);
            }
        }
    }

    private boolean finalRefresh(String refreshJwt) throws InterruptedException {
        return refreshUntilAnswered(refreshJwt, Duration.ofSeconds(30)) != null;
    }

    private void injectFaults() throws InterruptedException {
        pause();
        for (String service : List.of("auth-service", "tenant-service", "app-ui")) {
            ServiceProcess process = stack.service(service);
            Instant start = Instant.now();
            process.crash();
            process.restart();
            faults.add(new Fault("kill -9 " + service + ", restart to ready", true, start, Instant.now()));
            pause();
        }

        Instant start = Instant.now();
        stack.restartPostgres();
        while (!lastRefresh.isAfter(start.plusMillis(100)) && Duration.between(start, Instant.now()).toMinutes() < 2) {
            Thread.sleep(50);
        }
        faults.add(new Fault("PostgreSQL restart, to the first refresh after it", true, start, lastRefresh));
        pause();

        // The whole of tenant-service away: auth-service goes on from the claims it last saw (60 s at most).
        start = Instant.now();
        List<ServiceProcess> tenants = List.of(stack.service("tenant-service"), stack.service("tenant-service-replica"));
        tenants.forEach(ServiceProcess::stop);
        Thread.sleep(settings.tenantOutage().toMillis());
        tenants.forEach(ServiceProcess::restart);
        faults.add(new Fault("tenant-service stopped " + settings.tenantOutage().toSeconds() + " s, back to ready",
                false, start, Instant.now()));
        pause();

        start = Instant.now();
        ServiceProcess authService = stack.service("auth-service");
        authService.stop();
        authService.restart();
        faults.add(new Fault("graceful restart of auth-service (SIGTERM), back to ready", false, start, Instant.now()));
    }

    private static ServerError serverError(String request, String replica, HttpResponse<String> response) {
        String body = response.body().replaceAll("\\s+", " ").strip();
        return new ServerError(Instant.now(), request, replica, response.statusCode(),
                body.length() > 200 ? body.substring(0, 200) + "…" : body);
    }

    private void pause() throws InterruptedException {
        Thread.sleep(settings.faultGap().toMillis());
    }

    private Report report(Duration ran, int lost) {
        List<Fault> excusing = faults.stream().filter(Fault::excusesErrors).toList();
        List<Fault> kills = excusing.stream().filter(f -> f.name().startsWith("kill")).toList();
        List<ServerError> errorsOutside = serverErrors.stream()
                .filter(e -> excusing.stream().noneMatch(f -> f.covers(e.at()))).toList();
        long brokenOutside = brokenConnections.stream().filter(t -> kills.stream().noneMatch(f -> f.covers(t))).count();
        List<Long> sorted = latencies.stream().sorted().toList();
        return new Report(settings, ran, refreshes.sum(), pageViews.sum(), percentile(sorted, 0.50), percentile(sorted, 0.99),
                lost, falseReuse.get(), errorsOutside, serverErrors.size() - errorsOutside.size(), brokenOutside, refused.sum(),
                List.copyOf(faults), List.copyOf(lostBecause),
                stack.services().stream().map(s -> new Memory(s.name(), s.rssMegabytes(), s.uptime())).toList());
    }

    private static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size()))) / 1_000_000.0;
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
