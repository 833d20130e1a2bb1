package dev.gatehouse.auth.common;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RateLimiterTest {

    @Test
    void refusesTheRequestOverTheLimitWithRetryAfterAndSlidesOverTheNextMinute() {
        RateLimiter limiter = new RateLimiter();
        limiter.clock = Clock.fixed(Instant.parse("2026-01-01T10:00:15Z"), ZoneOffset.UTC);
        for (int i = 0; i < 3; i++) {
            assertDoesNotThrow(() -> limiter.check("exchange", "10.0.0.1", 3));
        }
        RateLimited refused = assertThrows(RateLimited.class, () -> limiter.check("exchange", "10.0.0.1", 3));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.retryAfterSeconds()).isEqualTo(45);
        assertDoesNotThrow(() -> limiter.check("exchange", "10.0.0.2", 3));
        assertDoesNotThrow(() -> limiter.check("refresh", "10.0.0.1", 3));
        // A burst late in one minute still counts at the start of the next (no second full burst at the boundary) ...
        limiter.clock = Clock.fixed(Instant.parse("2026-01-01T10:01:00Z"), ZoneOffset.UTC);
        assertThrows(RateLimited.class, () -> limiter.check("exchange", "10.0.0.1", 3));
        // ... and weighs less as it slides out of the last sixty seconds (at :50, a sixth of the previous minute's four attempts).
        limiter.clock = Clock.fixed(Instant.parse("2026-01-01T10:01:50Z"), ZoneOffset.UTC);
        assertDoesNotThrow(() -> limiter.check("exchange", "10.0.0.1", 3));
        // Two minutes on, nothing is left.
        limiter.clock = Clock.fixed(Instant.parse("2026-01-01T10:03:00Z"), ZoneOffset.UTC);
        for (int i = 0; i < 3; i++) {
            assertDoesNotThrow(() -> limiter.check("exchange", "10.0.0.1", 3));
        }
    }
}
