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

    /**
     * A refresh JWT checked in everything but its signature, for the rotation that may not need it
     * ({@link PresentedRefresh}).
     */
    public PresentedRefresh presentedRefresh(String jwt) {
        Presented presented = presented(jwt);
        return new PresentedRefresh(presented, typed(presented.claims(config.projectId(), true), TokenMinter.REFRESH_TYPE));
    }

    private VerifiedToken verify(String jwt, String expectedType) {
        return typed(claims(jwt, config.projectId(), true), expectedType);
    }

    private static VerifiedToken typed(TokenClaims claims, String expectedType) {
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
        Presented presented = presented(jwt);
        presented.verifySignature();
        return presented.claims(audience, checkExpiry);
    }

    /** {@code jwt} split, its header read, its key found in our ring and of its algorithm; nothing else checked yet. */
    private Presented presented(String jwt) {
        if (jwt == null || jwt.length() > 65_536) {
            throw invalid("absent or too long");
        }
        try {
            CompactJws.Parsed parsed = CompactJws.parse(jwt);
            KeyMaterial key = key(parsed.kid()).orElseThrow(() -> invalid("unknown kid"));
            if (!key.algorithm().equals(parsed.algorithm())) {
                throw invalid("the key " + parsed.kid() + " does not sign " + parsed.algorithm());
            }
            return new Presented(parsed, key);
        } catch (CompactJws.Refused e) {
            throw invalid(e.getMessage());
        }
    }

    private final class Presented {

        private final CompactJws.Parsed parsed;
        private final KeyMaterial key;

        Presented(CompactJws.Parsed parsed, KeyMaterial key) {
            this.parsed = parsed;
            this.key = key;
        }

        void verifySignature() {
            try {
                if (!parsed.verifiedBy(key.publicJwk().getPublicKey(), crypto.signatureProvider())) {
                    throw invalid("signature");
                }
            } catch (GeneralSecurityException e) {
                // Our provider cannot check this algorithm or key: refuse, and say so loudly.
                LOG.errorf("could not check a token's signature: %s", e.toString());
                throw invalid("signature could not be checked");
            }
        }

        TokenClaims claims(String audience, boolean checkExpiry) {
            TokenClaims claims;
            try {
                claims = new TokenClaims(parsed.claims());
            } catch (CompactJws.Refused e) {
                throw invalid(e.getMessage());
            }
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

    /**
     * A refresh JWT whose claims passed every check but the signature's: what it claims, and {@link #verified} to
     * check the signature on demand (once). Its claims may be acted on unverified in one place only: the rotation
     * statement that finds the token's hash among those its session honours, which only a token we signed for that
     * session can match (a second preimage of SHA-256 would be needed), so the signature would prove nothing more
     * there, and checking it was a fifth of a refresh's CPU (issue #14). Anything else done with it, a refusal
     * included, comes after {@link #verified}: a forged token is answered as forged, whatever it claims.
     */
    public static final class PresentedRefresh {

        private final Presented presented;
        private final VerifiedToken claimed;
        private boolean signatureChecked;

        private PresentedRefresh(Presented presented, VerifiedToken claimed) {
            this.presented = presented;
            this.claimed = claimed;
        }

        public String userId() {
            return claimed.userId();
        }

        public String sessionId() {
            return claimed.sessionId();
        }

        public long expiresAt() {
            return claimed.expiresAt();
        }

        public TokenClaims claims() {
            return claimed.claims();
        }

        /** The token, its signature checked (on the first call); refused as invalid (401) when it does not verify. */
        public VerifiedToken verified() {
            if (!signatureChecked) {
                presented.verifySignature();
                signatureChecked = true;
            }
            return claimed;
        }
    }
}
