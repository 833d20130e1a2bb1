package dev.gatehouse.auth.session;

import dev.gatehouse.common.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The rows of {@code auth_session} outside the refresh's own statement ({@link RefreshRotation}): read one (locked
 * until the caller's transaction ends, for a change that depends on what it read), list a user's, start one, change
 * its tenant or sign-in methods, and end those a condition selects.
 */
@ApplicationScoped
public class AuthSessions {

    private static final String COLUMNS = "id, user_id, tenant_id, amr, current_hashes, previous_hashes, rotated_at, "
            + "created_at, authenticated_at, last_refresh_at, expires_at, revoked_at, revoke_reason, signing_kid, "
            + "client_address, user_agent, client_id, browser_session_id";

    @Inject
    DataSource dataSource;

    public Optional<AuthSession> find(String id) {
        return id == null ? Optional.empty() : Jdbc.queryOne(dataSource, "session " + id,
                "select " + COLUMNS + " from auth_session where id = ?", select -> select.setString(1, id), AuthSessions::row);
    }

    /** The session, its row locked until the caller's transaction ends; null when there is none. */
    AuthSession locked(String id) {
        return Jdbc.queryOne(dataSource, "session " + id, "select " + COLUMNS + " from auth_session where id = ? for update",
                select -> select.setString(1, id), AuthSessions::row).orElse(null);
    }

    /** The user's sessions that {@code at} finds active, newest first. */
    List<AuthSession> activeOf(String userId, Instant at) {
        return Jdbc.queryAll(dataSource, "the sessions of user " + userId, "select " + COLUMNS + """
                 from auth_session where user_id = ? and revoked_at is null and expires_at > ?
                order by created_at desc""", select -> {
            select.setString(1, userId);
            select.setTimestamp(2, Timestamp.from(at));
        }, AuthSessions::row);
    }

    /** Whether the session is neither revoked nor expired at {@code at}. */
    boolean active(String id, Instant at) {
        return Jdbc.queryOne(dataSource, "session " + id,
                "select 1 from auth_session where id = ? and revoked_at is null and expires_at > ?", select -> {
                    select.setString(1, id);
                    select.setTimestamp(2, Timestamp.from(at));
                }, found -> true).isPresent();
    }

    void insert(AuthSession session) {
        Jdbc.Part part = insertWhere(session, "true");
        Jdbc.update(dataSource, "start session " + session.id, part.sql(), part.values().toArray());
    }

    /**
     * A new session's row as a part of the caller's statement, written only where {@code condition} (SQL) holds;
     * the code grant's start.
     */
    static Jdbc.Part insertWhere(AuthSession session, String condition) {
        return new Jdbc.Part("""
                insert into auth_session (id, user_id, tenant_id, amr, current_hashes, previous_hashes, created_at,
                    authenticated_at, expires_at, signing_kid, client_address, user_agent, client_id, browser_session_id)
                select ?, ?, ?, ?, ?::varchar[], '{}', ?::timestamptz, ?::timestamptz, ?::timestamptz, ?, ?, ?, ?, ?
                where %s""".formatted(condition), session.id, session.userId, session.tenantId, session.amr,
                session.currentHashes, session.createdAt, session.authenticatedAt, session.expiresAt, session.signingKid,
                session.clientAddress, session.userAgent, session.clientId, session.browserSessionId);
    }

    /** Stores what a step-up or a tenant selection changed: the tenant, the sign-in methods, when they were proven. */
    void saveContext(AuthSession session) {
        Jdbc.write(dataSource, "update session " + session.id, connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update auth_session set tenant_id = ?, amr = ?, authenticated_at = ? where id = ?")) {
                update.setString(1, session.tenantId);
                update.setString(2, session.amr);
                update.setTimestamp(3, session.authenticatedAt == null ? null
                        : Timestamp.from(session.authenticatedAt));
                update.setString(4, session.id);
                return update.executeUpdate();
            }
        });
    }

    /**
     * Ends, at {@code at} and for {@code reason}, the active sessions that {@code condition} (SQL whose placeholders
     * take {@code values}, strings only) selects; how many.
     */
    public int endWhere(Instant at, String reason, String condition, String... values) {
        Object[] bound = new Object[values.length + 2];
        bound[0] = at;
        bound[1] = reason;
        System.arraycopy(values, 0, bound, 2, values.length);
        return Jdbc.update(dataSource, "end sessions (" + reason + ")",
                "update auth_session set revoked_at = ?, revoke_reason = ? where revoked_at is null and " + condition, bound);
    }

    /** Deletes the sessions that ended before {@code before}. */
    int purgeEndedBefore(Instant before) {
        return Jdbc.update(dataSource, "purge ended sessions", "delete from auth_session where expires_at < ?", before);
    }

    private static AuthSession row(ResultSet row) throws SQLException {
        AuthSession session = new AuthSession();
        session.id = row.getString(1);
        session.userId = row.getString(2);
        session.tenantId = row.getString(3);
        session.amr = row.getString(4);
        session.currentHashes = Jdbc.strings(row.getArray(5));
        session.previousHashes = Jdbc.strings(row.getArray(6));
        session.rotatedAt = Jdbc.instant(row.getTimestamp(7));
        session.createdAt = Jdbc.instant(row.getTimestamp(8));
        session.authenticatedAt = Jdbc.instant(row.getTimestamp(9));
        session.lastRefreshAt = Jdbc.instant(row.getTimestamp(10));
        session.expiresAt = Jdbc.instant(row.getTimestamp(11));
        session.revokedAt = Jdbc.instant(row.getTimestamp(12));
        session.revokeReason = row.getString(13);
        session.signingKid = row.getString(14);
        session.clientAddress = row.getString(15);
        session.userAgent = row.getString(16);
        session.clientId = row.getString(17);
        session.browserSessionId = row.getString(18);
        return session;
    }
}
