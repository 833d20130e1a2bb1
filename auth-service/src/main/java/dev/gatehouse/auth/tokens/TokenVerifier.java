package dev.gatehouse.auth.tokens;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.auth.keys.KeyRing;
import dev.gatehouse.auth.keys.NativeCrypto;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.IssValidator;
import org.jose4j.jwt.consumer.SubValidator;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.UnresolvableKeyException;

import java.time.Clock;

/**
 * Verifies Gatehouse's own tokens: only RS256/ES256 (never {@code none}, never HMAC, whatever the header
 * says), the key found by {@code kid} in our key ring (a lookup, never a path or URL), then {@code iss},
 * {@code aud}, {@code exp} and the token type.
 */
@ApplicationScoped
public class TokenVerifier {

    private static final Logger LOG = Logger.getLogger(TokenVerifier.class);

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
    public JwtClaims ownToken(String jwt) {
        try {
            return consumer(config.projectId(), true).processToClaims(jwt);
        } catch (InvalidJwtException e) {
            throw invalid(e.getMessage());
        }
    }

    /**
     * An ID token we issued to some client, expired or not: an {@code id_token_hint} of RP-initiated logout
     * (OIDC RP-Initiated Logout §2 lets the OP accept expired ones). Signature and issuer are still required.
     */
    public JwtClaims idTokenHint(String jwt) {
        try {
            JwtClaims claims = consumer(null, false).processToClaims(jwt);
            if (claims.hasClaim(TokenMinter.TYPE_CLAIM) || claims.getAudience().size() != 1) {
                throw invalid("not an ID token");
            }
            return claims;
        } catch (InvalidJwtException | MalformedClaimException e) {
            throw invalid(e.getMessage());
        }
    }

    private JwtConsumer consumer(String audience, boolean checkExpiry) {
        return consumer(audience, checkExpiry, new KeyLookup());
    }

    /**
     * Why a key could not be resolved, when the reason is ours (the key ring could not be read: the database is
     * restarting) rather than the token's: jose4j reports both as an invalid token.
     */
    private static final class KeyLookup {
        RuntimeException failure;
    }

    private JwtConsumer consumer(String audience, boolean checkExpiry, KeyLookup lookup) {
        JwtConsumerBuilder builder = new JwtConsumerBuilder()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(5)
                .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()))
                .setExpectedIssuer(config.issuer())
                .setJwsProviderContext(crypto.providerContext())
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                .setVerificationKeyResolver((jws, nestingContext) -> {
                    String kid = jws.getKeyIdHeaderValue();
                    if (kid == null || kid.isBlank()) {
                        throw new UnresolvableKeyException("no kid");
                    }
                    try {
                        return keyRing.byKid(kid)
                                .filter(key -> key.algorithm().equals(jws.getAlgorithmHeaderValue()))
                                .map(key -> key.publicJwk().getPublicKey())
                                .orElseThrow(() -> new UnresolvableKeyException("unknown kid or algorithm"));
                    } catch (RuntimeException e) {
                        lookup.failure = e;
                        throw new UnresolvableKeyException("the key ring could not be read", e);
                    }
                });
        if (audience != null) {
            builder.setExpectedAudience(audience);
        } else {
            builder.setSkipDefaultAudienceValidation();
        }
        if (checkExpiry) {
            builder.setRequireExpirationTime();
        } else {
            // The defaults would refuse an expired token; issuer and subject are then checked on their own.
            builder.setSkipAllDefaultValidators()
                    .registerValidator(new IssValidator(config.issuer(), true))
                    .registerValidator(new SubValidator(true));
        }
        return builder.build();
    }

    private VerifiedToken verify(String jwt, String expectedType) {
        KeyLookup lookup = new KeyLookup();
        JwtConsumer consumer = consumer(config.projectId(), true, lookup);
        try {
            JwtClaims claims = consumer.processToClaims(jwt);
            if (!expectedType.equals(claims.getClaimValueAsString(TokenMinter.TYPE_CLAIM))) {
                throw invalid("wrong token type");
            }
            String sessionId = claims.getClaimValueAsString("sid");
            if (sessionId == null) {
                throw invalid("no sid");
            }
            return new VerifiedToken(claims.getSubject(), sessionId, claims.getExpirationTime().getValue(), claims);
        } catch (InvalidJwtException | MalformedClaimException e) {
            if (lookup.failure != null) {
                // Our outage, not a bad token: the caller keeps it and tries again (a 401 would end the session).
                LOG.warnf("could not read the signing keys to verify a token: %s", lookup.failure.toString());
                throw new ApiException(503, "E061006", "signing keys cannot be read right now; try again shortly");
            }
            throw invalid(e.getMessage());
        }
    }

    private static ApiException invalid(String reason) {
        LOG.debugf("token refused: %s", reason);
        return ApiException.unauthorized("E061005", "the token is invalid or expired");
    }

    public record VerifiedToken(String userId, String sessionId, long expiresAt, JwtClaims claims) {
    }
}
