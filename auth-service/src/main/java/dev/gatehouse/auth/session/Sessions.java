package dev.gatehouse.auth.session;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.common.Jdbc;
import dev.gatehouse.auth.common.RequestOrigin;
import dev.gatehouse.auth.common.RateLimiter;
import dev.gatehouse.auth.keys.SigningKeyRevoked;
import dev.gatehouse.auth.tenants.AuditTrail;
import dev.gatehouse.auth.tenants.UserDirectory;
import dev.gatehouse.auth.tenants.UserProfile;
import dev.gatehouse.auth.tokens.TokenClaims;
import dev.gatehouse.auth.tokens.TokenMinter;
import dev.gatehouse.auth.tokens.TokenVerifier;
import dev.gatehouse.common.Secrets;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sessions and their refresh-token families (design.md §3 "Validate and refresh"). Every refresh reads the user
 * through the {@link UserDirectory}, so a revoked role or a disabled user takes effect at the next refresh.
 */
@ApplicationScoped
public class Sessions {

    /** The error code of a refresh that asks for more scope than was granted. */
    public static final String SCOPE_WIDENED = "E061106";

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
    RequestOrigin origin;

    @Inject
    TokenVerifier verifier;

    @Inject
    AuditTrail audit;

    @Inject
    RateLimiter rateLimiter;

    @Inject
    RefreshRotation rotation;

    @Inject
    AuthSessions authSessions;

    /**
     * Redeems a one-time code and starts a session, in one transaction that holds the code's row lock: a replay
     * of the code waits for it, then finds the session attached and revokes it (RFC 6749 §4.1.2), whenever it
     * arrives.
     */
    @Transactional(dontRollbackOn = ApiException.class)
    public IssuedTokens exchange(String code, String redirectUrl) {
        OneTimeCodes.Redemption redemption = codes.redeem(code, redirectUrl);
        OneTimeCodes.CompletedLogin login = redemption.login();
        IssuedTokens tokens = start(login.userId(), login.tenantId(), login.amr(), null, login.firstSeen());
        codes.attachSession(redemption.codeHash(), tokens.sessionId());
        return tokens;
    }

    /**
     * What the provider face's authorization code grants: a session held by an OAuth client, whose tokens carry
     * {@code client_id} and {@code scope} and pass them on at every refresh.
     */
    public record ClientGrant(String clientId, String scope, Instant authTime, String browserSessionId) {

        Map<String, Object> accessClaims() {
            return Map.of("client_id", clientId, "scope", scope);
        }

        Map<String, Object> refreshClaims() {
            return Map.of("client_id", clientId, "scope", scope, "auth_time", authTime.getEpochSecond());
        }
    }

    /** Starts a session for a user who has just signed in; {@code grant} is null on the seed-style face. */
    @Transactional(Transactional.TxType.MANDATORY)
    public IssuedTokens start(String userId, String tenantId, String amr, ClientGrant grant, boolean firstSeen) {
        NewSession started = begin(newSessionId(), activeUser(userId), tenantId, amr, grant);
        authSessions.insert(started.session());
        audit.record(started.actor(), "session.create", tenantId, started.session().id, started.detail());
        return issue(started, firstSeen);
    }

    /** The id of a session about to start, for a caller that records it before the session is written. */
    public static String newSessionId() {
        return Secrets.newId("S");
    }

    /** Writes the parts of a session's start in one statement of the caller's; whether it wrote them. */
    @FunctionalInterface
    public interface StartWriter {
        boolean write(List<Jdbc.Part> parts);
    }

    /**
     * {@link #start} in one statement of the caller's (the code grant's hot path, issue #14), with the id the caller chose
     * ({@link #newSessionId}), for a user the caller resolved with {@link #activeUser}: the refresh JWT is signed
     * first, then {@code writer} writes the session's row and its audit entry as parts of one statement of its own,
     * each only where {@code condition} (SQL) holds. The tokens, or null when it wrote nothing.
     */
    public IssuedTokens startIn(String sessionId, UserProfile user, String tenantId, String amr, ClientGrant grant,
                                String condition, StartWriter writer) {
        NewSession started = begin(sessionId, user, tenantId, amr, grant);
        AuditTrail.Entry entry = new AuditTrail.Entry(started.actor(), "session.create", tenantId, sessionId, started.detail());
        if (!writer.write(List.of(AuthSessions.insertWhere(started.session(), condition), audit.insertWhere(entry, condition)))) {
            return null;
        }
        audit.committed(entry);
        return issue(started, false);
    }

    /** A session about to be stored: the row, its first refresh JWT (signed before anything is written). */
    private record NewSession(UserProfile user, AuthSession session, String refreshJwt, Instant now, ClientGrant grant) {

