package dev.gatehouse.auth.tenants;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.auth.support.MutableClock;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a user's cached claims turn stale under load, the requests of that moment share one call to tenant-service;
 * a request that found the claims invalidated never takes an answer asked for before it looked. Claims still fresh
 * but older than {@code refresh-after} are asked for again in the background, once, while the requests go on; while
 * tenant-service is unreachable, fresh claims are asked for once per retry gap, so an outage ends when it answers.
 */
class UserDirectorySharedAskTest {

    private static final ApiException UNAVAILABLE = new ApiException(503, "E503000", "tenant-service is unavailable");
    private static final String PROFILE = "{\"userId\":\"U1\",\"email\":\"a@example.com\",\"status\":\"enabled\","
            + "\"claims\":{\"tenants\":{},\"roles\":[],\"permissions\":[]}}";

    private final CountDownLatch asked = new CountDownLatch(1);
    private final CountDownLatch answer = new CountDownLatch(1);
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger saves = new AtomicInteger();
    private volatile boolean invalidated;
    private final MutableClock clock = new MutableClock();
    /** How old the cached claims are whenever they are read. */
    private volatile Duration cachedAge = Duration.ofSeconds(10);
    /** What tenant-service's next answers fail with; none when null. */
    private volatile RuntimeException failure;
    private final UserProfile user = parse();

