package dev.gatehouse.auth.keys;

import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.common.Sealer;
import dev.gatehouse.common.Secrets;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The signing keys, shared by all replicas through the database. Exactly one key is active (the newest
 * unretired one); rotation retires it and keeps it published until every token it signed has expired.
 * Replicas re-read the ring every few seconds and at once when they meet an unknown {@code kid}.
 */
@Startup
@ApplicationScoped
public class KeyRing {

    private static final Logger LOG = Logger.getLogger(KeyRing.class);
    private static final Duration CACHE_TTL = Duration.ofSeconds(15);
    private static final Duration MIN_RELOAD_GAP = Duration.ofSeconds(2);
    /** Any constant: serialises key creation across replicas (pg_advisory_xact_lock). */
    private static final long ROTATION_LOCK = 0x6761746568L;

    @Inject
    AuthConfig config;

    @Inject
    Clock clock;

    @Inject
    EntityManager em;

    @Inject
    Event<SigningKeyRevoked> revoked;

    @Inject
    Sealer sealer;
    private volatile Snapshot snapshot = new Snapshot(null, Map.of(), Instant.EPOCH);

    @PostConstruct
    void init() {
        QuarkusTransaction.requiringNew().run(() -> {
            lock();
            if (activeRow().isEmpty()) {
                create();
            }
        });
        reload();
    }

    public KeyMaterial active() {
        Snapshot current = fresh();
        if (current.active == null) {
            reload();
            current = snapshot;
        }
        return current.active;
    }

    /** The published keys, for JWKS and for verifying our own tokens. */
    public List<KeyMaterial> published() {
        return List.copyOf(fresh().published.values());
    }

    /** The published key with this id, re-reading the ring once if it is unknown (rotation by another replica). */
    public Optional<KeyMaterial> byKid(String kid) {
        KeyMaterial key = fresh().published.get(kid);
        if (key == null && Duration.between(snapshot.loadedAt, Instant.now(clock)).compareTo(MIN_RELOAD_GAP) > 0) {
            reload();
            key = snapshot.published.get(kid);
        }
        return Optional.ofNullable(key);
    }

    /**
     * Emergency revocation: the key leaves the JWKS now (not when its tokens expire), a new key takes over if it
     * was the active one, and the sessions it signed end (observers of {@link SigningKeyRevoked}, same
     * transaction). Verifiers forget it within their JWKS cache time (five minutes, the JWKS's max-age).
     */
    public Revocation revoke(String kid) {
        Revocation revocation = QuarkusTransaction.requiringNew().call(() -> {
            lock();
            SigningKey key = SigningKey.findById(kid);
            if (key == null || key.revokedAt != null) {
                return null;
            }
            String activeKid;
            if (key.retiredAt == null) {
                retireActive();
                activeKid = create().kid;
            } else {
                activeKid = activeRow().map(k -> k.kid).orElse(null);
            }
            Instant now = Instant.now(clock);
            key.publishUntil = now;
            key.revokedAt = now;
            SigningKeyRevoked event = new SigningKeyRevoked(kid);
            revoked.fire(event);
            return new Revocation(kid, activeKid, event.sessionsEnded());
        });
        if (revocation != null) {
            reload();
            LOG.warnf("signing key %s revoked; %d sessions ended; active kid %s", kid, revocation.sessionsEnded(),
                    revocation.activeKid());
        }
        return revocation;
    }

    public record Revocation(String kid, String activeKid, int sessionsEnded) {
    }

    /** Retires the active key and creates a new one. Returns the new kid. */
    public String rotate() {
        String kid = QuarkusTransaction.requiringNew().call(() -> {
            lock();
            retireActive();
            return create().kid;
        });
        reload();
        LOG.infof("signing key rotated; new kid %s", kid);
        return kid;
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void rotateWhenDue() {
        boolean rotated = QuarkusTransaction.requiringNew().call(() -> {
            lock();
            Instant now = Instant.now(clock);
            SigningKey active = activeRow().orElse(null);
            em.createQuery("delete from SigningKey where publishUntil < :now").setParameter("now", now).executeUpdate();
            if (active != null && active.createdAt.plus(config.keys().rotationInterval()).isAfter(now)) {
                return false;
            }
            retireActive();
            create();
            return true;
        });
        if (rotated) {
            reload();
            LOG.info("signing key rotated on schedule");
        }
    }

    private void retireActive() {
        Instant now = Instant.now(clock);
        activeRow().ifPresent(key -> {
            key.retiredAt = now;
            // Refresh JWTs live longest; the SDKs verify them against the JWKS too.
            key.publishUntil = now.plus(config.session().refreshTtl()).plus(config.session().sessionTtl());
        });
    }

    private SigningKey create() {
        String algorithm = config.keys().algorithm();
        KeyPair pair = KeyFactory.generate(algorithm);
        SigningKey key = new SigningKey();
        key.kid = Secrets.newId("k");
        key.algorithm = algorithm;
        key.publicJwk = KeyFactory.publicJwkJson(pair, key.kid, algorithm);
        key.privateKey = sealer.seal(KeyFactory.encodePrivate(pair.getPrivate()));
        key.createdAt = Instant.now(clock);
        key.persist();
        em.flush();
        return key;
    }

    private Optional<SigningKey> activeRow() {
        return SigningKey.<SigningKey>find("retiredAt is null order by createdAt desc").firstResultOptional();
    }

    private void lock() {
        em.createNativeQuery("select pg_advisory_xact_lock(?1)").setParameter(1, ROTATION_LOCK).getSingleResult();
    }

    private Snapshot fresh() {
        Snapshot current = snapshot;
        if (Duration.between(current.loadedAt, Instant.now(clock)).compareTo(CACHE_TTL) > 0) {
            reload();
            current = snapshot;
        }
        return current;
    }

    private synchronized void reload() {
        Instant now = Instant.now(clock);
        List<SigningKey> rows = QuarkusTransaction.requiringNew().call(() -> SigningKey.<SigningKey>list(
                "retiredAt is null or publishUntil > ?1 order by createdAt desc", now));
        KeyMaterial active = rows.stream().filter(r -> r.retiredAt == null).findFirst()
                .map(r -> new KeyMaterial(r.kid, r.algorithm, KeyFactory.parsePublic(r.publicJwk),
                        KeyFactory.decodePrivate(sealer.open(r.privateKey), r.algorithm), r.createdAt))
                .orElse(null);
        Map<String, KeyMaterial> published = rows.stream()
                .map(r -> new KeyMaterial(r.kid, r.algorithm, KeyFactory.parsePublic(r.publicJwk), null, r.createdAt))
                .collect(Collectors.toUnmodifiableMap(KeyMaterial::kid, Function.identity()));
        snapshot = new Snapshot(active, published, now);
    }

    private record Snapshot(KeyMaterial active, Map<String, KeyMaterial> published, Instant loadedAt) {
    }
}
