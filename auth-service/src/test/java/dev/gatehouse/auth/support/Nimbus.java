package dev.gatehouse.auth.support;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.restassured.RestAssured;

import java.util.Set;

/** Verifies our tokens with a JWT library other than the one that signs them, against the published JWKS. */
public final class Nimbus {

    private Nimbus() {
    }

    public static JWTClaimsSet verify(String jwt) {
        try {
            JWKSet jwks = JWKSet.parse(RestAssured.get("/v2/keys/" + Gatehouse.PROJECT_ID).asString());
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256),
                    new ImmutableJWKSet<>(jwks)));
            processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(Gatehouse.PROJECT_ID,
                    new JWTClaimsSet.Builder().issuer("http://localhost:8081/" + Gatehouse.PROJECT_ID).build(),
                    Set.of("sub", "exp", "iat", "sid")));
            return processor.process(jwt, null);
        } catch (Exception e) {
            throw new AssertionError("token did not verify: " + e.getMessage(), e);
        }
    }
}
