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

    record Rotated(String tenantId, String amr, Instant expiresAt) {
    }

    /**
     * Rotates when {@code presentedHash} is current (successor replaces the family's current tokens) or, within the
     * reuse interval, one of the predecessors (successor becomes a sibling). Null when neither, or when the session
     * is not this user's active session.
     */
    Rotated rotate(String sessionId, String userId, String presentedHash, String nextHash, String signingKid,
                   Instant now, Duration reuseInterval) {
        String sql = """
                update auth_session set
                    previous_hashes = case when ? = any(current_hashes) then current_hashes else previous_hashes end,
                    current_hashes  = case when ? = any(current_hashes) then array[?]::varchar[] else current_hashes || ?::varchar end,
                    rotated_at      = case when ? = any(current_hashes) then ? else rotated_at end,
                    last_refresh_at = ?,
                    signing_kid     = ?
                where id = ? and user_id = ? and revoked_at is null and expires_at > ?
                  and (? = any(current_hashes) or (? = any(previous_hashes) and rotated_at >= ?))
                returning tenant_id, amr, expires_at""";
        Timestamp at = Timestamp.from(now);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(sql)) {
            update.setString(1, presentedHash);
            update.setString(2, presentedHash);
            update.setString(3, nextHash);
            update.setString(4, nextHash);
            update.setString(5, presentedHash);
            update.setTimestamp(6, at);
            update.setTimestamp(7, at);
            update.setString(8, signingKid);
            update.setString(9, sessionId);
            update.setString(10, userId);
            update.setTimestamp(11, at);
            update.setString(12, presentedHash);
            update.setString(13, presentedHash);
            update.setTimestamp(14, Timestamp.from(now.minus(reuseInterval)));
            try (ResultSet row = update.executeQuery()) {
                return row.next() ? new Rotated(row.getString(1), row.getString(2), row.getTimestamp(3).toInstant()) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not rotate session " + sessionId, e);
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