        String actor() {
            return "user:" + user.userId();
        }

        String detail() {
            return "amr " + session.amr + (grant == null ? "" : ", client " + grant.clientId());
        }
    }

    private NewSession begin(String sessionId, UserProfile user, String tenantId, String amr, ClientGrant grant) {
        Instant now = Instant.now(clock);
        AuthSession session = new AuthSession();
        session.id = sessionId;
        session.userId = user.userId();
        session.tenantId = tenantId;
        session.amr = amr;
        session.createdAt = now;
        session.authenticatedAt = now;
        session.expiresAt = now.plus(config.session().refreshTtl());
        session.clientAddress = origin.clientAddress();
        session.userAgent = origin.userAgent();
        session.clientId = grant == null ? null : grant.clientId();
        session.browserSessionId = grant == null ? null : grant.browserSessionId();
        TokenMinter.SignedRefresh refresh = minter.refresh(user.userId(), session.id, now, session.expiresAt,
                grant == null ? Map.of() : grant.refreshClaims());
        session.currentHashes = new String[]{Secrets.sha256(refresh.jwt())};
        session.signingKid = refresh.kid();
        return new NewSession(user, session, refresh.jwt(), now, grant);
    }

    private IssuedTokens issue(NewSession started, boolean firstSeen) {
        AuthSession session = started.session();
        return issue(started.user(), session.id, session.amr, session.tenantId, session.expiresAt, started.now(),
                started.refreshJwt(), started.now(), firstSeen, started.grant() == null ? Map.of() : started.grant().accessClaims());
    }

    /**
     * Rotates the refresh JWT. A current token rotates; its predecessor, inside the reuse interval, gets a
     * sibling successor (concurrent refreshes); anything older is reuse, which revokes the whole family.
     * Only hashes of refresh JWTs are stored.
     */
    public IssuedTokens refresh(String refreshJwt) {
        return rotate(refreshJwt, seedStyle(verifier.presentedRefresh(refreshJwt)), Map.of(), Map.of(), null);
    }

    /**
     * A refresh JWT of the seed-style face. An OAuth client's refresh token is used only with that client's
     * credentials, at /oauth2/token: whoever holds it without them gets nothing here.
     */
    private TokenVerifier.VerifiedToken seedStyleToken(String refreshJwt) {
        return seedStyle(verifier.presentedRefresh(refreshJwt)).verified();
    }

    private static TokenVerifier.PresentedRefresh seedStyle(TokenVerifier.PresentedRefresh token) {
        if (token.claims().has("client_id")) {
            token.verified();
            throw ApiException.unauthorized("E061104", "this refresh token belongs to an OAuth client; use /oauth2/token");
        }
        return token;
    }

    /** A client's refresh: the new tokens and what its grant carries on (scope and time of sign-in). */
    public record ClientRefresh(IssuedTokens tokens, String scope, Instant authTime) {
    }

    /**
     * The provider face's refresh_token grant: only the client the session was granted to may refresh it, and a
     * {@code requestedScope} (null for all) may not go beyond the scope granted (RFC 6749 §6).
     */
    public ClientRefresh refreshForClient(String refreshJwt, String clientId, String requestedScope) {
        ClientToken token = clientToken(refreshJwt, clientId, requestedScope);
        return token.refreshed(rotate(refreshJwt, token.presented(), token.accessClaims(), token.grant(), null));
    }

