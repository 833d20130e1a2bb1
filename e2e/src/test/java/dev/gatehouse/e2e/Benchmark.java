package dev.gatehouse.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gatehouse and Keycloak side by side (issue #14), on one PostgreSQL, driven by the same load generator. Refresh:
 * Gatehouse's {@code /v1/auth/refresh} against Keycloak's refresh_token grant (realm with {@code revokeRefreshToken},
 * a confidential client), each connection following its own chain of refresh tokens. JWKS: the public keys. Both are warmed alike, then measured in
 * alternating rounds at each concurrency level. Writes {@code target/benchmark/report.md} and {@code chart.png}.
 *
 * <p>The load generator runs on the same 2 cores as the systems under test, for both alike; CPU per 1,000
 * requests counts the systems' own processes (PostgreSQL, shared, is not counted).
 */
final class Benchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code refresh}: each connection follows its own refresh-token chain; {@code jwks}: the public keys, fetched. */
    record Settings(Duration warmup, Duration round, int rounds, List<Integer> concurrency, List<String> scenarios) {

        static Settings fromSystemProperties() {
            return new Settings(
                    Duration.parse(System.getProperty("gatehouse.bench.warmup", "PT1S")),
                    Duration.parse(System.getProperty("gatehouse.bench.round", "PT2S")),
                    Integer.getInteger("gatehouse.bench.rounds", 1),
                    Arrays.stream(System.getProperty("gatehouse.bench.concurrency", "2,8").split(","))
                            .map(String::trim).map(Integer::valueOf).toList(),
                    Arrays.stream(System.getProperty("gatehouse.bench.scenarios", "refresh,jwks").split(","))
                            .map(String::trim).toList());
        }

        int maxConcurrency() {
            return concurrency.stream().mapToInt(Integer::intValue).max().orElseThrow();
        }
    }

    /** One system's chain of refresh tokens: each call presents the current token and keeps the next. */
    interface Chain {
        void refresh() throws Exception;
    }

    interface Contender {
        String name();

        Chain newSession(int index) throws Exception;

        /** Fetches the JWKS, as every verifier does; one chain serves all connections. */
        Chain jwks();

        Map<String, ServiceProcess> processes();
    }

    record Sample(String scenario, String system, int concurrency, long requests, double seconds, double p50, double p95, double p99,
                  Map<String, Double> cpuPerThousand) {

        double perSecond() {
            return requests / seconds;
        }
    }

    record Report(Settings settings, List<Sample> samples, Map<String, Double> rssMegabytes, Map<String, Duration> startup) {

        Sample of(String scenario, String system, int concurrency) {
            return samples.stream().filter(s -> s.scenario().equals(scenario) && s.system().equals(system)
                    && s.concurrency() == concurrency).findFirst().orElseThrow();
        }
    }

    private final Settings settings;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    Benchmark(Settings settings) {
        this.settings = settings;
    }

    Contender gatehouse(Stack stack) {
        return new Contender() {
            public String name() {
                return "Gatehouse";
            }

            public Chain newSession(int index) throws Exception {
                String[] refresh = {HttpLogin.signIn(stack, "gina", "gina-password", "198.19.0." + (index + 1)).refreshJwt()};
                URI uri = URI.create(stack.authUrl() + "/v1/auth/refresh");
                return () -> {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                            .header("Authorization", "Bearer " + Stack.PROJECT_ID + ":" + refresh[0])
                            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                    refresh[0] = field(response, "refreshJwt");
                };
            }

            public Chain jwks() {
                URI uri = URI.create(stack.authUrl() + "/oauth2/jwks");
                return () -> keys(http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()));
            }

            public Map<String, ServiceProcess> processes() {
                return Map.of("auth-service", stack.service("auth-service"), "tenant-service", stack.service("tenant-service"));
            }
        };
    }

    Contender keycloak(Stack stack) {
        URI token = URI.create(stack.realmUrl() + "/protocol/openid-connect/token");
        return new Contender() {
            public String name() {
                return "Keycloak";
            }

            public Chain newSession(int index) throws Exception {
                String[] refresh = {field(post(token, "grant_type=password&client_id=bench&client_secret=bench-secret"
                        + "&username=gina&password=gina-password&scope=openid"), "refresh_token")};
                return () -> refresh[0] = field(post(token, "grant_type=refresh_token&client_id=bench&client_secret=bench-secret"
                        + "&refresh_token=" + URLEncoder.encode(refresh[0], StandardCharsets.UTF_8)), "refresh_token");
            }

            public Chain jwks() {
                URI uri = URI.create(stack.realmUrl() + "/protocol/openid-connect/certs");
                return () -> keys(http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()));
            }

            public Map<String, ServiceProcess> processes() {
                return Map.of("keycloak", stack.keycloak());
            }
        };
    }

    Report run(List<Contender> systems) throws Exception {
        Map<String, List<Chain>> sessions = new LinkedHashMap<>();
        for (Contender system : systems) {
            List<Chain> chains = new ArrayList<>();
            for (int i = 0; i < settings.maxConcurrency(); i++) {
                chains.add(system.newSession(i));
            }
            sessions.put(system.name(), chains);
        }
        List<Sample> samples = new ArrayList<>();
        for (String scenario : settings.scenarios()) {
            Map<String, List<Chain>> chains = new LinkedHashMap<>();
            for (Contender system : systems) {
                chains.put(system.name(), switch (scenario) {
                    case "refresh" -> sessions.get(system.name());
                    case "jwks" -> java.util.Collections.nCopies(settings.maxConcurrency(), system.jwks());
                    default -> throw new IllegalArgumentException("no benchmark scenario " + scenario);
                });
            }
            for (Contender system : systems) {
                drive(chains.get(system.name()), settings.maxConcurrency(), settings.warmup(), null);
            }
            Map<String, List<Measured>> rounds = new LinkedHashMap<>();
            for (int round = 0; round < settings.rounds(); round++) {
                for (int concurrency : settings.concurrency()) {
                    for (Contender system : systems) {
                        Map<String, Double> cpuBefore = cpu(system);
                        Measured measured = drive(chains.get(system.name()), concurrency, settings.round(), new ArrayList<>());
                        Map<String, Double> cpuAfter = cpu(system);
                        Map<String, Double> used = new LinkedHashMap<>();
                        cpuAfter.forEach((process, after) -> used.put(process, after - cpuBefore.get(process)));
                        rounds.computeIfAbsent(system.name() + "@" + concurrency, k -> new ArrayList<>())
                                .add(new Measured(measured.requests, measured.seconds, measured.latencies, used));
                    }
                }
            }
            for (int concurrency : settings.concurrency()) {
                for (Contender system : systems) {
                    samples.add(combine(scenario, system.name(), concurrency, rounds.get(system.name() + "@" + concurrency)));
                }
            }
        }
        Map<String, Double> rss = new LinkedHashMap<>();
        Map<String, Duration> startup = new LinkedHashMap<>();
        for (Contender system : systems) {
            system.processes().forEach((name, process) -> {
                rss.put(name, process.rssMegabytes());
                startup.put(name, process.startup());
            });
        }
        return new Report(settings, samples, rss, startup);
    }

    private record Measured(long requests, double seconds, List<Long> latencies, Map<String, Double> cpu) {
    }

    /** {@code concurrency} connections, each on its own chain, for {@code duration}; latencies when asked. */
    private Measured drive(List<Chain> chains, int concurrency, Duration duration, List<Long> latencies) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(concurrency);
        AtomicLong requests = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        try {
            List<Future<List<Long>>> done = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                Chain chain = chains.get(i);
                done.add(threads.submit(() -> {
                    List<Long> mine = new ArrayList<>();
                    while (System.nanoTime() < end) {
                        long began = System.nanoTime();
                        chain.refresh();
                        mine.add(System.nanoTime() - began);
                        requests.incrementAndGet();
                    }
                    return mine;
                }));
            }
            for (Future<List<Long>> f : done) {
                List<Long> mine = f.get();
                if (latencies != null) {
                    latencies.addAll(mine);
                }
            }
        } finally {
            threads.shutdownNow();
        }
        return new Measured(requests.get(), (System.nanoTime() - start) / 1e9, latencies, Map.of());
    }

    private static Sample combine(String scenario, String system, int concurrency, List<Measured> rounds) {
        long requests = rounds.stream().mapToLong(Measured::requests).sum();
        double seconds = rounds.stream().mapToDouble(Measured::seconds).sum();
        long[] sorted = rounds.stream().flatMap(m -> m.latencies().stream()).mapToLong(Long::longValue).sorted().toArray();
        Map<String, Double> cpu = new LinkedHashMap<>();
        rounds.forEach(m -> m.cpu().forEach((process, used) -> cpu.merge(process, used, Double::sum)));
        cpu.replaceAll((process, used) -> used * 1000.0 / Math.max(1, requests));
        return new Sample(scenario, system, concurrency, requests, seconds, percentile(sorted, 0.50), percentile(sorted, 0.95),
                percentile(sorted, 0.99), cpu);
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }

    private static Map<String, Double> cpu(Contender system) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        system.processes().forEach((name, process) -> seconds.put(name, process.cpuSeconds()));
        return seconds;
    }

    private HttpResponse<String> post(URI uri, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A benchmark that counted failures as requests would measure nothing: any non-200 stops it. */
    private static String field(HttpResponse<String> response, String name) throws Exception {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode value = JSON.readTree(response.body()).path(name);
        if (!value.isTextual()) {
            throw new IllegalStateException(response.uri() + " answered without " + name);
        }
        return value.asText();
    }

    private static void keys(HttpResponse<String> response) throws Exception {
        if (response.statusCode() != 200 || !JSON.readTree(response.body()).path("keys").isArray()) {
            throw new IllegalStateException(response.uri() + " answered " + response.statusCode() + " without keys");
        }
    }

    static String markdown(Report report, String gatehouse, String keycloak) {
        StringBuilder out = new StringBuilder("# Gatehouse and Keycloak side by side\n\n");
        Settings s = report.settings();
        out.append(String.format(Locale.ROOT, "Per scenario: warm-up %d s each at %d connections, then %d alternating round(s) "
                        + "of %d s per level. CPU counts the systems' own processes (not the shared PostgreSQL, not the load "
                        + "generator, which runs on the same cores).%n", s.warmup().toSeconds(), s.maxConcurrency(), s.rounds(),
                s.round().toSeconds()));
        for (String scenario : s.scenarios()) {
            out.append("\n## ").append(scenario.equals("refresh")
                    ? "Refresh grants (each connection follows its own refresh-token chain)" : "JWKS fetches").append("\n\n");
            out.append("| connections | system | requests/s | p50 ms | p95 ms | p99 ms | CPU s per 1,000 | ratio to Keycloak |\n");
            out.append("|---|---|---|---|---|---|---|---|\n");
            for (int concurrency : s.concurrency()) {
                Sample k = report.of(scenario, keycloak, concurrency);
                for (String system : List.of(gatehouse, keycloak)) {
                    Sample x = report.of(scenario, system, concurrency);
                    String cpu = x.cpuPerThousand().entrySet().stream()
                            .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue()))
                            .reduce((a, b) -> a + ", " + b).orElse("");
                    out.append(String.format(Locale.ROOT, "| %d | %s | %.0f | %.1f | %.1f | %.1f | %s | %.2f× |%n", concurrency,
                            system, x.perSecond(), x.p50(), x.p95(), x.p99(), cpu, x.perSecond() / k.perSecond()));
                }
            }
        }
        out.append("\n| process | ready after start | RSS after the run |\n|---|---|---|\n");
        report.rssMegabytes().forEach((process, rss) -> out.append(String.format(Locale.ROOT, "| %s | %.1f s | %.0f MB |%n",
                process, report.startup().get(process).toMillis() / 1000.0, rss)));
        return out.toString();
    }

    static void chart(Report report, List<String> systems, Path png) throws Exception {
        XYChart throughput = new XYChartBuilder().width(640).height(420).title("Refresh grants per second")
                .xAxisTitle("connections").yAxisTitle("refreshes/s").build();
        XYChart p99 = new XYChartBuilder().width(640).height(420).title("Refresh p99 latency")
                .xAxisTitle("connections").yAxisTitle("ms").build();
        List<Integer> levels = report.settings().concurrency();
        for (String system : systems) {
            List<Double> x = levels.stream().map(Integer::doubleValue).toList();
            throughput.addSeries(system, x, levels.stream().map(c -> report.of("refresh", system, c).perSecond()).toList());
            p99.addSeries(system, x, levels.stream().map(c -> report.of("refresh", system, c).p99()).toList());
        }
        Files.createDirectories(png.getParent());
        BitmapEncoder.saveBitmap(List.of(throughput, p99), 1, 2, png.toString().replaceFirst("\\.png$", ""),
                BitmapEncoder.BitmapFormat.PNG);
    }
}
