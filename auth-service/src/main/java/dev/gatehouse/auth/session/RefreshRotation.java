package dev.gatehouse.auth.session;

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
 * no ORM session, no JTA transaction and no lock held while anything is signed (the successor is signed before,
 * the session JWT after). PostgreSQL re-evaluates the WHERE clause and the CASE expressions on the newest row
 * version when a concurrent refresh of the same session committed first, so concurrent refreshes inside the reuse
 * interval become siblings, exactly as {@link AuthSession} describes the family.
 */
@ApplicationScoped
class RefreshRotation {

    @Inject
    DataSource dataSource;

    record Rotated(String tenantId, String amr, Instant expiresAt, Instant authenticatedAt) {
    }

    /**
     * Rotates when {@code presentedHash} is current (successor replaces the family's current tokens) or, within the
     * reuse interval, one of the predecessors (successor becomes a sibling). Null when neither, or when the session
     * is not this user's active session.
     */
    Rotated rotate(String sessionId, String userId, String presentedHash, String nextHash, String signingKid,
                   Instant now, Duration reuseInterval) {
        // The request's values are one row (p), each bound once and named where the decision uses it.
        String sql = """
                update auth_session s set
                    previous_hashes = case when p.presented = any(s.current_hashes) then s.current_hashes else s.previous_hashes end,
                    current_hashes  = case when p.presented = any(s.current_hashes) then array[p.next] else s.current_hashes || p.next end,
                    rotated_at      = case when p.presented = any(s.current_hashes) then p.at else s.rotated_at end,
                    last_refresh_at = p.at,
                    signing_kid     = p.kid
                from (values (?::varchar, ?::varchar, ?::varchar, ?::timestamptz, ?::timestamptz))
                    as p (presented, next, kid, at, reuse_since)
                where s.id = ? and s.user_id = ? and s.revoked_at is null and s.expires_at > p.at
                  and (p.presented = any(s.current_hashes)
                       or (p.presented = any(s.previous_hashes) and s.rotated_at >= p.reuse_since))
                returning s.tenant_id, s.amr, s.expires_at, coalesce(s.authenticated_at, s.created_at)""";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(sql)) {
            update.setString(1, presentedHash);
            update.setString(2, nextHash);
            update.setString(3, signingKid);
            update.setTimestamp(4, Timestamp.from(now));
            update.setTimestamp(5, Timestamp.from(now.minus(reuseInterval)));
            update.setString(6, sessionId);
            update.setString(7, userId);
            try (ResultSet row = update.executeQuery()) {
                return row.next() ? new Rotated(row.getString(1), row.getString(2), row.getTimestamp(3).toInstant(),
                        row.getTimestamp(4).toInstant()) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not rotate session " + sessionId, e);
        }
    }

    /** Writes a new session through the caller's connection (its transaction); the code grant's start. */
    void insert(Connection connection, AuthSession session) {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into auth_session (id, user_id, tenant_id, amr, current_hashes, previous_hashes, created_at,
                    authenticated_at, expires_at, signing_kid, client_address, user_agent, client_id, browser_session_id)
                values (?, ?, ?, ?, ?, '{}', ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setString(1, session.id);
            insert.setString(2, session.userId);
            insert.setString(3, session.tenantId);
            insert.setString(4, session.amr);
            insert.setArray(5, connection.createArrayOf("varchar", session.currentHashes));
            insert.setTimestamp(6, Timestamp.from(session.createdAt));
            insert.setTimestamp(7, Timestamp.from(session.authenticatedAt));
            insert.setTimestamp(8, Timestamp.from(session.expiresAt));
            insert.setString(9, session.signingKid);
            insert.setString(10, session.clientAddress);
            insert.setString(11, session.userAgent);
            insert.setString(12, session.clientId);
            insert.setString(13, session.browserSessionId);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not store session " + session.id, e);
        }
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
