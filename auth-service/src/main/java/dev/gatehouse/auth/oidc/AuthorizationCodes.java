package dev.gatehouse.auth.oidc;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.auth.login.LoginTransactions;
import dev.gatehouse.auth.session.AuthSession;
import dev.gatehouse.auth.session.Sessions;
import dev.gatehouse.auth.tenants.AuditTrail;
import dev.gatehouse.common.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;

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

    @Transactional
    public String issue(AuthorizationRequest request, BrowserSession signIn) {
        String code = Secrets.newSecret();
        AuthorizationCode row = new AuthorizationCode();
        row.codeHash = Secrets.sha256(code);
        row.clientId = request.clientId;
        row.redirectUri = request.redirectUri;
        row.userId = signIn.userId;
        row.tenantId = signIn.tenantId;
        row.amr = signIn.amr;
        row.authTime = signIn.authTime;
        row.nonce = request.nonce;
        row.scope = request.scope;
        row.codeChallenge = request.codeChallenge;
        row.browserSessionId = signIn.id;
        row.createdAt = Instant.now(clock);
        row.expiresAt = row.createdAt.plus(config.oidc().codeTtl());
        row.persist();
        return code;
    }

    /** A redeemed code and the session it started. */
    public record Redeemed(AuthorizationCode code, Sessions.IssuedTokens tokens) {
    }

    /**
     * Redeems a code for the client that authenticated, in one transaction holding the code's row lock. A code
     * presented twice revokes the session the first use started (RFC 6749 §4.1.2), and that revocation commits.
     */
    @Transactional(dontRollbackOn = OAuthError.class)
    public Redeemed redeem(OAuthClient client, String code, String redirectUri, String codeVerifier) {
        if (code == null || code.isBlank() || code.length() > 200) {
            throw OAuthError.invalidRequest("code is required");
        }
        AuthorizationCode row = AuthorizationCode.findById(Secrets.sha256(code), LockModeType.PESSIMISTIC_WRITE);
        Instant now = Instant.now(clock);
        if (row == null) {
            throw OAuthError.invalidGrant("unknown authorization code");
        }
        if (row.usedAt != null) {
            if (row.sessionId != null) {
                AuthSession.update("revokedAt = ?1, revokeReason = 'code-replay' where id = ?2 and revokedAt is null",
                        now, row.sessionId);
                audit.record("client:" + client.id, "oauth.code-reuse", row.tenantId, row.sessionId,
                        "an authorization code was presented again; the session it started is revoked");
            }
            throw OAuthError.invalidGrant("the authorization code was already used");
        }
        row.usedAt = now;
        if (!now.isBefore(row.expiresAt)) {
            throw OAuthError.invalidGrant("the authorization code has expired");
        }
        if (!row.clientId.equals(client.id)) {
            throw OAuthError.invalidGrant("the authorization code was issued to another client");
        }
        if (!row.redirectUri.equals(redirectUri)) {
            throw OAuthError.invalidGrant("redirect_uri differs from the one of the authorization request");
        }
        checkPkce(row.codeChallenge, codeVerifier);
        try {
            Sessions.IssuedTokens tokens = sessions.start(row.userId, row.tenantId, row.amr,
                    new Sessions.ClientGrant(client.id, row.scope, row.authTime, row.browserSessionId), false);
            row.sessionId = tokens.sessionId();
            return new Redeemed(row, tokens);
        } catch (ApiException e) {
            throw OAuthError.invalidGrant(e.getMessage());
        }
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
