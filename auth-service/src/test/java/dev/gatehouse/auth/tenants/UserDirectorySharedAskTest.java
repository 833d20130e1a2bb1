package dev.gatehouse.auth.tenants;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.auth.common.AuthConfig;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Clock;
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
 * a request that found the claims invalidated never takes an answer asked for before it looked.
 */
class UserDirectorySharedAskTest {

    private static final String PROFILE = "{\"userId\":\"U1\",\"email\":\"a@example.com\",\"status\":\"enabled\","
            + "\"claims\":{\"tenants\":{},\"roles\":[],\"permissions\":[]}}";

    private final CountDownLatch asked = new CountDownLatch(1);
    private final CountDownLatch answer = new CountDownLatch(1);
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger saves = new AtomicInteger();
    private volatile boolean invalidated;
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

    private UserDirectory directory() {
        UserDirectory directory = new UserDirectory();
        directory.clock = Clock.systemUTC();
        directory.config = config();
        directory.store = new ClaimsStore() {
            @Override
            Cached find(String userId) {
                return invalidated ? null : new Cached(user, Instant.now().minus(Duration.ofSeconds(10)));
            }

            @Override
            void save(UserProfile profile, Instant askedAt) {
                saves.incrementAndGet();
            }

            @Override
            void invalidate(Collection<String> userIds, Instant now) {
            }
        };
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