    /**
     * {@link #refreshForClient} for a client that presented a secret, which the rotation statement proves
     * ({@link ClientProof}): in the common case (the token current, the user's claims fresh) that one statement
     * authenticates the client and rotates. Once the client is proven, everything else goes as in
     * {@link #refreshForClient}. Empty when anything before that statement failed or it did not prove the client
     * (and then changed nothing): the caller authenticates the client and calls {@link #refreshForClient}, which
     * decides and answers as before, so whoever lacks the secret learns nothing about the token.
     */
    public Optional<ClientRefresh> refreshProvingClient(String refreshJwt, ClientProof client,
                                                        String requestedScope) {
        ClientToken token;
        try {
            token = clientToken(refreshJwt, client.clientId(), requestedScope);
        } catch (ApiException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(rotate(refreshJwt, token.presented(), token.accessClaims(), token.grant(), client))
                .map(token::refreshed);
    }

    /** A client's refresh JWT, its client and scope checked: what a rotation of it carries on. */
    private record ClientToken(TokenVerifier.PresentedRefresh presented, String scope, long authTime) {

        Map<String, Object> accessClaims() {
            return Map.of("client_id", presented.claims().value("client_id"), "scope", scope);
        }

        Map<String, Object> grant() {
            Map<String, Object> grant = new LinkedHashMap<>();
            grant.put("client_id", presented.claims().value("client_id"));
            grant.put("scope", scope);
            grant.put("auth_time", authTime);
            return grant;
        }

        ClientRefresh refreshed(IssuedTokens tokens) {
            return new ClientRefresh(tokens, scope, Instant.ofEpochSecond(authTime));
        }
    }

    private ClientToken clientToken(String refreshJwt, String clientId, String requestedScope) {
        TokenVerifier.PresentedRefresh token = verifier.presentedRefresh(refreshJwt);
        TokenClaims claims = token.claims();
        if (!clientId.equals(claims.value("client_id"))) {
            token.verified();
            throw ApiException.unauthorized("E061105", "this refresh token was not issued to this client");
        }
        String scope = String.valueOf(claims.value("scope"));
        if (requestedScope != null && !List.of(scope.split(" ")).containsAll(List.of(requestedScope.trim().split(" +")))) {
            token.verified();
            throw ApiException.badRequest(SCOPE_WIDENED, "a refresh cannot widen the scope granted: " + scope);
        }
        return new ClientToken(token, scope, ((Number) claims.value("auth_time")).longValue());
    }

    /**
     * The rotation of a presented refresh JWT and the tokens that follow it. With a {@code client} to prove, null
     * when the statement did not prove it (nothing changed; the caller falls back to authenticating the client).
     *
     * <p>The token's signature is checked only when the rotation statement did not rotate: a rotation proves the
     * token ours ({@link TokenVerifier.PresentedRefresh}). Until one of the two has, nothing acts on its claims but
     * that statement and the signing of a successor, which is handed out only after a rotation.
     */
    private IssuedTokens rotate(String refreshJwt, TokenVerifier.PresentedRefresh token, Map<String, Object> accessClaims,
                                Map<String, Object> grant, ClientProof client) {
        // Per user as well as per IP: one stolen refresh token must not be replayed from many addresses. Counted
        // once the token is proven ours, so that tokens forged in a user's name cannot spend that user's budget.
        rateLimiter.refuseIfOver("refresh-user", token.userId(), config.rateLimit().refreshPerMinute());
        Instant now = Instant.now(clock);
        // The successor is signed before the session row is touched: its expiry is the session's, which the
        // presented token carries; no lock is held while signing. It is discarded unless the statement rotates.
        TokenMinter.SignedRefresh next = minter.refresh(token.userId(), token.sessionId(), now,
                Instant.ofEpochSecond(token.expiresAt()), grant);
        String presentedHash = Secrets.sha256(refreshJwt);
        String nextHash = Secrets.sha256(next.jwt());
        // The common case in one round trip: the user's claims are fresh in the cache, and the statement that
        // reads them rotates. Otherwise nothing has changed yet: tenant-service is asked first, then the rotation
        // is made, so a refresh refused for its outage leaves the presented token current.
        RefreshRotation.Outcome outcome = rotation.rotate(token.sessionId(), token.userId(), presentedHash, nextHash,
                next.kid(), now, config.session().reuseInterval(), now.minus(config.claims().freshFor()), true, client);
        if (outcome.rotated() == null) {
            if (!outcome.clientProven()) {
                return null; // nothing changed; the caller authenticates the client, which decides
            }
            token.verified();
        }
        rateLimiter.count("refresh-user", token.userId());
        UserProfile user = outcome.freshClaims() == null ? null
                : directory.fromFreshCache(outcome.freshClaims(), outcome.freshClaimsFetchedAt()).orElse(null);
        if (user == null) {
            // Not fresh (nothing rotated yet), or a cached profile this version cannot read (rotated already:
            // tenant-service's answer decides, and in its outage the presented token still works within the reuse
            // interval only).
            user = directory.user(token.userId()).orElse(null);
        }
        if (user == null || !user.enabled()) {
            // A rotation made from claims that were fresh but wrong (an invalidation lost within its bound) is
            // ended here with the session: its successor is never handed out.
            if (rotation.revokeIfActive(token.sessionId(), token.userId(), now, user == null ? "user-deleted" : "user-disabled")) {
                throw ApiException.unauthorized("E061102", "the user is disabled or no longer exists");
            }
            throw ApiException.unauthorized("E061101", "the session has ended");
        }
        RefreshRotation.Rotated rotated = outcome.freshClaims() != null ? outcome.rotated()
                : rotation.rotate(token.sessionId(), token.userId(), presentedHash, nextHash, next.kid(), now,
                config.session().reuseInterval());
        if (rotated == null) {
            // Neither current nor a predecessor inside the reuse interval: reuse, if the session was still active.
            if (rotation.revokeIfActive(token.sessionId(), token.userId(), now, "refresh-reuse")) {
                audit.record("user:" + token.userId(), "session.refresh-reuse", null, token.sessionId(),
                        "a rotated refresh token was presented again; the session is revoked");
                throw ApiException.unauthorized("E061103", "refresh token reuse detected; the session is revoked");
            }
            throw ApiException.unauthorized("E061101", "the session has ended");
        }
        return issue(user, token.sessionId(), rotated.amr(), rotated.tenantId(), rotated.expiresAt(), rotated.authenticatedAt(),
                next.jwt(), now,
                false, accessClaims);
    }

    /** Makes {@code tenantId} the session's current tenant ({@code dct}) and issues tokens for it. */
    public IssuedTokens selectTenant(String refreshJwt, String tenantId) {
        TokenVerifier.VerifiedToken token = seedStyleToken(refreshJwt);
        UserProfile user = activeUser(token.userId());
        if (tenantId == null || !user.memberOf(tenantId)) {
            throw ApiException.badRequest("E061201", "the user is not a member of tenant " + tenantId);
        }
        Instant now = Instant.now(clock);
        AuthSession session = QuarkusTransaction.requiringNew().call(() -> {
            AuthSession current = requireCurrent(token, refreshJwt, now);
            current.tenantId = tenantId;
            authSessions.saveContext(current);
            return current;
        });
        return issue(user, session, refreshJwt, now, false);
    }

    /**
     * Step-up: the session of this refresh JWT gains a sign-in method ({@code amr}), for the user whose verified
     * email proved it; tokens are issued for it at once (loginOptions.stepup / mfa of the seed-style API).
     */
    public IssuedTokens addMethod(String sessionId, String userId, String method, String refreshJwt) {
        UserProfile user = activeUser(userId);
        Instant now = Instant.now(clock);
        AuthSession session = QuarkusTransaction.requiringNew().call(() -> {
            AuthSession current = authSessions.locked(sessionId);
            if (current == null || !current.activeAt(now) || !current.userId.equals(userId)) {
                throw ApiException.unauthorized("E061101", "the session has ended");
            }
            if (!List.of(current.amr.split(",")).contains(method)) {
                current.amr = current.amr + "," + method;
            }
            current.authenticatedAt = now;
            authSessions.saveContext(current);
            return current;
        });
        // The refresh JWT is unchanged (answered again when the caller sent it); only the session JWT is new.
        return issue(user, session.id, session.amr, session.tenantId, session.expiresAt, now, refreshJwt, now, false, Map.of());
    }

    /** The session and user of a seed-style refresh JWT that its session honours now (the step-up bearer). */
    public TokenVerifier.VerifiedToken currentToken(String refreshJwt) {
        TokenVerifier.VerifiedToken token = seedStyleToken(refreshJwt);
        QuarkusTransaction.requiringNew().run(() -> requireCurrent(token, refreshJwt, Instant.now(clock)));
        return token;
    }

    public UserProfile me(String refreshJwt) {
        TokenVerifier.VerifiedToken token = seedStyleToken(refreshJwt);
        QuarkusTransaction.requiringNew().run(() -> requireCurrent(token, refreshJwt, Instant.now(clock)));
        return activeUser(token.userId());
    }

    public void logout(String refreshJwt) {
        TokenVerifier.VerifiedToken token = seedStyleToken(refreshJwt);
        Instant now = Instant.now(clock);
        QuarkusTransaction.requiringNew().run(() -> {
            AuthSession session = requireCurrent(token, refreshJwt, now);
            authSessions.endWhere(now, "logout", "id = ?", session.id);
            audit.record("user:" + token.userId(), "session.logout", session.tenantId, token.sessionId(), null);
        });
    }

    public void logoutAll(String refreshJwt) {
        TokenVerifier.VerifiedToken token = seedStyleToken(refreshJwt);
        Instant now = Instant.now(clock);
        QuarkusTransaction.requiringNew().run(() -> {
            AuthSession session = requireCurrent(token, refreshJwt, now);
            authSessions.endWhere(now, "logout-all", "user_id = ?", token.userId());
            audit.record("user:" + token.userId(), "session.logout-all", session.tenantId, token.sessionId(), null);
        });
    }

    /** Whether the session is neither revoked nor expired (what introspection and userinfo add to a JWT's own checks). */
    public boolean active(String sessionId) {
        return sessionId != null && authSessions.active(sessionId, Instant.now(clock));
    }

    /** Whether this refresh JWT is one its session honours now (current, or previous within the reuse interval). */
    public boolean honours(TokenVerifier.VerifiedToken token, String refreshJwt) {
        AuthSession session = authSessions.find(token.sessionId()).orElse(null);
        Instant now = Instant.now(clock);
        String hash = Secrets.sha256(refreshJwt);
        return session != null && session.activeAt(now) && session.userId.equals(token.userId())
                && (session.isCurrent(hash) || session.isPreviousWithin(hash, now, config.session().reuseInterval()));
    }

    /** Revokes a session held by an OAuth client (RFC 7009); a session of another client is left alone. */
    public boolean revokeForClient(String sessionId, String clientId, String reason) {
        return authSessions.endWhere(Instant.now(clock), reason, "id = ? and client_id = ?", sessionId, clientId) > 0;
    }

    /** A revoked signing key takes the sessions it signed with it, in the revoking transaction. */
    void endSessionsOf(@Observes SigningKeyRevoked revoked) {
        try (PreparedStatement end = revoked.connection().prepareStatement("""
                update auth_session set revoked_at = ?, revoke_reason = 'signing-key-revoked'
                where signing_kid = ? and revoked_at is null""")) {
            end.setTimestamp(1, Timestamp.from(Instant.now(clock)));
            end.setString(2, revoked.kid());
            revoked.ended(end.executeUpdate());
        } catch (SQLException e) {
            throw new IllegalStateException("could not end the sessions of signing key " + revoked.kid(), e);
        }
    }

    @Scheduled(every = "1h", delayed = "5m")
    void purgeEnded() {
        authSessions.purgeEndedBefore(Instant.now(clock).minus(java.time.Duration.ofDays(1)));
    }

    /** The session of a refresh JWT that is its current (or, within the reuse interval, previous) token. */
    private AuthSession requireCurrent(TokenVerifier.VerifiedToken token, String refreshJwt, Instant now) {
        AuthSession session = authSessions.locked(token.sessionId());
        String hash = Secrets.sha256(refreshJwt);
        boolean current = session != null && session.activeAt(now) && session.userId.equals(token.userId())
                && (session.isCurrent(hash) || session.isPreviousWithin(hash, now, config.session().reuseInterval()));
        if (!current) {
            throw ApiException.unauthorized("E061101", "the session has ended");
        }
        return session;
    }

    /** The user as a new token sees them now; refused (401) when they no longer exist or are disabled. */
    public UserProfile activeUser(String userId) {
        return active(directory.user(userId)
                .orElseThrow(() -> ApiException.unauthorized("E061102", "the user no longer exists")));
    }

    /**
     * {@link #activeUser} of cached claims that a statement read while they were fresh
     * ({@link UserDirectory#freshClaims}); null when this version cannot read them.
     */
    public UserProfile activeUserOfFreshClaims(String profile, Instant fetchedAt) {
        return directory.fromFreshCache(profile, fetchedAt).map(Sessions::active).orElse(null);
    }

    private static UserProfile active(UserProfile user) {
        if (!user.enabled()) {
            throw ApiException.unauthorized("E061102", "the user is disabled");
        }
        return user;
    }

    private IssuedTokens issue(UserProfile user, AuthSession session, String refreshJwt, Instant now, boolean firstSeen) {
        return issue(user, session.id, session.amr, session.tenantId, session.expiresAt, authTime(session), refreshJwt, now,
                firstSeen, Map.of());
    }

    private static Instant authTime(AuthSession session) {
        return session.authenticatedAt == null ? session.createdAt : session.authenticatedAt;
    }

    private IssuedTokens issue(UserProfile user, String sessionId, String amr, String tenantId, Instant sessionEnds,
                               Instant authTime, String refreshJwt, Instant now, boolean firstSeen,
                               Map<String, Object> accessClaims) {
        Instant sessionExpiry = now.plus(config.session().sessionTtl());
        if (sessionExpiry.isAfter(sessionEnds)) {
            sessionExpiry = sessionEnds;
        }
        String sessionJwt = minter.session(user, sessionId, amr, tenantId, authTime, now, sessionExpiry, accessClaims);
        return new IssuedTokens(sessionJwt, refreshJwt, sessionEnds, user, firstSeen, sessionId, amr, tenantId, now,
                sessionExpiry);
    }

    /** The tokens of one issue, and what the provider face needs to mint an ID token beside them. */
    public record IssuedTokens(String sessionJwt, String refreshJwt, Instant refreshExpiresAt, UserProfile user,
                               boolean firstSeen, String sessionId, String amr, String tenantId, Instant issuedAt,
                               Instant sessionExpiresAt) {
    }
}