    @Test
    void requestsThatFindTheClaimsStaleShareOneCall() throws Exception {
        UserDirectory directory = directory();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Optional<UserProfile>>> results = new ArrayList<>();
            results.add(threads.submit(() -> directory.user("U1")));
            assertThat(asked.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 7; i++) {
                results.add(threads.submit(() -> directory.user("U1")));
            }
            Thread.sleep(300); // the seven find the call in flight and wait for it
            answer.countDown();
            for (Future<Optional<UserProfile>> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS)).contains(user);
            }
            assertThat(calls).hasValue(1);
            assertThat(saves).hasValue(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aRequestThatFindsTheClaimsInvalidatedAsksOnItsOwn() throws Exception {
        UserDirectory directory = directory();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<Optional<UserProfile>> stale = threads.submit(() -> directory.user("U1"));
            assertThat(asked.await(10, TimeUnit.SECONDS)).isTrue();
            invalidated = true; // tenant-service invalidates the user while the first call is in flight
            Future<Optional<UserProfile>> afterInvalidation = threads.submit(() -> directory.user("U1"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (calls.get() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(calls).hasValue(2);
            answer.countDown();
            assertThat(stale.get(10, TimeUnit.SECONDS)).contains(user);
            assertThat(afterInvalidation.get(10, TimeUnit.SECONDS)).contains(user);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void freshClaimsPastRefreshAfterAreAskedForOnceInTheBackgroundWhileRequestsGoOn() throws Exception {
        cachedAge = Duration.ofMillis(4500);
        UserDirectory directory = directory();

        // tenant-service does not answer until told to: each request still gets the cached user at once.
        for (int i = 0; i < 8; i++) {
            assertThat(directory.user("U1")).contains(user);
        }
        assertThat(directory.fromFreshCache(PROFILE, Instant.now().minus(cachedAge))).contains(user);
        assertThat(asked.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(calls).hasValue(1);
        assertThat(saves).hasValue(0);

        answer.countDown();
        awaitUntil(() -> saves.get() == 1);
        assertThat(calls).hasValue(1);
    }

    @Test
    void claimsYoungerThanRefreshAfterAreNotAskedFor() throws Exception {
        cachedAge = Duration.ofSeconds(3);
        UserDirectory directory = directory();

        assertThat(directory.user("U1")).contains(user);
        assertThat(directory.fromFreshCache(PROFILE, Instant.now().minus(cachedAge))).contains(user);

        Thread.sleep(200); // a background call, had one been started, would have been made by now
        assertThat(calls).hasValue(0);
    }

    @Test
    void aFailedRefreshAheadChangesNothingAndIsTriedAgainByTheNextRequest() throws Exception {
        cachedAge = Duration.ofMillis(4500);
        failure = new IllegalStateException("tenant-service answered 500");
        answer.countDown();
        UserDirectory directory = directory();

        assertThat(directory.user("U1")).contains(user);
        awaitUntil(() -> calls.get() == 1);
        // Requests go on with the cached user, and once the failed call has ended the next one asks again.
        awaitUntil(() -> directory.user("U1").equals(Optional.of(user)) && calls.get() >= 2);
        assertThat(saves).hasValue(0);
    }

    @Test
    void whileTenantServiceIsUnreachableFreshClaimsAreAskedForOncePerRetryGap() throws Exception {
        UserDirectory directory = directoryInAnOutage();

        cachedAge = Duration.ofSeconds(1); // another replica, which reaches tenant-service, fetched them meanwhile
        assertThat(directory.user("U1")).contains(user);
        Thread.sleep(200);
        assertThat(calls).hasValue(1); // within the retry gap of the failed call: not asked

        clock.advance(Duration.ofSeconds(2));
        for (int i = 0; i < 8; i++) {
            assertThat(directory.user("U1")).contains(user);
        }
        awaitUntil(() -> calls.get() == 2);
        Thread.sleep(200);
        assertThat(calls).hasValue(2); // one call for the eight requests of that retry gap
    }

    @Test
    void anOutageThatEndedWhileOnlyFreshClaimsWereReadDoesNotShortenTheNextOnesGrace() throws Exception {
        UserDirectory directory = directoryInAnOutage(); // the first outage begins

        // tenant-service is back; another replica keeps the shared cache fresh, so no request here finds it stale.
        failure = null;
        cachedAge = Duration.ofSeconds(1);
        clock.advance(Duration.ofSeconds(2));
        assertThat(directory.user("U1")).contains(user);
        awaitUntil(() -> saves.get() == 1); // asked in the background; the answer ends the outage here

        // 70 s after the first outage began, a second one: its grace counts from its own start.
        clock.advance(Duration.ofSeconds(70));
        failure = UNAVAILABLE;
        cachedAge = Duration.ofSeconds(10);
        assertThat(directory.user("U1")).contains(user);
        assertThat(calls).hasValue(3);
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }

    /**
     * A directory on a clock only the test moves, which has just found tenant-service unreachable while the user's
     * claims were stale: it answered from them (the outage grace) after one call.
     */
    private UserDirectory directoryInAnOutage() {
        clock.freeze();
        failure = UNAVAILABLE;
        answer.countDown();
        UserDirectory directory = directory();
        assertThat(directory.user("U1")).contains(user);
        assertThat(calls).hasValue(1);
        return directory;
    }

    private UserDirectory directory() {
        UserDirectory directory = new UserDirectory();
        directory.clock = clock;
        directory.config = config();
        directory.store = new ClaimsStore() {
            @Override
            Cached find(String userId) {
                return invalidated ? null : new Cached(user, clock.instant().minus(cachedAge));
            }

            @Override
            void save(UserProfile profile, Instant askedAt) {
                saves.incrementAndGet();
            }

            @Override
            void invalidate(Collection<String> userIds, Instant now) {
            }
        };
        directory.store.json = new ObjectMapper();
        directory.tenantClient = new TenantClient() {
            @Override
            public Optional<UserProfile> user(String userId) {
                calls.incrementAndGet();
                asked.countDown();
                try {
                    assertThat(answer.await(10, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                if (failure != null) {
                    throw failure;
                }
                return Optional.of(user);
            }
        };
        return directory;
    }

    /** The configuration's defaults for the claims cache (fresh for 5 s); nothing else is asked. */
    private static AuthConfig config() {
        AuthConfig.Claims claims = (AuthConfig.Claims) Proxy.newProxyInstance(AuthConfig.class.getClassLoader(),
                new Class<?>[]{AuthConfig.Claims.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "freshFor" -> Duration.ofSeconds(5);
                    case "refreshAfter" -> Duration.ofSeconds(4);
                    case "outageGrace" -> Duration.ofSeconds(60);
                    case "retryGap" -> Duration.ofSeconds(1);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (AuthConfig) Proxy.newProxyInstance(AuthConfig.class.getClassLoader(), new Class<?>[]{AuthConfig.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("claims")) {
                        return claims;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static UserProfile parse() {
        try {
            return new ObjectMapper().readValue(PROFILE, UserProfile.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
