package dev.gatehouse.tenant.support;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import java.util.function.Consumer;

/** Session JWTs as auth-service mints them, signed by a key generated for this test run. */
public final class TestTokens {

    public static final String PROJECT_ID = "PgatehouseDemoProjectId00001";
    public static final String ISSUER = "http://localhost:8081/" + PROJECT_ID;
    private static final RsaJsonWebKey KEY = generate("test-key-1");
    private static final RsaJsonWebKey OTHER_KEY = generate("test-key-1");

    private TestTokens() {
    }

    static String jwks() {
        return new JsonWebKeySet(KEY).toJson();
    }

    public static String session(String userId) {
        return session(userId, claims -> { });
    }

    public static String session(String userId, Consumer<JwtClaims> adjust) {
        return sign(claims(userId, adjust), KEY);
    }

    /** Same kid as the real key, but a key auth-service never had. */
    public static String signedByAnotherKey(String userId) {
        return sign(claims(userId, c -> { }), OTHER_KEY);
    }

    public static String unsigned(String userId) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims(userId, c -> { }).toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        jws.setAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.NO_CONSTRAINTS);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JwtClaims claims(String userId, Consumer<JwtClaims> adjust) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience(PROJECT_ID);
        claims.setSubject(userId);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(10);
        claims.setGeneratedJwtId();
        claims.setClaim("drn", "DS");
        adjust.accept(claims);
        return claims;
    }

    private static String sign(JwtClaims claims, RsaJsonWebKey key) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RsaJsonWebKey generate(String kid) {
        try {
            RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId(kid);
            key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            key.setUse("sig");
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
