package dev.gatehouse.auth.session;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.auth.common.RateLimiter;
import dev.gatehouse.auth.keys.SigningKeyRevoked;
import dev.gatehouse.auth.tenants.AuditTrail;
import dev.gatehouse.auth.tenants.UserDirectory;
import dev.gatehouse.auth.tenants.UserProfile;
import dev.gatehouse.auth.tokens.TokenMinter;
import dev.gatehouse.auth.tokens.TokenVerifier;
import dev.gatehouse.common.Secrets;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;

/**
 * Sessions and their refresh-token families (design.md §3 "Validate and refresh"). Every refresh reads the user
 * through the {@link UserDirectory}, so a revoked role or a disabled user takes effect at the next refresh.
 */
@ApplicationScoped
public class Sessions {

    @Inject
    Clock clock;

    @Inject
    AuthConfig config;

    @Inject
    OneTimeCodes codes;

    @Inject
    UserDirectory directory;

    @Inject
    TokenMinter minter;

    @Inject
    TokenVerifier verifier;

    @Inject
    AuditTrail audit;

    @Inject
    RateLimiter rateLimiter;

    /**
     * Redeems a one-time code and starts a session, in one transaction that holds the code's row lock: a replay
     * of the code waits for it, then finds the session attached and revokes it (RFC 6749 §4.1.2), whenever it
     * arrives.
     */
    @Transactional(dontRollbackOn = ApiException.class)
    public IssuedTokens exchange(String code, String redirectUrl) {
        OneTimeCodes.Redemption redemption = codes.redeem(code, redirectUrl);
        OneTimeCodes.CompletedLogin login = redemption.login();
        UserProfile user = currentUser(login.userId());
        Instant now = Instant.now(clock);
        AuthSession session = new AuthSession();
        session.id = Secrets.newId("S");
        session.userId = user.userId();
        session.tenantId = login.tenantId();
        session.amr = login.amr();
        session.createdAt = now;
        session.expiresAt = now.plus(config.session().refreshTtl());
        TokenMinter.SignedRefresh refresh = minter.refresh(user.userId(), session.id, now, session.expiresAt);
        String refreshJwt = refresh.jwt();
        session.currentHashes = new String[]{Secrets.sha256(refreshJwt)};
        session.signingKid = refresh.kid();
        session.persist();
        codes.attachSession(redemption.codeHash(), session.id);
        return issue(user, session, refreshJwt, now, login.firstSeen());
    }

    /**
     * Rotates the refresh JWT. A current token rotates; its predecessor, inside the reuse interval, gets a
     * sibling successor (concurrent refreshes); anything older is reuse, which revokes the whole family.
     * Only hashes of refresh JWTs are stored.
     */
    public IssuedTokens refresh(String refreshJwt) {
        TokenVerifier.VerifiedToken token = verifier.refreshToken(refreshJwt);
        // Per user as well as per IP: one stolen refresh token must not be replayed from many addresses.
        rateLimiter.check("refresh-user", token.userId(), config.rateLimit().refreshPerMinute());
        UserProfile user = directory.user(token.userId()).orElse(null);
        String presentedHash = Secrets.sha256(refreshJwt);
        Instant now = Instant.now(clock);
        Rotation rotation = QuarkusTransaction.requiringNew().call(() -> {
            AuthSession session = AuthSession.findById(token.sessionId(), LockModeType.PESSIMISTIC_WRITE);
            if (session == null || !session.userId.equals(token.userId()) || !session.activeAt(now)) {
                return new Rotation(null, null, "E061101");
            }
            if (user == null || !user.enabled()) {
                revoke(session, now, user == null ? "user-deleted" : "user-disabled");
                return new Rotation(null, null, "E061102");
            }
            boolean current = session.isCurrent(presentedHash);
            if (!current && !session.isPreviousWithin(presentedHash, now, config.session().reuseInterval())) {
                revoke(session, now, "refresh-reuse");
                return new Rotation(null, null, "E061103");
            }
            TokenMinter.SignedRefresh signed = minter.refresh(session.userId, session.id, now, session.expiresAt);
            String next = signed.jwt();
            if (current) {
                session.rotate(Secrets.sha256(next), now);
            } else {
                session.addSibling(Secrets.sha256(next));
            }
            session.lastRefreshAt = now;
            session.signingKid = signed.kid();
            return new Rotation(session, next, null);
        });
        if (rotation.session == null) {
            switch (rotation.refusal) {
                case "E061102" -> throw ApiException.unauthorized(rotation.refusal, "the user is disabled or no longer exists");
                case "E061103" -> {
                    audit.record("user:" + token.userId(), "session.refresh-reuse", null, token.sessionId(),
                            "a rotated refresh token was presented again; the session is revoked");
                    throw ApiException.unauthorized(rotation.refusal, "refresh token reuse detected; the session is revoked");
                }
                default -> throw ApiException.unauthorized(rotation.refusal, "the session has ended");
            }
        }
        return issue(user, rotation.session, rotation.refreshJwt, now, false);
    }

