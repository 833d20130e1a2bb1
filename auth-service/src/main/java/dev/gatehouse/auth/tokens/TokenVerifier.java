package dev.gatehouse.auth.tokens;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.auth.keys.KeyRing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
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
    AuthConfig config;

    @Inject
    Clock clock;

    public VerifiedToken refreshToken(String jwt) {
        return verify(jwt, TokenMinter.REFRESH_TYPE);
    }

    private VerifiedToken verify(String jwt, String expectedType) {
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(5)
                .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()))
                .setExpectedIssuer(config.issuer())
                .setExpectedAudience(config.projectId())
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                .setVerificationKeyResolver((jws, nestingContext) -> keyRing.byKid(jws.getKeyIdHeaderValue())
                        .filter(key -> key.algorithm().equals(jws.getAlgorithmHeaderValue()))
                        .map(key -> key.publicJwk().getPublicKey())
                        .orElseThrow(() -> new UnresolvableKeyException("unknown kid or algorithm")))
                .build();
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
