package dev.gatehouse.auth.tokens;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.auth.keys.KeyMaterial;
import dev.gatehouse.auth.keys.KeyRing;
import dev.gatehouse.auth.keys.NativeCrypto;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Optional;

/**
 * Verifies Gatehouse's own tokens: only RS256/ES256 (never {@code none}, never HMAC, whatever the header
 * says), the key found by {@code kid} in our key ring (a lookup, never a path or URL) and of the header's algorithm,
 * then {@code iss}, {@code sub}, {@code aud}, {@code exp}, {@code nbf} and the token type. Five seconds of clock skew.
 */
@ApplicationScoped
public class TokenVerifier {

    private static final Logger LOG = Logger.getLogger(TokenVerifier.class);
    private static final long SKEW_SECONDS = 5;

    @Inject
    KeyRing keyRing;

    @Inject
    NativeCrypto crypto;

    @Inject
    AuthConfig config;

    @Inject
    Clock clock;

    public VerifiedToken refreshToken(String jwt) {
        return verify(jwt, TokenMinter.REFRESH_TYPE);
    }

    /** A session JWT (which is also the provider face's access token for a user). */
    public VerifiedToken sessionToken(String jwt) {
        return verify(jwt, TokenMinter.SESSION_TYPE);
    }

    /**
     * Any unexpired token this project issued for its own audience (session, refresh or machine access token),
     * for introspection (RFC 7662); the claims say which it is.
     */
    public TokenClaims ownToken(String jwt) {
        return claims(jwt, config.projectId(), true);
    }

    /**
     * An ID token we issued to some client, expired or not: an {@code id_token_hint} of RP-initiated logout
     * (OIDC RP-Initiated Logout §2 lets the OP accept expired ones). Signature and issuer are still required.
     */
    public TokenClaims idTokenHint(String jwt) {
        TokenClaims claims = claims(jwt, null, false);
        if (claims.has(TokenMinter.TYPE_CLAIM) || claims.audience().size() != 1) {
            throw invalid("not an ID token");
        }
        return claims;
    }

    private VerifiedToken verify(String jwt, String expectedType) {
        TokenClaims claims = claims(jwt, config.projectId(), true);
        if (!expectedType.equals(claims.string(TokenMinter.TYPE_CLAIM))) {
            throw invalid("wrong token type");
        }
        String sessionId = claims.string("sid");
        if (sessionId == null) {
            throw invalid("no sid");
        }
        return new VerifiedToken(claims.subject(), sessionId, claims.seconds("exp"), claims);
    }

    /** The checked claims; {@code audience} null skips the audience, {@code checkExpiry} false accepts expired tokens. */
    private TokenClaims claims(String jwt, String audience, boolean checkExpiry) {
        if (jwt == null || jwt.length() > 65_536) {
            throw invalid("absent or too long");
        }
        try {
            CompactJws.Parsed parsed = CompactJws.parse(jwt);
            KeyMaterial key = key(parsed.kid()).orElseThrow(() -> invalid("unknown kid"));
            if (!key.algorithm().equals(parsed.algorithm())) {
                throw invalid("the key " + parsed.kid() + " does not sign " + parsed.algorithm());
            }
            if (!parsed.verifiedBy(key.publicJwk().getPublicKey(), crypto.signatureProvider())) {
                throw invalid("signature");
            }
            TokenClaims claims = new TokenClaims(parsed.claims());
            long now = clock.millis() / 1000;
            Long expires = claims.seconds("exp");
            Long notBefore = claims.seconds("nbf");
            if (!config.issuer().equals(claims.string("iss"))) {
                throw invalid("issuer");
            }
            if (claims.subject() == null || claims.subject().isEmpty()) {
                throw invalid("no subject");
            }
            if (audience != null && !claims.audience().contains(audience)) {
                throw invalid("audience");
            }
            if (checkExpiry && (expires == null || now >= expires + SKEW_SECONDS)) {
                throw invalid("expired or no expiry");
            }
            if (claims.has("nbf") && (notBefore == null || now + SKEW_SECONDS < notBefore)) {
                throw invalid("not yet valid");
            }
            return claims;
        } catch (CompactJws.Refused e) {
            throw invalid(e.getMessage());
        } catch (GeneralSecurityException e) {
            // Our provider cannot check this algorithm or key: refuse, and say so loudly.
            LOG.errorf("could not check a token's signature: %s", e.toString());
            throw invalid("signature could not be checked");
        }
    }

    private Optional<KeyMaterial> key(String kid) {
        try {
            return keyRing.byKid(kid);
        } catch (RuntimeException e) {
            // Our outage, not a bad token: the caller keeps it and tries again (a 401 would end the session).
            LOG.warnf("could not read the signing keys to verify a token: %s", e.toString());
            throw new ApiException(503, "E061006", "signing keys cannot be read right now; try again shortly");
        }
    }

    private static ApiException invalid(String reason) {
        LOG.debugf("token refused: %s", reason);
        return ApiException.unauthorized("E061005", "the token is invalid or expired");
    }

    public record VerifiedToken(String userId, String sessionId, long expiresAt, TokenClaims claims) {
    }
}
