package dev.gatehouse.auth.tenants;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.AuthConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Who a user is now, for every token auth-service mints: tenant-service's answer, cached in {@code user_claims}.
 *
 * <ul>
 *   <li>An answer younger than {@code gatehouse.claims.fresh-for} (5 s) is used as it is; tenant-service
 *       invalidates a user on every change to their roles, memberships, status or existence, so changes take
 *       effect at the next refresh, and within 5 s even when an invalidation is lost.</li>
 *   <li>While tenant-service cannot be reached, the last answer that was not invalidated is used for at most
 *       {@code gatehouse.claims.outage-grace} (60 s) counted from the first failed call this replica saw since
 *       tenant-service last answered it; then, and for users with no such answer, the refusal is 503. A user
 *       disabled or deleted before the outage was invalidated then, so no token is minted for them.</li>
 *   <li>An answer older than {@code gatehouse.claims.refresh-after} (4 s) but still fresh is used, and asked for
 *       again on a background thread ({@link #refreshAheadIfDue}): a user in steady use never waits for
 *       tenant-service, where every 5 s the requests of that moment did (issue #14's p99).</li>
 * </ul>
 */
@ApplicationScoped
public class UserDirectory {

    private static final Logger LOG = Logger.getLogger(UserDirectory.class);
    private static final int REFRESH_THREADS = 2;
    private static final int REFRESH_QUEUE = 1000;

    @Inject
    TenantClient tenantClient;

    @Inject
    ClaimsStore store;

    @Inject
    AuthConfig config;

    @Inject
    Clock clock;

    private final AtomicReference<Instant> unreachableSince = new AtomicReference<>();
    private final AtomicReference<Instant> lastAttempt = new AtomicReference<>(Instant.EPOCH);
    private final Map<String, CompletableFuture<Optional<UserProfile>>> asking = new ConcurrentHashMap<>();
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor refresher = new ThreadPoolExecutor(REFRESH_THREADS, REFRESH_THREADS, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(REFRESH_QUEUE), task -> {
                Thread thread = new Thread(task, "claims-refresh");
                thread.setDaemon(true);
                return thread;
            });

    /** The user's current profile and claims, or empty when the user no longer exists. */
    public Optional<UserProfile> user(String userId) {
        Instant now = Instant.now(clock);
        ClaimsStore.Cached cached = store.find(userId);
        if (cached != null && cached.fetchedAt().isAfter(now.minus(config.claims().freshFor()))) {
            refreshAheadIfDue(userId, cached.fetchedAt(), now);
            return Optional.of(cached.user());
        }
        if (unreachableSince.get() != null && cached != null && !retryDue(now)) {
            return Optional.of(fromOutage(cached, now));
        }
        lastAttempt.set(now);
        try {
            return ask(userId, now, cached != null);
        } catch (ApiException e) {
            if (e.status() != 503) {
                throw e;
            }
            unreachableSince.compareAndSet(null, now);
            if (cached == null) {
                throw e;
            }
            return Optional.of(fromOutage(cached, now));
        }
    }

    /** While tenant-service is unreachable: whether this request is the one of its retry gap that asks it again. */
    private boolean retryDue(Instant now) {
        Instant last = lastAttempt.get();
        return !last.isAfter(now.minus(config.claims().retryGap())) && lastAttempt.compareAndSet(last, now);
    }

    /**
     * tenant-service's answer about a user, remembered in the cache. A caller whose cached claims are only stale
     * ({@code mayShare}) takes the answer of a call already in flight for the same user: when a user's claims turned
     * stale under load, every request of that moment asked tenant-service at once (eight calls of 40-80 ms instead of
     * one in a profile of code exchanges, issue #14). A caller that found them invalidated never takes an answer
     * asked for before it looked: it asks on its own.
     */
    private Optional<UserProfile> ask(String userId, Instant now, boolean mayShare) {
        CompletableFuture<Optional<UserProfile>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<UserProfile>> inFlight = asking.putIfAbsent(userId, mine);
        if (inFlight != null && mayShare) {
            try {
                return inFlight.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        try {
            Optional<UserProfile> answer = tenantClient.user(userId);
            if (unreachableSince.getAndSet(null) != null) {
                LOG.info("tenant-service answers again; claims come from it");
            }
            answer.ifPresentOrElse(user -> store.save(user, now), () -> store.invalidate(java.util.List.of(userId), now));
            mine.complete(answer);
            return answer;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            asking.remove(userId, mine);
        }
    }

    /**
     * SQL: the {@code user_claims} row {@code c} counts as fresh, fetched after {@code freshSince} (an SQL expression)
     * and invalidated since neither for its user (who then has no profile) nor for everyone: the rule of {@link #user},
     * for a statement that reads the cache beside what it changes (a refresh's rotation, a code's claim), so that the
     * common case is one round trip.
     */
    public static String freshClaims(String freshSince) {
        return """
                c.profile is not null and c.fetched_at > %s
                and not exists (select 1 from user_claims everyone
                                where everyone.user_id = '%s' and everyone.invalidated_at >= c.fetched_at)"""
                .formatted(freshSince, ClaimsStore.EVERYONE);
    }

    /**
     * The user of a cached {@code profile}, {@code fetchedAt} then, that someone read while it was fresh (the refresh
     * reads it in the same statement as its rotation, the code grant in its claim); empty when it cannot be read.
     */
    public Optional<UserProfile> fromFreshCache(String profile, Instant fetchedAt) {
        UserProfile user = store.parse(profile);
        if (user != null) {
            refreshAheadIfDue(user.userId(), fetchedAt, Instant.now(clock));
        }
        return Optional.ofNullable(user);
    }

    /**
     * Fresh claims fetched over {@code refresh-after} ago are asked for again on a refresh thread, the request going
     * on with them: one call per user at a time, saved as any answer is (not over an invalidation made after it was
     * asked for). A failed call changes nothing, and one the full queue turns away is not made: the claims then turn
     * stale and the next request asks, as it would without this.
     *
     * <p>While this replica finds tenant-service unreachable, fresh claims (another replica, which reaches it, keeps
     * them so in the shared cache) are asked for at most once per {@code retry-gap}, whatever their age: the first
     * answer ends the outage here. Without it a replica that only ever read fresh claims never asked again, and
     * counted a later outage's grace from an earlier one's start: refusing at once.
     */
    private void refreshAheadIfDue(String userId, Instant fetchedAt, Instant now) {
        boolean due = unreachableSince.get() == null
                ? !fetchedAt.isAfter(now.minus(config.claims().refreshAfter()))
                : retryDue(now);
        if (!due || asking.containsKey(userId) || !refreshing.add(userId)) {
            return;
        }
        try {
            refresher.execute(() -> {
                try {
                    ask(userId, Instant.now(clock), true);
                } catch (RuntimeException e) {
                    LOG.debugf("claims of %s not refreshed ahead (%s); asked for when stale", userId, e.getMessage());
                } finally {
                    refreshing.remove(userId);
                }
            });
        } catch (RejectedExecutionException e) {
            refreshing.remove(userId);
        }
    }

    @PreDestroy
    void stop() {
        refresher.shutdownNow();
    }

    /** A profile tenant-service has just returned (provisioning at sign-in) starts the cache. */
    public void remember(UserProfile user, Instant askedAt) {
        store.save(user, askedAt);
    }

    public void invalidate(Collection<String> userIds) {
        store.invalidate(userIds, Instant.now(clock));
    }

    public void invalidateEveryone() {
        store.invalidateEveryone(Instant.now(clock));
    }

    private UserProfile fromOutage(ClaimsStore.Cached cached, Instant now) {
        Instant since = unreachableSince.get();
        Duration grace = config.claims().outageGrace();
        if (since != null && now.isAfter(since.plus(grace))) {
            throw new ApiException(503, "E503001", "the user directory has been unavailable for more than "
                    + grace.toSeconds() + " s; sessions cannot be refreshed until it is back");
        }
        LOG.debugf("tenant-service unreachable since %s: claims of %s from %s", since, cached.user().userId(), cached.fetchedAt());
        return cached.user();
    }

    @Scheduled(every = "1h", delayed = "10m")
    void purge() {
        int purged = store.purgeOlderThan(Instant.now(clock).minus(config.session().refreshTtl()));
        if (purged > 0) {
            LOG.infof("dropped %d cached user profiles nobody asked for in %s", purged, config.session().refreshTtl());
        }
    }
}
