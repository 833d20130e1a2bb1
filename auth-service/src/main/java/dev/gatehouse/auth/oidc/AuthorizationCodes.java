package dev.gatehouse.auth.oidc;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.auth.common.Jdbc;
import dev.gatehouse.auth.login.LoginTransactions;
import dev.gatehouse.auth.session.AuthSession;
import dev.gatehouse.auth.session.ClientProof;
import dev.gatehouse.auth.session.Sessions;
import dev.gatehouse.auth.tenants.AuditTrail;
import dev.gatehouse.auth.tenants.UserDirectory;
import dev.gatehouse.auth.tenants.UserProfile;
import dev.gatehouse.common.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Authorization codes (RFC 6749 §4.1): single use, short-lived, stored hashed, bound to the client, its
 * redirect URI and the PKCE challenge (RFC 7636). Redeeming one starts the client's session.
 */
@ApplicationScoped
public class AuthorizationCodes {

    @Inject
    Clock clock;

    @Inject
    AuthConfig config;

    @Inject
    Sessions sessions;

    @Inject
    AuditTrail audit;

    @Inject
    DataSource dataSource;

    /** A new code for this request and sign-in, stored by its hash with one plain INSERT (its own commit). */
    public String issue(AuthorizationRequest request, BrowserSession signIn) {
        String code = Secrets.newSecret();
        Instant now = Instant.now(clock);
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement("""
                insert into authorization_code (code_hash, client_id, redirect_uri, user_id, tenant_id, amr, auth_time, nonce,
                                                scope, code_challenge, browser_session_id, created_at, expires_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setString(1, Secrets.sha256(code));
            insert.setString(2, request.clientId);
            insert.setString(3, request.redirectUri);
            insert.setString(4, signIn.userId);
            insert.setString(5, signIn.tenantId);
            insert.setString(6, signIn.amr);
            insert.setTimestamp(7, Timestamp.from(signIn.authTime));
            insert.setString(8, request.nonce);
            insert.setString(9, request.scope);
            insert.setString(10, request.codeChallenge);
            insert.setString(11, signIn.id);
            insert.setTimestamp(12, Timestamp.from(now));
            insert.setTimestamp(13, Timestamp.from(now.plus(config.oidc().codeTtl())));
            insert.executeUpdate();
            return code;
        } catch (SQLException e) {
            throw new IllegalStateException("could not store an authorization code", e);
        }
    }

    /** A redeemed code, the session it started, and whether the client may refresh it. */
    public record Redeemed(AuthorizationCode code, Sessions.IssuedTokens tokens, boolean refreshable) {
    }

    /**
     * Redeems a code for the client that authenticated, in one JDBC transaction without the ORM (the code grant's
     * hot path, issue #14): a conditional UPDATE claims the unused code (a concurrent second redemption waits for
     * its row lock, then finds it used), the checks follow, and the session starts in the same transaction. A code
     * that fails a check is spent all the same. A code presented twice revokes the session the first use started
     * (RFC 6749 §4.1.2), and that revocation commits.
     *
     * <p>The common case is one statement before the session's: the claim reads the user's cached claims and claims
     * the code only when they are fresh. Otherwise nothing has changed, and the user is resolved first (the claims
     * cache, perhaps tenant-service) with no connection held: a request holds at most one pooled connection at a
     * time, so a burst of exchanges cannot exhaust the pool waiting on itself.
     */
    public Redeemed redeem(OAuthClient client, String code, String redirectUri, String codeVerifier) {
        if (!wellFormed(code)) {
            throw OAuthError.invalidRequest("code is required");
        }
        Presented presented = Presented.of(client.id, null, code, redirectUri, codeVerifier);
        Spent spent = spend(presented, null);
        if (spent == null) {
            Resolved user = userOf(presented.hash());
            spent = user == null ? null : spend(presented, user);
        }
        if (spent == null) {
            throw presentedAgain(client.id, presented.hash(), Instant.now(clock));
        }
        return redeemed(spent, client.allowsGrant(OAuthClients.REFRESH_TOKEN));
    }

    /**
     * {@link #redeem} for a client that presented a secret, which the claim proves ({@link ClientProof}): in the
     * common case (the code unused and the client's, the user's claims fresh) that one statement authenticates the
     * client and claims the code. Once the client is proven, everything goes as in {@link #redeem}. Empty when the
     * statement claimed nothing, and then nothing changed: the caller authenticates the client and calls
     * {@link #redeem}, which decides and answers as before, so whoever lacks the secret neither spends the code nor
     * learns anything about it.
     */
    public Optional<Redeemed> redeemProvingClient(ClientProof client, String code, String redirectUri, String codeVerifier) {
        if (!wellFormed(code)) {
            return Optional.empty();
        }
        Spent spent = spend(Presented.of(client.clientId(), client, code, redirectUri, codeVerifier), null);
        return spent == null ? Optional.empty() : Optional.of(redeemed(spent, spent.refreshable()));
    }

    private static boolean wellFormed(String code) {
        return code != null && !code.isBlank() && code.length() <= 200;
    }

    private Redeemed redeemed(Spent spent, boolean refreshable) {
        if (spent.refused() != null) {
            throw spent.refused();
        }
        audit.committed();
        return new Redeemed(spent.row(), spent.tokens(), refreshable);
    }

    /**
     * A code as a client presented it (with the secret to prove, or null when the client authenticated before), and
     * the id of the session it would start.
     */
    private record Presented(String clientId, ClientProof proof, String hash, String redirectUri, String codeVerifier,
                             String sessionId) {

        static Presented of(String clientId, ClientProof proof, String code, String redirectUri, String codeVerifier) {
            // The session's id is chosen first, so the statement that claims the code records it too: a replay of
            // the code finds the session to end (RFC 6749 §4.1.2) without a second update of the row.
            return new Presented(clientId, proof, Secrets.sha256(code), redirectUri, codeVerifier, Sessions.newSessionId());
        }
    }

    /** The user of a code, resolved before its claim: the profile, or why none may have tokens. */
    private record Resolved(UserProfile user, OAuthError refused) {
    }

    /** A claimed code: the session it started, or why it started none; whether a proven client may refresh. */
    private record Spent(AuthorizationCode row, Sessions.IssuedTokens tokens, OAuthError refused, boolean refreshable) {
    }

    /**
     * Claims the code and starts its session, or spends it on a refusal, in one transaction. With {@code resolved}
     * null the user comes from the claims cache read by the claim, and nothing is claimed unless they are fresh.
     * Null when nothing was claimed: an unknown or used code, or (without {@code resolved}) claims not fresh.
     */
    private Spent spend(Presented presented, Resolved resolved) {
        Instant now = Instant.now(clock); // after the user was resolved: an expiry counts at the claim
        return Jdbc.inTransaction(dataSource, "redeem an authorization code", connection -> {
            Claimed claimed = resolved == null
                    ? claimWithFreshClaims(connection, presented, now)
                    : claim(connection, presented, now);
            Resolved user = resolved == null && claimed != null ? userOfFreshClaims(claimed) : resolved;
            if (claimed == null || user == null) {
                connection.rollback();
                return null;
            }
            AuthorizationCode row = claimed.row();
            OAuthError refused = refusal(row, presented, now);
            if (refused == null) {
                refused = user.refused();
            }
            Sessions.IssuedTokens tokens = null;
            if (refused == null) {
                tokens = sessions.startOn(connection, presented.sessionId(), user.user(), row.tenantId, row.amr,
                        new Sessions.ClientGrant(presented.clientId(), row.scope, row.authTime, row.browserSessionId));
            } else {
                forgetSession(connection, presented.hash()); // spent, without a session
            }
            return new Spent(row, tokens, refused, claimed.refreshable());
        });
    }

    /** The user a code was issued for (read without a lock, before the claim); null for an unknown code. */
    private Resolved userOf(String hash) {
        String userId = Jdbc.queryOne(dataSource, "an authorization code", "select user_id from authorization_code where code_hash = ?",
                select -> select.setString(1, hash), found -> found.getString(1)).orElse(null);
        return userId == null ? null : resolved(() -> sessions.activeUser(userId));
    }

    /** The user of claims the claim read while fresh; null when this version cannot read them. */
    private Resolved userOfFreshClaims(Claimed claimed) {
        return resolved(() -> sessions.activeUserOfFreshClaims(claimed.profile(), claimed.fetchedAt()));
    }

    /** The active user {@code lookup} finds (null when it finds none), or the refusal it gave, as RFC 6749 words it. */
    private static Resolved resolved(Supplier<UserProfile> lookup) {
        try {
            UserProfile user = lookup.get();
            return user == null ? null : new Resolved(user, null);
        } catch (ApiException e) {
            return new Resolved(null, OAuthError.invalidGrant(e.getMessage()));
        }
    }

    /**
     * A claimed code as it was issued; the user's cached claims (and when they were fetched) when the claim read
     * them; whether the client holds the refresh_token grant when the claim proved it.
     */
    private record Claimed(AuthorizationCode row, String profile, Instant fetchedAt, boolean refreshable) {
    }

    private static final String CLAIMED_COLUMNS = """
            a.client_id, a.redirect_uri, a.user_id, a.tenant_id, a.amr, a.auth_time, a.nonce, a.scope, a.code_challenge,
            a.browser_session_id, a.expires_at""";

    private static final String CLAIM_WITH_FRESH_CLAIMS = """
            update authorization_code a set used_at = ?, session_id = ? from user_claims c
            where a.code_hash = ? and a.used_at is null and c.user_id = a.user_id and %s
            returning %s, c.profile, c.fetched_at, false""".formatted(UserDirectory.freshClaims("?"), CLAIMED_COLUMNS);

    private static final String CLAIM_PROVING_CLIENT = """
            update authorization_code a set used_at = ?, session_id = ? from user_claims c
            where a.code_hash = ? and a.used_at is null and c.user_id = a.user_id and %s
              and a.client_id = ? and %s
            returning %s, c.profile, c.fetched_at,
                      (select 'refresh_token' = any(o.grant_types) from oauth_client o where o.id = a.client_id)"""
            .formatted(UserDirectory.freshClaims("?"),
                    ClientProof.proves("a.client_id", "?", "?", OAuthClients.AUTHORIZATION_CODE), CLAIMED_COLUMNS);

    /** Marks the code used, by the presented session, if it was not; null when it is unknown or already used. */
    private static Claimed claim(Connection connection, Presented presented, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                update authorization_code a set used_at = ?, session_id = ? where a.code_hash = ? and a.used_at is null
                returning %s""".formatted(CLAIMED_COLUMNS))) {
            update.setTimestamp(1, Timestamp.from(now));
            update.setString(2, presented.sessionId());
            update.setString(3, presented.hash());
            return claimed(update, presented, now, false);
        }
    }

    /**
     * {@link #claim}, only when the code's user has fresh cached claims, which it returns with the row; with a
     * secret to prove, only when the statement proves it and the code is that client's.
     */
    private Claimed claimWithFreshClaims(Connection connection, Presented presented, Instant now) throws SQLException {
        ClientProof proof = presented.proof();
        try (PreparedStatement update = connection.prepareStatement(proof == null ? CLAIM_WITH_FRESH_CLAIMS : CLAIM_PROVING_CLIENT)) {
            update.setTimestamp(1, Timestamp.from(now));
            update.setString(2, presented.sessionId());
            update.setString(3, presented.hash());
            update.setTimestamp(4, Timestamp.from(now.minus(config.claims().freshFor())));
            if (proof != null) {
                update.setString(5, proof.clientId());
                update.setString(6, proof.secretHash());
                update.setTimestamp(7, Timestamp.from(now));
            }
            return claimed(update, presented, now, true);
        }
    }

    private static Claimed claimed(PreparedStatement update, Presented presented, Instant now, boolean withProfile)
            throws SQLException {
        try (ResultSet found = update.executeQuery()) {
            if (!found.next()) {
                return null;
            }
            AuthorizationCode row = new AuthorizationCode();
            row.codeHash = presented.hash();
            row.clientId = found.getString(1);
            row.redirectUri = found.getString(2);
            row.userId = found.getString(3);
            row.tenantId = found.getString(4);
            row.amr = found.getString(5);
            row.authTime = found.getTimestamp(6).toInstant();
            row.nonce = found.getString(7);
            row.scope = found.getString(8);
            row.codeChallenge = found.getString(9);
            row.browserSessionId = found.getString(10);
            row.expiresAt = found.getTimestamp(11).toInstant();
            row.usedAt = now;
            row.sessionId = presented.sessionId();
            return withProfile ? new Claimed(row, found.getString(12), found.getTimestamp(13).toInstant(), found.getBoolean(14))
                    : new Claimed(row, null, null, false);
        }
    }

    /** A code refused after its claim started no session: a replay of it has none to end. */
    private static void forgetSession(Connection connection, String hash) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update authorization_code set session_id = null where code_hash = ?")) {
            update.setString(1, hash);
            update.executeUpdate();
        }
    }

    /** Why this client may not have this code's tokens, or null. */
    private static OAuthError refusal(AuthorizationCode row, Presented presented, Instant now) {
        if (!now.isBefore(row.expiresAt)) {
            return OAuthError.invalidGrant("the authorization code has expired");
        }
        if (!row.clientId.equals(presented.clientId())) {
            return OAuthError.invalidGrant("the authorization code was issued to another client");
        }
        if (!row.redirectUri.equals(presented.redirectUri())) {
            return OAuthError.invalidGrant("redirect_uri differs from the one of the authorization request");
        }
        try {
            checkPkce(row.codeChallenge, presented.codeVerifier());
            return null;
        } catch (OAuthError e) {
            return e;
        }
    }

    /** An unknown code, or one used before: then the session its first use started ends, and that is audited. */
    private OAuthError presentedAgain(String clientId, String hash, Instant now) {
        return QuarkusTransaction.requiringNew().call(() -> {
            AuthorizationCode row = AuthorizationCode.findById(hash);
            if (row == null) {
                return OAuthError.invalidGrant("unknown authorization code");
            }
            if (row.sessionId != null) {
                AuthSession.update("revokedAt = ?1, revokeReason = 'code-replay' where id = ?2 and revokedAt is null",
                        now, row.sessionId);
                audit.record("client:" + clientId, "oauth.code-reuse", row.tenantId, row.sessionId,
                        "an authorization code was presented again; the session it started is revoked");
            }
            return OAuthError.invalidGrant("the authorization code was already used");
        });
    }

    /** RFC 7636 §4.6, and no verifier without a challenge (a PKCE downgrade, OAuth 2.0 Security BCP §4.8.2). */
    private static void checkPkce(String challenge, String verifier) {
        if (challenge == null) {
            if (verifier != null) {
                throw OAuthError.invalidGrant("code_verifier sent, but the authorization request had no code_challenge");
            }
            return;
        }
        if (verifier == null || verifier.length() < 43 || verifier.length() > 128) {
            throw OAuthError.invalidGrant("code_verifier is required (43 to 128 characters)");
        }
        if (!MessageDigest.isEqual(LoginTransactions.pkceChallenge(verifier).getBytes(StandardCharsets.US_ASCII), challenge.getBytes(StandardCharsets.US_ASCII))) {
            throw OAuthError.invalidGrant("code_verifier does not match the code_challenge");
        }
    }
}
