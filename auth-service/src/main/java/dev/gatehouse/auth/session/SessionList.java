package dev.gatehouse.auth.session;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * A user's active sessions as people see them ("Your sessions", an admin's view of a member), and ending them
 * without their refresh tokens: one, all, or all but the caller's own.
 */
@ApplicationScoped
public class SessionList {

    @Inject
    Clock clock;

    @Inject
    AuthSessions authSessions;

    /** One active session; never its tokens or their hashes. */
    public record SessionView(String id, Instant createdAt, Instant lastRefreshAt, Instant authenticatedAt,
                              List<String> methods, String clientAddress, String userAgent, String clientId,
                              Instant expiresAt, boolean current) {
    }

    public List<SessionView> active(String userId, String currentSessionId) {
        Instant now = Instant.now(clock);
        List<AuthSession> sessions = authSessions.activeOf(userId, now);
        return sessions.stream().map(s -> new SessionView(s.id, s.createdAt, s.lastRefreshAt,
                s.authenticatedAt == null ? s.createdAt : s.authenticatedAt, LoginMethods.of(s.amr), s.clientAddress,
                s.userAgent, s.clientId, s.expiresAt, s.id.equals(currentSessionId))).toList();
    }

    /** Ends one of the user's sessions; false when it is not theirs or had ended. */
    public boolean end(String userId, String sessionId, String reason) {
        Instant now = Instant.now(clock);
        return QuarkusTransaction.requiringNew().call(() ->
                authSessions.endWhere(now, reason, "id = ? and user_id = ?", sessionId, userId)) == 1;
    }

    /** Ends every session of the user except {@code keepSessionId} (may be null); returns how many. */
    public int endAll(String userId, String keepSessionId, String reason) {
        Instant now = Instant.now(clock);
        return QuarkusTransaction.requiringNew().call(() -> keepSessionId == null
                ? authSessions.endWhere(now, reason, "user_id = ?", userId)
                : authSessions.endWhere(now, reason, "user_id = ? and id <> ?", userId, keepSessionId));
    }
}
