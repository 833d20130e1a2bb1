package dev.gatehouse.common.jwt;

import dev.gatehouse.common.crypto.NativeCrypto;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;

import java.time.Duration;

/**
 * How every service we ship verifies auth-service's JWTs against its JWKS (design.md §6, "Our tokens"): RS256
 * or ES256 only (never {@code none}, never HMAC), the key chosen by {@code kid} from the JWKS and never used as
 * a path, {@code iss}, {@code aud}, {@code exp} with 5 s of skew. An unknown {@code kid} fetches the JWKS again
 * at once, at most once per {@code refetchGap} (so forged kids cannot make us hammer auth-service), and a key
 * that vanished from the JWKS (rotated out or revoked) is forgotten within {@code maxAge}. Signatures are checked
 * by the native provider when it loads ({@link NativeCrypto}).
 */
public final class SessionJwtConsumer {

    private SessionJwtConsumer() {
    }

    /**
     * @param authPublicUrl auth-service's public URL: the issuer is {@code <authPublicUrl>/<projectId>} and the
     *                      audience the project id (design.md §4)
     */
    public static JwtConsumer create(String jwksUrl, String authPublicUrl, String projectId, Duration maxAge,
                                     Duration refetchGap) {
        HttpsJwks jwks = new HttpsJwks(jwksUrl);
        // The JWKS's own max-age (auth-service sends five minutes) or this bound, whichever the answer gives.
        jwks.setDefaultCacheDuration(Math.max(1, maxAge.toSeconds()));
        jwks.setRefreshReprieveThreshold(refetchGap.toMillis());
        // During an auth-service outage, keep verifying with the keys we have for one more minute at most.
        jwks.setRetainCacheOnErrorDuration(60);
        return new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(5)
                .setExpectedIssuer(authPublicUrl.replaceAll("/+$", "") + "/" + projectId)
                .setExpectedAudience(projectId)
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(jwks))
                .setJwsProviderContext(NativeCrypto.providerContext())
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                .build();
    }
}
