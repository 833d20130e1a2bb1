package dev.gatehouse.auth.keys;

import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.common.Jdbc;
import dev.gatehouse.auth.common.Reloading;
import dev.gatehouse.common.Sealer;
import dev.gatehouse.common.Secrets;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The signing keys, shared by all replicas through the database. Exactly one key is active (the newest
 * unretired one); rotation retires it and keeps it published until every token it signed has expired.
 * Replicas re-read the ring every few seconds and at once when they meet an unknown {@code kid}. Every signature
 * and verification reads the ring; a re-read that turns due holds up only the request that makes it
 * ({@link Reloading}).
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
    DataSource dataSource;

    @Inject
    Event<SigningKeyRevoked> revoked;

    @Inject
    Sealer sealer;

    private Reloading<Snapshot> ring;

    @PostConstruct
    void init() {
        ring = new Reloading<>(this::read, CACHE_TTL, clock);
        Jdbc.underAdvisoryLock(dataSource, ROTATION_LOCK, "create the first signing key", connection -> {
            if (activeRow(connection).isEmpty()) {
                create(connection);
            }
            return null;
        });
        ring.reload();
    }

    public KeyMaterial active() {
        KeyMaterial active = ring.get().active();
        return active != null ? active : ring.reload().active();
    }

    /** The published keys, for JWKS and for verifying our own tokens. */
    public List<KeyMaterial> published() {
        return List.copyOf(ring.get().published().values());
    }

    /** The published key with this id, re-reading the ring once if it is unknown (rotation by another replica). */
    public Optional<KeyMaterial> byKid(String kid) {
        KeyMaterial key = ring.get().published().get(kid);
        if (key == null) {
            key = ring.reloadIfOlderThan(MIN_RELOAD_GAP).published().get(kid);
        }
        return Optional.ofNullable(key);
    }

    /**
     * Emergency revocation: the key leaves the JWKS now (not when its tokens expire), a new key takes over if it
     * was the active one, and the sessions it signed end (observers of {@link SigningKeyRevoked}, same
     * transaction). Verifiers forget it within their JWKS cache time (five minutes, the JWKS's max-age).
     */
    public Revocation revoke(String kid) {
        Revocation revocation = Jdbc.underAdvisoryLock(dataSource, ROTATION_LOCK, "revoke signing key " + kid, connection -> {
            Instant now = Instant.now(clock);
            Boolean retired;
            try (PreparedStatement find = connection.prepareStatement(
                    "select retired_at is not null from signing_key where kid = ? and revoked_at is null")) {
                find.setString(1, kid);
                try (ResultSet row = find.executeQuery()) {
                    retired = row.next() ? row.getBoolean(1) : null;
                }
            }
            if (retired == null) {
                return null; // unknown, or revoked already
            }
            String activeKid;
            if (!retired) {
                retireActive(connection);
                activeKid = create(connection);
            } else {
                activeKid = activeRow(connection).map(ActiveRow::kid).orElse(null);
            }
            try (PreparedStatement revoke = connection.prepareStatement(
                    "update signing_key set publish_until = ?, revoked_at = ? where kid = ?")) {
                revoke.setTimestamp(1, Timestamp.from(now));
                revoke.setTimestamp(2, Timestamp.from(now));
                revoke.setString(3, kid);
                revoke.executeUpdate();
            }
            SigningKeyRevoked event = new SigningKeyRevoked(kid, connection);
            revoked.fire(event);
            return new Revocation(kid, activeKid, event.sessionsEnded());
        });
        if (revocation != null) {
            ring.reload();
            LOG.warnf("signing key %s revoked; %d sessions ended; active kid %s", kid, revocation.sessionsEnded(),
                    revocation.activeKid());
        }
        return revocation;
    }

    public record Revocation(String kid, String activeKid, int sessionsEnded) {
    }

    /** Retires the active key and creates a new one. Returns the new kid. */
    public String rotate() {
        String kid = Jdbc.underAdvisoryLock(dataSource, ROTATION_LOCK, "rotate the signing key", connection -> {
            retireActive(connection);
            return create(connection);
        });
        ring.reload();
        LOG.infof("signing key rotated; new kid %s", kid);
        return kid;
    }

    /** Drops the retired keys no token can need any more, and rotates the active key once it is older than the interval. */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void rotateWhenDue() {
        enum Change { NONE, DROPPED, ROTATED }
        Change change = Jdbc.underAdvisoryLock(dataSource, ROTATION_LOCK, "rotate the signing key on schedule", connection -> {
            Instant now = Instant.now(clock);
            int dropped;
            try (PreparedStatement delete = connection.prepareStatement("delete from signing_key where publish_until < ?")) {
                delete.setTimestamp(1, Timestamp.from(now));
                dropped = delete.executeUpdate();
            }
            Optional<ActiveRow> active = activeRow(connection);
            if (active.isPresent() && active.get().createdAt().plus(config.keys().rotationInterval()).isAfter(now)) {
                return dropped > 0 ? Change.DROPPED : Change.NONE;
            }
            retireActive(connection);
            create(connection);
            return Change.ROTATED;
        });
        // This replica's JWKS follows at once; the others within their re-read (15 s).
        if (change != Change.NONE) {
            ring.reload();
        }
        if (change == Change.ROTATED) {
            LOG.info("signing key rotated on schedule");
        }
    }

    private void retireActive(Connection connection) throws SQLException {
        Instant now = Instant.now(clock);
        // Refresh JWTs live longest; the SDKs verify them against the JWKS too.
        try (PreparedStatement retire = connection.prepareStatement(
                "update signing_key set retired_at = ?, publish_until = ? where retired_at is null")) {
            retire.setTimestamp(1, Timestamp.from(now));
            retire.setTimestamp(2, Timestamp.from(now.plus(config.session().refreshTtl()).plus(config.session().sessionTtl())));
            retire.executeUpdate();
        }
    }

    /** A new active key; its kid. */
    private String create(Connection connection) throws SQLException {
        String algorithm = config.keys().algorithm();
        KeyPair pair = KeyFactory.generate(algorithm);
        String kid = Secrets.newId("k");
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into signing_key (kid, algorithm, public_jwk, private_key, created_at) values (?, ?, ?, ?, ?)")) {
            insert.setString(1, kid);
            insert.setString(2, algorithm);
            insert.setString(3, KeyFactory.publicJwkJson(pair, kid, algorithm));
            insert.setString(4, sealer.seal(KeyFactory.encodePrivate(pair.getPrivate())));
            insert.setTimestamp(5, Timestamp.from(Instant.now(clock)));
            insert.executeUpdate();
        }
        return kid;
    }

    /** The active key as stored: the newest unretired one. */
    private record ActiveRow(String kid, Instant createdAt) {
    }

    private static Optional<ActiveRow> activeRow(Connection connection) throws SQLException {
        try (PreparedStatement active = connection.prepareStatement(
                "select kid, created_at from signing_key where retired_at is null order by created_at desc limit 1");
             ResultSet row = active.executeQuery()) {
            return row.next() ? Optional.of(new ActiveRow(row.getString(1), row.getTimestamp(2).toInstant())) : Optional.empty();
        }
    }

    /** The ring as stored: the active key with its private part, and every published key. */
    private Snapshot read() {
        Instant now = Instant.now(clock);
        return Jdbc.read(dataSource, "the signing keys", connection -> {
            KeyMaterial active = null;
            Map<String, KeyMaterial> published = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    select kid, algorithm, public_jwk, private_key, created_at, retired_at is null from signing_key
                    where retired_at is null or publish_until > ? order by created_at desc""")) {
                select.setTimestamp(1, Timestamp.from(now));
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        String kid = row.getString(1);
                        String algorithm = row.getString(2);
                        Instant createdAt = row.getTimestamp(5).toInstant();
                        KeyMaterial key = new KeyMaterial(kid, algorithm, KeyFactory.parsePublic(row.getString(3)), null,
                                createdAt);
                        published.put(kid, key);
                        if (active == null && row.getBoolean(6)) {
                            active = new KeyMaterial(kid, algorithm, key.publicJwk(),
                                    KeyFactory.decodePrivate(sealer.open(row.getString(4)), algorithm), createdAt);
                        }
                    }
                }
            }
            return new Snapshot(active, Map.copyOf(published));
        });
    }

    private record Snapshot(KeyMaterial active, Map<String, KeyMaterial> published) {
    }
}
