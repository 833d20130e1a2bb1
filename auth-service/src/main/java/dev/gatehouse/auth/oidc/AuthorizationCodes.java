package dev.gatehouse.auth.oidc;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.common.Jdbc;
import dev.gatehouse.auth.login.LoginTransactions;
import dev.gatehouse.auth.session.AuthSessions;
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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    @Inject
    AuthSessions authSessions;

    /** A code's row, its sign-in read from the browser session {@code b} that the statement's condition picks. */
    private static final String ISSUE = """
            insert into authorization_code (code_hash, client_id, redirect_uri, nonce, scope, code_challenge, created_at,
                                            expires_at, user_id, tenant_id, amr, auth_time, browser_session_id)
            select ?, ?, ?, ?, ?, ?, ?::timestamptz, ?::timestamptz, b.user_id, b.tenant_id, b.amr, b.auth_time, b.id
            from browser_session b where %s""";

    /**
     * The browser session of a cookie's secret, active (the condition of {@link BrowserSession#activeAt}), signed in
     * since a time, of a tenant (or any).
     */
    private static final String SERVING = """
            b.secret_hash = ? and b.revoked_at is null and b.expires_at > ?::timestamptz
            and b.auth_time >= ?::timestamptz and (?::varchar is null or b.tenant_id = ?)""";

    /** A new code for this request and the sign-in that just started this browser session (its own commit). */
    public String issue(AuthorizationRequest request, BrowserSession signIn) {
        return issue(request, Instant.now(clock), new Jdbc.Part("b.id = ?", signIn.id))
                .orElseThrow(() -> new IllegalStateException("browser session " + signIn.id + " was not found"));
    }

    /**
     * A new code for this request from the browser's sign-in session ({@code cookie}, its secret) when that session
     * is active and serves the request: signed in at or after {@code signedInSince} (max_age; null for any time), of
     * {@code tenantId} (tenant=; null for any). One INSERT that reads the session, its own commit: the authorize
     * endpoint's hot path (issue #14). Empty when the browser has no such session.
     */
    public Optional<String> issueForBrowser(AuthorizationRequest request, String cookie, Instant signedInSince, String tenantId) {
        Instant now = Instant.now(clock);
        return BrowserSessions.secretHash(cookie).flatMap(hash -> issue(request, now,
                // Every parameter keeps its type from request to request: the driver's prepared statement is reused.
                new Jdbc.Part(SERVING, hash, now, signedInSince == null ? Instant.EPOCH : signedInSince, tenantId, tenantId)));
    }

    /** A code stored by its hash with one INSERT that reads the browser session {@code session} picks; empty for none. */
    private Optional<String> issue(AuthorizationRequest request, Instant now, Jdbc.Part session) {
        String code = Secrets.newSecret();
        Jdbc.Part insert = new Jdbc.Part(ISSUE.formatted(session.sql()), Secrets.sha256(code), request.clientId,
                request.redirectUri, request.nonce, request.scope, request.codeChallenge, now, now.plus(config.oidc().codeTtl()));
        return Jdbc.write(dataSource, "store an authorization code", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(insert.sql())) {
                session.bind(statement, insert.bind(statement, 1));
                return statement.executeUpdate() == 1 ? Optional.of(code) : Optional.empty();
            }
        });
    }

    /** A redeemed code, the session it started, and whether the client may refresh it. */
    public record Redeemed(AuthorizationCode code, Sessions.IssuedTokens tokens, boolean refreshable) {
    }

    /**
     * Redeems a code for the client that authenticated (the code grant's hot path, issue #14): two
     * statements, no lock held while signing. The first reads the code and the user's cached claims when they are
     * fresh (otherwise tenant-service is asked, with no connection held: a burst of exchanges cannot exhaust the
     * pool waiting on itself); the checks follow and the refresh JWT is signed; then one statement claims the unused
     * code and writes the session it starts with its audit entry, or spends the code on a refusal. Of two redemptions
     * at once, the second's claim waits for the first's row lock, then finds the code used. A code presented twice
     * revokes the session its first use started (RFC 6749 §4.1.2), and that revocation commits.
     */
    public Redeemed redeem(OAuthClient client, String code, String redirectUri, String codeVerifier) {
        if (!wellFormed(code)) {
            throw OAuthError.invalidRequest("code is required");
        }
        Presented presented = Presented.of(client.id, null, code, redirectUri, codeVerifier);
        Issued issued = read(presented);
        if (issued == null) {
            throw OAuthError.invalidGrant("unknown authorization code");
        }
        return redeem(presented, issued, client.allowsGrant(OAuthClients.REFRESH_TOKEN));
    }

    /**
     * {@link #redeem} for a client that presented a secret, which the code's read proves ({@link ClientProof}): no
     * query of its own for it. Once the client is proven, everything goes as in {@link #redeem}. Empty when the read
     * did not prove it (or found no code), and then nothing changed: the caller authenticates the client and calls
     * {@link #redeem}, which decides and answers as before, so whoever lacks the secret neither spends the code nor
     * learns anything about it.
     */
    public Optional<Redeemed> redeemProvingClient(ClientProof client, String code, String redirectUri, String codeVerifier) {
        if (!wellFormed(code)) {
            return Optional.empty();
        }
        Presented presented = Presented.of(client.clientId(), client, code, redirectUri, codeVerifier);
        Issued issued = read(presented);
        return issued == null || !issued.proven() ? Optional.empty()
                : Optional.of(redeem(presented, issued, issued.refreshable()));
    }

    private static boolean wellFormed(String code) {
        return code != null && !code.isBlank() && code.length() <= 200;
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

    /**
     * A code as it was issued and whether it was used; the user's cached claims and when they were fetched, when
     * fresh; whether the presented secret proved the client, and whether that client holds the refresh_token grant.
     */
    private record Issued(AuthorizationCode row, boolean used, String profile, Instant fetchedAt, boolean proven,
                          boolean refreshable) {
    }

    /** The user of a code, resolved before its claim: the profile, or why none may have tokens. */
    private record Resolved(UserProfile user, OAuthError refused) {
    }

    private static final String READ = """
            select a.client_id, a.redirect_uri, a.user_id, a.tenant_id, a.amr, a.auth_time, a.nonce, a.scope,
                   a.code_challenge, a.browser_session_id, a.expires_at, a.used_at is not null, c.profile, c.fetched_at,
                   %s, exists (select 1 from oauth_client o where o.id = ? and 'refresh_token' = any(o.grant_types))
            from authorization_code a left join user_claims c on c.user_id = a.user_id and %s
            where a.code_hash = ?""".formatted(ClientProof.proves("?", "?", "?", OAuthClients.AUTHORIZATION_CODE),
            UserDirectory.freshClaims("?"));

    /** The presented code, read without a lock; null for an unknown one. */
    private Issued read(Presented presented) {
        Instant now = Instant.now(clock);
        ClientProof proof = presented.proof();
        return Jdbc.queryOne(dataSource, "an authorization code", READ, select -> {
            select.setString(1, proof == null ? null : proof.clientId());
            select.setString(2, proof == null ? null : proof.secretHash());
            select.setTimestamp(3, Timestamp.from(now));
            select.setString(4, proof == null ? null : proof.clientId()); // looked up only for a client to prove
            select.setTimestamp(5, Timestamp.from(now.minus(config.claims().freshFor())));
            select.setString(6, presented.hash());
        }, found -> {
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
            return new Issued(row, found.getBoolean(12), found.getString(13), Jdbc.instant(found.getTimestamp(14)),
                    found.getBoolean(15), found.getBoolean(16));
        }).orElse(null);
    }

    private Redeemed redeem(Presented presented, Issued issued, boolean refreshable) {
        if (issued.used()) {
            throw presentedAgain(presented.clientId(), presented.hash(), Instant.now(clock));
        }
        AuthorizationCode row = issued.row();
        OAuthError refused = refusal(row, presented, Instant.now(clock));
        Resolved user = refused == null ? userOf(issued) : new Resolved(null, refused);
        Instant now = Instant.now(clock); // after the user was resolved: the claim's time
        if (user.refused() != null) {
            if (!claim(presented, now, false, List.of())) {
                throw presentedAgain(presented.clientId(), presented.hash(), now);
            }
            throw user.refused(); // spent, without a session
        }
        Sessions.IssuedTokens tokens = sessions.startIn(presented.sessionId(), user.user(), row.tenantId, row.amr,
                new Sessions.ClientGrant(presented.clientId(), row.scope, row.authTime, row.browserSessionId),
                "exists (select 1 from claimed)", parts -> claim(presented, now, true, parts));
        if (tokens == null) {
            throw presentedAgain(presented.clientId(), presented.hash(), now);
        }
        row.usedAt = now;
        row.sessionId = presented.sessionId();
        return new Redeemed(row, tokens, refreshable);
    }

    /** The code's user: from the fresh cached claims the read found and this version can read, else tenant-service's. */
    private Resolved userOf(Issued issued) {
        Resolved cached = issued.profile() == null ? null
                : resolved(() -> sessions.activeUserOfFreshClaims(issued.profile(), issued.fetchedAt()));
        return cached != null ? cached : resolved(() -> sessions.activeUser(issued.row().userId));
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
     * Marks the code used if it was not, by the presented session when {@code withSession}, and writes {@code parts}
     * (each written only where {@code exists (select 1 from claimed)}), all in one statement; whether it claimed.
     */
    private boolean claim(Presented presented, Instant now, boolean withSession, List<Jdbc.Part> parts) {
        List<Jdbc.Part> all = new ArrayList<>();
        all.add(new Jdbc.Part("""
                update authorization_code set used_at = ?::timestamptz, session_id = ?
                where code_hash = ? and used_at is null returning 1""", now, withSession ? presented.sessionId() : null,
                presented.hash()));
        all.addAll(parts);
        StringBuilder sql = new StringBuilder("with claimed as (").append(all.get(0).sql()).append(')');
        for (int i = 1; i < all.size(); i++) {
            sql.append(",\npart").append(i).append(" as (").append(all.get(i).sql()).append(')');
        }
        sql.append("\nselect count(*) from claimed");
        return Jdbc.write(dataSource, "claim an authorization code", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
                int next = 1;
                for (Jdbc.Part part : all) {
                    next = part.bind(statement, next);
                }
                try (ResultSet claimed = statement.executeQuery()) {
                    return claimed.next() && claimed.getLong(1) == 1;
                }
            }
        });
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
        return QuarkusTransaction.requiringNew().call(() -> Jdbc.write(dataSource, "refuse a code presented again", connection -> {
            String tenantId;
            String sessionId;
            try (PreparedStatement select = connection.prepareStatement(
                    "select tenant_id, session_id from authorization_code where code_hash = ?")) {
                select.setString(1, hash);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return OAuthError.invalidGrant("unknown authorization code");
                    }
                    tenantId = row.getString(1);
                    sessionId = row.getString(2);
                }
            }
            if (sessionId != null) {
                authSessions.endWhere(now, "code-replay", "id = ?", sessionId);
                audit.record("client:" + clientId, "oauth.code-reuse", tenantId, sessionId,
                        "an authorization code was presented again; the session it started is revoked");
            }
            return OAuthError.invalidGrant("the authorization code was already used");
        }));
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
