package dev.gatehouse.tenant.access;

import dev.gatehouse.tenant.common.TenantServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;

import java.util.Optional;

/**
 * Verifies auth-service session JWTs: signature by a key of its JWKS chosen by {@code kid}, only RS256 or
 * ES256 (never {@code none}, never HMAC), and {@code iss}, {@code aud}, {@code exp}.
 */
@ApplicationScoped
public class SessionTokenVerifier {

    private static final Logger LOG = Logger.getLogger(SessionTokenVerifier.class);

    private final JwtConsumer consumer;

    @Inject
    public SessionTokenVerifier(TenantServiceConfig config) {
        HttpsJwks jwks = new HttpsJwks(config.auth().jwksUrl());
        // An unknown kid makes the resolver fetch the JWKS again, so auth-service key rotation is picked up.
        jwks.setRetainCacheOnErrorDuration(60);
        this.consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(5)
                .setExpectedIssuer(stripTrailingSlash(config.auth().publicUrl()) + "/" + config.projectId())
                .setExpectedAudience(config.projectId())
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(jwks))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                .build();
    }

    /** The user id of a valid session JWT. */
    public Optional<String> verify(String jwt) {
        try {
            var claims = consumer.processToClaims(jwt);
            // auth-service marks refresh JWTs "drn": "DSR"; only session JWTs ("DS") authenticate API calls.
            if (!"DS".equals(claims.getClaimValueAsString("drn"))) {
                LOG.debug("refused a refresh JWT presented as a session JWT");
                return Optional.empty();
            }
            return Optional.of(claims.getSubject());
        } catch (InvalidJwtException e) {
            LOG.debugf("refused session JWT: %s", e.getMessage());
            return Optional.empty();
        } catch (Exception e) {
            LOG.warnf("could not verify a session JWT: %s", e.getMessage());
            return Optional.empty();
        }
    }

    static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
