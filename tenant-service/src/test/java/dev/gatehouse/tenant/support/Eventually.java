package dev.gatehouse.tenant.support;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for something asynchronous (a webhook delivery) by looking again, never by sleeping a guessed time. */
public final class Eventually {

    private Eventually() {
    }

    public static <T> T until(Duration limit, String what, Supplier<T> probe) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null && !Boolean.FALSE.equals(value)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
