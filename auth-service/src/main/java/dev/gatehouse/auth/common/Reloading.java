package dev.gatehouse.auth.common;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A value read from the database that every replica reads again once it is older than {@code maxAge} (what other
 * replicas changed shows within that bound). The request that finds it old reads it again; the requests that come
 * while that read is in flight go on with the value they have instead of waiting for it and reading it once more
 * each, so a read that turns due never holds up more than the one request that makes it. A forced read waits for a
 * read in flight, and is skipped when that one is recent enough. A read that fails throws to its caller and
 * changes nothing.
 */
public final class Reloading<T> {

    private record Loaded<T>(T value, Instant at) {
    }

    private final Supplier<T> read;
    private final Duration maxAge;
    private final Clock clock;
    private final ReentrantLock reading = new ReentrantLock();
    private volatile Loaded<T> loaded;

    public Reloading(Supplier<T> read, Duration maxAge, Clock clock) {
        this.read = read;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** The value, read again first when it is older than the bound and no other request is reading it. */
    public T get() {
        Loaded<T> current = loaded;
        if (current == null) {
            return reloadIfOlderThan(maxAge); // the first read, made once however many ask for it
        }
        if (olderThan(current, maxAge) && reading.tryLock()) {
            try {
                current = loaded;
                if (olderThan(current, maxAge)) {
                    current = readNow();
                }
            } finally {
                reading.unlock();
            }
        }
        return current.value();
    }

    /** Reads the value now (after any read in flight), as after a change made here. */
    public T reload() {
        return reloadIfOlderThan(null);
    }

    /**
     * Reads the value again unless it was read less than {@code gap} ago, counted after any read in flight: the
     * read on a miss (an unknown key id), which a burst of misses makes once, not once each.
     */
    public T reloadIfOlderThan(Duration gap) {
        reading.lock();
        try {
            Loaded<T> current = loaded;
            return (current == null || gap == null || olderThan(current, gap) ? readNow() : current).value();
        } finally {
            reading.unlock();
        }
    }

    /** When the value in use was read. */
    public Instant readAt() {
        Loaded<T> current = loaded;
        return current == null ? Instant.EPOCH : current.at();
    }

    private Loaded<T> readNow() {
        Instant at = Instant.now(clock);
        Loaded<T> fresh = new Loaded<>(read.get(), at);
        loaded = fresh;
        return fresh;
    }

    private boolean olderThan(Loaded<T> value, Duration age) {
        return Duration.between(value.at(), Instant.now(clock)).compareTo(age) > 0;
    }
}
