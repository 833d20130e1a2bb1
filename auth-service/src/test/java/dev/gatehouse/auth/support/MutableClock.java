package dev.gatehouse.auth.support;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The service's clock in tests: real time plus an offset that tests move forward instead of sleeping; or, once
 * {@link #freeze frozen}, a time that only the test moves.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class MutableClock extends Clock {

    private volatile Duration offset = Duration.ZERO;
    private volatile Instant frozenAt;

    /** From now on only {@link #advance} moves this clock, not real time: for tests that must not race it. */
    public void freeze() {
        frozenAt = Instant.now();
    }

    public void advance(Duration duration) {
        offset = offset.plus(duration);
    }

    /** How far ahead of real time the service is, unfrozen (a verifier outside the service allows for it as skew). */
    public Duration offset() {
        return offset;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        Instant frozen = frozenAt;
        return (frozen != null ? frozen : Instant.now()).plus(offset);
    }
}
