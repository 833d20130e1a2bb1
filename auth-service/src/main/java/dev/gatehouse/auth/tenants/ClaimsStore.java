package dev.gatehouse.auth.tenants;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code user_claims} table: one indexed read on the refresh path. Every auth-service replica shares it, so an invalidation that reached one reaches all.
 */
@ApplicationScoped
class ClaimsStore {

    static final String EVERYONE = "*";
    private static final int PARSED_KEPT = 4096;

    private final Map<String, UserProfile> parsed = new ConcurrentHashMap<>();

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    /** The user's last answer, or null when none counts (never fetched, invalidated, or older than a global invalidation). */
    Cached find(String userId) {
        String profile = null;
        Instant fetchedAt = null;
        Instant everyoneInvalidatedAt = null;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select user_id, profile, fetched_at, invalidated_at from user_claims where user_id in (?, ?)")) {
            select.setString(1, userId);
            select.setString(2, EVERYONE);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    if (EVERYONE.equals(rows.getString(1))) {
                        everyoneInvalidatedAt = rows.getTimestamp(4).toInstant();
                    } else {
                        profile = rows.getString(2);
                        fetchedAt = rows.getTimestamp(3).toInstant();
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the claims cache", e);
        }
        if (profile == null || (everyoneInvalidatedAt != null && !fetchedAt.isAfter(everyoneInvalidatedAt))) {
            return null;
        }
        UserProfile user = parse(profile);
        return user == null ? null : new Cached(user, fetchedAt);
    }

    /**
     * A {@code profile} column's value as a user, or null when it cannot be read (then nothing is cached). The same
     * text read again (a user's next refresh, while nothing about them changed) is not parsed again: comparing the
     * text costs a fraction of parsing it (an eleventh of a refresh's CPU, issue #14). Same text, same user: the
     * memo cannot be stale, only bounded ({@value #PARSED_KEPT} texts; it starts afresh when full).
     */
    UserProfile parse(String profile) {
        UserProfile known = parsed.get(profile);
        if (known != null) {
            return known;
        }
        try {
            UserProfile user = json.readValue(profile, UserProfile.class);
            if (parsed.size() >= PARSED_KEPT) {
                parsed.clear();
            }
            parsed.put(profile, user);
            return user;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /**
     * Records an answer tenant-service gave to a call started at {@code askedAt}, unless the user was invalidated
     * after that: an answer that crossed an invalidation on the way is already stale.
     */
    void save(UserProfile user, Instant askedAt) {
        String profile;
        try {
            profile = json.writeValueAsString(user);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialise a user profile", e);
        }
        update("""
                insert into user_claims (user_id, profile, fetched_at) values (?, ?, ?)
                on conflict (user_id) do update set profile = excluded.profile, fetched_at = excluded.fetched_at,
                    invalidated_at = null
                where user_claims.invalidated_at is null or user_claims.invalidated_at < excluded.fetched_at""",
                statement -> {
                    statement.setString(1, user.userId());
                    statement.setString(2, profile);
                    statement.setTimestamp(3, Timestamp.from(askedAt));
                    statement.executeUpdate();
                });
    }

    void invalidate(Collection<String> userIds, Instant now) {
        update("""
                insert into user_claims (user_id, profile, fetched_at, invalidated_at) values (?, null, ?, ?)
                on conflict (user_id) do update set profile = null, invalidated_at = excluded.invalidated_at""",
                statement -> {
                    for (String userId : userIds) {
                        statement.setString(1, userId);
                        statement.setTimestamp(2, Timestamp.from(now));
                        statement.setTimestamp(3, Timestamp.from(now));
                        statement.addBatch();
                    }
                    statement.executeBatch();
                });
    }

    void invalidateEveryone(Instant now) {
        invalidate(java.util.List.of(EVERYONE), now);
    }

    /** Entries nobody has asked about for longer than a refresh token lives are of no use to anyone. */
    int purgeOlderThan(Instant cutoff) {
        int[] purged = new int[1];
        update("delete from user_claims where fetched_at < ? and user_id <> '*'", statement -> {
            statement.setTimestamp(1, Timestamp.from(cutoff));
            purged[0] = statement.executeUpdate();
        });
        return purged[0];
    }

    private void update(String sql, StatementWork work) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            work.run(statement);
        } catch (SQLException e) {
            throw new IllegalStateException("could not write the claims cache", e);
        }
    }

    private interface StatementWork {
        void run(PreparedStatement statement) throws SQLException;
    }

    record Cached(UserProfile user, Instant fetchedAt) {
    }
}
