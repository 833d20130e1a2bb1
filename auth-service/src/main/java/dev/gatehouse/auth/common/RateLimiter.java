package dev.gatehouse.auth.common;

import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fixed one-minute windows per (action, client). In memory, so per replica: with N replicas a client gets at
 * most N times the limit, which still stops brute force and floods; a shared limiter is an Ingress concern.
 */
@ApplicationScoped
public class RateLimiter {

    private static final int MAX_TRACKED = 100_000;

    @Inject
    Clock clock;

    @Inject
    CurrentVertxRequest currentRequest;

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    /**
     * Limits the client of the current request, by its address. Behind app-ui or an Ingress that address comes
     * from X-Forwarded-For, which Quarkus honours only from {@code quarkus.http.proxy.trusted-proxies}; anything
     * else sent in that header is ignored, so a client can neither spoof its way out of its bucket nor into
     * another's.
     */
    public void checkClient(String action, int perMinute) {
        RoutingContext context = currentRequest.getCurrent();
        SocketAddress address = context == null ? null : context.request().remoteAddress();
        check(action, address == null ? "unknown" : address.hostAddress(), perMinute);
    }

    public void check(String action, String client, int perMinute) {
        long minute = clock.millis() / 60_000;
        if (windows.size() > MAX_TRACKED) {
            windows.entrySet().removeIf(e -> e.getValue().minute != minute);
        }
        Window window = windows.compute(action + "|" + client, (key, current) ->
                current == null || current.minute != minute ? new Window(minute, 1) : new Window(minute, current.count + 1));
        if (window.count > perMinute) {
            long retryAfter = Math.max(1, 60 - (clock.millis() / 1000) % 60);
            throw new RateLimited(retryAfter);
        }
    }

    private record Window(long minute, int count) {
    }
}
