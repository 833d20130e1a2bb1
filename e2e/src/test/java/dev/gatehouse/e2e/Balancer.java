package dev.gatehouse.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a Kubernetes Service does for the chaos soak: routes to the replicas whose readiness probe passes
 * (probed every 250 ms), round robin. A replica that is shutting down reports not ready before it stops
 * listening, so it gets no new requests; one killed with -9 is taken out at its next failed probe.
 */
final class Balancer implements AutoCloseable {

    private final List<String> replicas;
    private final Map<String, Boolean> ready = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private final HttpClient probes = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor();

    Balancer(List<String> replicas) {
        this.replicas = List.copyOf(replicas);
        replicas.forEach(r -> ready.put(r, true));
        prober.scheduleWithFixedDelay(this::probe, 0, 250, TimeUnit.MILLISECONDS);
    }

    /** A ready replica, or the next one in turn when none is (the request then fails as it would for a client). */
    String pick() {
        for (int i = 0; i < replicas.size(); i++) {
            String replica = replicas.get(Math.floorMod(next.getAndIncrement(), replicas.size()));
            if (ready.get(replica)) {
                return replica;
            }
        }
        return replicas.get(Math.floorMod(next.getAndIncrement(), replicas.size()));
    }

    /** Taken out at once when a request to it could not connect, as a proxy does after a refused connection. */
    void markDown(String replica) {
        ready.put(replica, false);
    }

    private void probe() {
        for (String replica : replicas) {
            boolean up;
            try {
                up = probes.send(HttpRequest.newBuilder(URI.create(replica + "/q/health/ready")).timeout(Duration.ofSeconds(1)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (Exception e) {
                up = false;
            }
            ready.put(replica, up);
        }
    }

    @Override
    public void close() {
        prober.shutdownNow();
    }
}
