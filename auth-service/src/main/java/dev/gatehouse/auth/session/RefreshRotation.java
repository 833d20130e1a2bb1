package dev.gatehouse.auth.session;

import dev.gatehouse.auth.tenants.UserDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/**
 * The refresh hot path in SQL (issue #14): one conditional UPDATE decides and records a rotation atomically, with
 * no JTA transaction and no lock held while anything is signed (the successor is signed before,
 * the session JWT after). PostgreSQL re-evaluates the WHERE clause and the CASE expressions on the newest row
 * version when a concurrent refresh of the same session committed first, so concurrent refreshes inside the reuse
 * interval become siblings, exactly as {@link AuthSession} describes the family. The same statement reads the
 * user's cached claims, so a refresh whose claims are fresh costs one round trip to the database.
 */
@ApplicationScoped
class RefreshRotation {

    /** The request's values are one row (p), each bound once and named where the decision uses it. */
    private static final String ROTATE = """
            with p (presented, next, kid, at, reuse_since, fresh_since, only_fresh, session_id, user_id, client_id,
                    secret_hash) as (
                values (?::varchar, ?::varchar, ?::varchar, ?::timestamptz, ?::timestamptz, ?::timestamptz,
                        ?::boolean, ?::varchar, ?::varchar, ?::varchar, ?::varchar)),
            claims as (
                select c.profile, c.fetched_at from user_claims c join p on c.user_id = p.user_id
                where %s),
            client as (
                select p.client_id is null or %s as proven
                from p),
            rotated as (
                update auth_session s set
                    previous_hashes = case when p.presented = any(s.current_hashes) then s.current_hashes else s.previous_hashes end,
                    current_hashes  = case when p.presented = any(s.current_hashes) then array[p.next] else s.current_hashes || p.next end,
                    rotated_at      = case when p.presented = any(s.current_hashes) then p.at else s.rotated_at end,
                    last_refresh_at = p.at,
                    signing_kid     = p.kid
                from p
                where s.id = p.session_id and s.user_id = p.user_id and s.revoked_at is null and s.expires_at > p.at
                  and (p.presented = any(s.current_hashes)
                       or (p.presented = any(s.previous_hashes) and s.rotated_at >= p.reuse_since))
                  and (not p.only_fresh or exists (select 1 from claims))
                  and (p.client_id is null or s.client_id = p.client_id) and (select proven from client)
                returning s.tenant_id, s.amr, s.expires_at, coalesce(s.authenticated_at, s.created_at) as authenticated_at)
            select (select profile from claims), r.tenant_id, r.amr, r.expires_at, r.authenticated_at,
                   (select proven from client), (select fetched_at from claims)
            from p left join rotated r on true""".formatted(UserDirectory.freshClaims("p.fresh_since"),
            ClientProof.proves("p.client_id", "p.secret_hash", "p.at", "refresh_token"));

    @Inject
    DataSource dataSource;

    record Rotated(String tenantId, String amr, Instant expiresAt, Instant authenticatedAt) {
    }

    /**
     * What one rotation statement found: the user's cached claims ({@code user_claims.profile}) and when they were
     * fetched, when they were fresh; the rotation, null when none was made; and whether the client was proven (true
     * when none was to be).
     */
    record Outcome(String freshClaims, Instant freshClaimsFetchedAt, Rotated rotated, boolean clientProven) {
    }

    /**
     * Rotates when {@code presentedHash} is current (successor replaces the family's current tokens) or, within the
     * reuse interval, one of the predecessors (successor becomes a sibling); no rotation when neither, or when the
     * session is not this user's active session.
     *
     * <p>The same statement reads the user's cached claims when they were fetched after {@code claimsFreshSince}
     * and not invalidated since, for that user or for everyone (the rule of {@code UserDirectory.user}), so the
     * common refresh is one round trip. With {@code onlyWithFreshClaims}, nothing is rotated unless they were:
     * the caller then asks tenant-service first, and a refresh refused for an outage leaves the presented token
     * current, to be tried again. With a {@code client} (null for none), nothing is rotated unless the statement
     * proves it ({@link Outcome#clientProven}), so the token endpoint's refresh needs no query of its own to
     * authenticate the client.
     */
    Outcome rotate(String sessionId, String userId, String presentedHash, String nextHash, String signingKid,
                   Instant now, Duration reuseInterval, Instant claimsFreshSince, boolean onlyWithFreshClaims,
                   ClientProof client) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(ROTATE)) {
            update.setString(1, presentedHash);
            update.setString(2, nextHash);
            update.setString(3, signingKid);
            update.setTimestamp(4, Timestamp.from(now));
            update.setTimestamp(5, Timestamp.from(now.minus(reuseInterval)));
            update.setTimestamp(6, Timestamp.from(claimsFreshSince));
            update.setBoolean(7, onlyWithFreshClaims);
            update.setString(8, sessionId);
            update.setString(9, userId);
            update.setString(10, client == null ? null : client.clientId());
            update.setString(11, client == null ? null : client.secretHash());
            try (ResultSet row = update.executeQuery()) {
                row.next();
                // expires_at is never null in a session row: null means nothing was rotated.
                Rotated rotated = row.getTimestamp(4) == null ? null
                        : new Rotated(row.getString(2), row.getString(3), row.getTimestamp(4).toInstant(),
                        row.getTimestamp(5).toInstant());
                Timestamp fetchedAt = row.getTimestamp(7);
                return new Outcome(row.getString(1), fetchedAt == null ? null : fetchedAt.toInstant(), rotated,
                        row.getBoolean(6));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not rotate session " + sessionId, e);
        }
    }

    /** The rotation alone, for a caller that has asked tenant-service about the user already. */
    Rotated rotate(String sessionId, String userId, String presentedHash, String nextHash, String signingKid,
                   Instant now, Duration reuseInterval) {
        return rotate(sessionId, userId, presentedHash, nextHash, signingKid, now, reuseInterval, now, false, null).rotated();
    }

    /** Ends this user's session if it is still active; false when it had ended already (or is someone else's). */
    boolean revokeIfActive(String sessionId, String userId, Instant now, String reason) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("""
                     update auth_session set revoked_at = ?, revoke_reason = ?
                     where id = ? and user_id = ? and revoked_at is null and expires_at > ?""")) {
            Timestamp at = Timestamp.from(now);
            update.setTimestamp(1, at);
            update.setString(2, reason);
            update.setString(3, sessionId);
            update.setString(4, userId);
            update.setTimestamp(5, at);
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("could not end session " + sessionId, e);
        }
    }
}
