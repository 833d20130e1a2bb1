package dev.gatehouse.auth.common;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A sliding one-minute window per (action, client), estimated from two fixed windows: the current minute's count
 * plus the previous minute's, weighted by how much of it still lies within the last sixty seconds. Unlike fixed
 * windows, a burst at the end of one minute cannot be followed by a second full burst at the start of the next
 * (twice the limit in a few seconds: twice the guesses at a code). In memory, so per replica: with N replicas a client gets at
 * most N times the limit, which still stops brute force and floods; a shared limiter is an Ingress concern.
 */
@ApplicationScoped
public class RateLimiter {

    private static final int MAX_TRACKED = 100_000;

    @Inject
    Clock clock;

    @Inject
    RequestOrigin origin;

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    /**
     * Limits the client of the current request, by its address. Behind app-ui or an Ingress that address comes
     * from X-Forwarded-For, which Quarkus honours only from {@code quarkus.http.proxy.trusted-proxies}; anything
     * else sent in that header is ignored, so a client can neither spoof its way out of its bucket nor into
     * another's.
     */
    public void checkClient(String action, int perMinute) {
        String address = origin.clientAddress();
        check(action, address == null ? "unknown" : address, perMinute);
    }

    public void check(String action, String client, int perMinute) {
        long now = clock.millis();
        long minute = now / 60_000;
        if (windows.size() > MAX_TRACKED) {
            windows.entrySet().removeIf(e -> e.getValue().minute < minute - 1);
        }
        Window window = windows.compute(action + "|" + client, (key, current) -> {
            if (current == null || current.minute < minute - 1) {
                return new Window(minute, 1, 0);
            }
            if (current.minute == minute - 1) {
                return new Window(minute, 1, current.count);
            }
            return new Window(minute, current.count + 1, current.previous);
        });
        double previousWeight = (60_000 - now % 60_000) / 60_000.0;
        if (window.count + window.previous * previousWeight > perMinute) {
            long retryAfter = Math.max(1, 60 - (clock.millis() / 1000) % 60);
            throw new RateLimited(retryAfter);
        }
    }

    private record Window(long minute, int count, int previous) {
    }
}