    /** Makes {@code tenantId} the session's current tenant ({@code dct}) and issues tokens for it. */
    public IssuedTokens selectTenant(String refreshJwt, String tenantId) {
        TokenVerifier.VerifiedToken token = verifier.refreshToken(refreshJwt);
        UserProfile user = currentUser(token.userId());
        if (tenantId == null || !user.memberOf(tenantId)) {
            throw ApiException.badRequest("E061201", "the user is not a member of tenant " + tenantId);
        }
        Instant now = Instant.now(clock);
        AuthSession session = QuarkusTransaction.requiringNew().call(() -> {
            AuthSession current = requireCurrent(token, refreshJwt, now);
            current.tenantId = tenantId;
            return current;
        });
        return issue(user, session, refreshJwt, now, false);
    }

    public UserProfile me(String refreshJwt) {
        TokenVerifier.VerifiedToken token = verifier.refreshToken(refreshJwt);
        QuarkusTransaction.requiringNew().run(() -> requireCurrent(token, refreshJwt, Instant.now(clock)));
        return currentUser(token.userId());
    }

    public void logout(String refreshJwt) {
        TokenVerifier.VerifiedToken token = verifier.refreshToken(refreshJwt);
        Instant now = Instant.now(clock);
        QuarkusTransaction.requiringNew().run(() -> revoke(requireCurrent(token, refreshJwt, now), now, "logout"));
        audit.record("user:" + token.userId(), "session.logout", null, token.sessionId(), null);
    }

    public void logoutAll(String refreshJwt) {
        TokenVerifier.VerifiedToken token = verifier.refreshToken(refreshJwt);
        Instant now = Instant.now(clock);
        QuarkusTransaction.requiringNew().run(() -> {
            requireCurrent(token, refreshJwt, now);
            AuthSession.update("revokedAt = ?1, revokeReason = 'logout-all' where userId = ?2 and revokedAt is null",
                    now, token.userId());
        });
        audit.record("user:" + token.userId(), "session.logout-all", null, token.sessionId(), null);
    }

    /** A revoked signing key takes the sessions it signed with it, in the revoking transaction. */
    void endSessionsOf(@Observes SigningKeyRevoked revoked) {
        revoked.ended(AuthSession.update("revokedAt = ?1, revokeReason = 'signing-key-revoked' where signingKid = ?2 "
                + "and revokedAt is null", Instant.now(clock), revoked.kid()));
    }

    @Scheduled(every = "1h", delayed = "5m")
    @Transactional
    void purgeEnded() {
        AuthSession.delete("expiresAt < ?1", Instant.now(clock).minus(java.time.Duration.ofDays(1)));
    }

    /** The session of a refresh JWT that is its current (or, within the reuse interval, previous) token. */
    private AuthSession requireCurrent(TokenVerifier.VerifiedToken token, String refreshJwt, Instant now) {
        AuthSession session = AuthSession.findById(token.sessionId(), LockModeType.PESSIMISTIC_WRITE);
        String hash = Secrets.sha256(refreshJwt);
        boolean current = session != null && session.activeAt(now) && session.userId.equals(token.userId())
                && (session.isCurrent(hash) || session.isPreviousWithin(hash, now, config.session().reuseInterval()));
        if (!current) {
            throw ApiException.unauthorized("E061101", "the session has ended");
        }
        return session;
    }

    private UserProfile currentUser(String userId) {
        UserProfile user = directory.user(userId)
                .orElseThrow(() -> ApiException.unauthorized("E061102", "the user no longer exists"));
        if (!user.enabled()) {
            throw ApiException.unauthorized("E061102", "the user is disabled");
        }
        return user;
    }

    private static void revoke(AuthSession session, Instant now, String reason) {
        session.revokedAt = now;
        session.revokeReason = reason;
    }

    private IssuedTokens issue(UserProfile user, AuthSession session, String refreshJwt, Instant now, boolean firstSeen) {
        Instant sessionExpiry = now.plus(config.session().sessionTtl());
        if (sessionExpiry.isAfter(session.expiresAt)) {
            sessionExpiry = session.expiresAt;
        }
        String sessionJwt = minter.session(user, session.id, session.amr, session.tenantId, now, sessionExpiry);
        return new IssuedTokens(sessionJwt, refreshJwt, session.expiresAt, user, firstSeen);
    }

    private record Rotation(AuthSession session, String refreshJwt, String refusal) {
    }

    public record IssuedTokens(String sessionJwt, String refreshJwt, Instant refreshExpiresAt, UserProfile user,
                               boolean firstSeen) {
    }
}
