package dev.gatehouse.auth.common;

import jakarta.enterprise.context.ApplicationScoped;
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

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

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
