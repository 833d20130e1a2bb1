package dev.gatehouse.auth.common;

import dev.gatehouse.auth.support.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The re-read of a database value (the signing keys, the SAML SP keys): due once, made once, waited for by one. */
class ReloadingTest {

    private final MutableClock clock = new MutableClock();
    private final AtomicInteger reads = new AtomicInteger();
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final CountDownLatch readStarted = new CountDownLatch(1);
    private final CountDownLatch letReadFinish = new CountDownLatch(1);

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void readsOnFirstUseAndAgainOnlyOnceTheValueIsOlderThanItsBound() {
        Reloading<Integer> value = new Reloading<>(reads::incrementAndGet, Duration.ofSeconds(15), clock);
        assertThat(value.get()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(14));
        assertThat(value.get()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(2));
        assertThat(value.get()).isEqualTo(2);
        assertThat(value.get()).isEqualTo(2);
        assertThat(reads).hasValue(2);
    }

    @Test
    void whileOneRequestReadsAgainTheOthersGoOnWithTheValueTheyHaveAndNoneReadsTwice() throws Exception {
        Reloading<Integer> value = new Reloading<>(this::readHeldOnSecond, Duration.ofSeconds(15), clock);
        Future<Integer> reader = secondReadInFlight(value);

        // The read in flight holds up nobody else: eight requests are answered with the value they had.
        List<Future<Integer>> others = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            others.add(threads.submit(value::get));
        }
        for (Future<Integer> other : others) {
            assertThat(other.get(5, TimeUnit.SECONDS)).isEqualTo(1);
        }
        letReadFinish.countDown();
        assertThat(reader.get(5, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(value.get()).isEqualTo(2);
        assertThat(reads).hasValue(2);
    }

    @Test
    void aForcedReadWaitsForTheOneInFlightAndThenReadsWhatChangedSinceIt() throws Exception {
        Reloading<Integer> value = new Reloading<>(this::readHeldOnSecond, Duration.ofSeconds(15), clock);
        Future<Integer> due = secondReadInFlight(value);
        Future<Integer> forced = threads.submit(value::reload);
        Thread.sleep(100);
        assertThat(forced).isNotDone(); // a change made here is never answered with a read that began before it
        letReadFinish.countDown();
        assertThat(due.get(5, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(forced.get(5, TimeUnit.SECONDS)).isEqualTo(3);
    }

    @Test
    void aBurstOfMissesReadsOnceWithinTheGap() throws Exception {
        Reloading<Integer> value = new Reloading<>(reads::incrementAndGet, Duration.ofSeconds(15), clock);
        value.get();
        clock.advance(Duration.ofSeconds(3));
        List<Future<Integer>> misses = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            misses.add(threads.submit(() -> value.reloadIfOlderThan(Duration.ofSeconds(2))));
        }
        for (Future<Integer> miss : misses) {
            assertThat(miss.get(5, TimeUnit.SECONDS)).isEqualTo(2);
        }
        assertThat(reads).hasValue(2);
        assertThat(value.reloadIfOlderThan(Duration.ofSeconds(2))).isEqualTo(2);
    }

    @Test
    void aFailedReadThrowsToItsCallerAndKeepsTheValue() {
        AtomicInteger attempt = new AtomicInteger();
        Reloading<Integer> value = new Reloading<>(() -> {
            if (attempt.incrementAndGet() == 2) {
                throw new IllegalStateException("could not read the signing keys");
            }
            return attempt.get();
        }, Duration.ofSeconds(15), clock);
        assertThat(value.get()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(16));
        assertThrows(IllegalStateException.class, value::get);
        assertThat(value.readAt()).isBefore(clock.instant().minusSeconds(15)); // still the first read, still due
        assertThat(value.get()).isEqualTo(3);
    }

    /** Counts reads; the second one starts, says so, and finishes only when let. */
    private int readHeldOnSecond() {
        int read = reads.incrementAndGet();
        if (read == 2) {
            readStarted.countDown();
            await(letReadFinish);
        }
        return read;
    }

    /** The value read once, then due, and a request reading it again, held in that read. */
    private Future<Integer> secondReadInFlight(Reloading<Integer> value) throws InterruptedException {
        value.get();
        clock.advance(Duration.ofSeconds(16));
        Future<Integer> reader = threads.submit(value::get);
        assertThat(readStarted.await(5, TimeUnit.SECONDS)).isTrue();
        return reader;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
