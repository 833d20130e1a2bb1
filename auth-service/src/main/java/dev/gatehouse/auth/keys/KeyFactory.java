package dev.gatehouse.auth.keys;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** Generates RS256 (RSA 2048) and ES256 (P-256) key pairs and moves them in and out of storage form. */
final class KeyFactory {

    private KeyFactory() {
    }

    static KeyPair generate(String algorithm) {
        try {
            if ("ES256".equals(algorithm)) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                return generator.generateKeyPair();
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + algorithm + " key", e);
        }
    }

    static String publicJwkJson(KeyPair pair, String kid, String algorithm) {
        try {
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(pair.getPublic());
            jwk.setKeyId(kid);
            jwk.setAlgorithm(algorithm);
            jwk.setUse("sig");
            return jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    static PublicJsonWebKey parsePublic(String json) {
        try {
            return PublicJsonWebKey.Factory.newPublicJwk(json);
        } catch (JoseException e) {
            throw new IllegalStateException("stored public JWK is unreadable", e);
        }
    }

    static String encodePrivate(PrivateKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    static PrivateKey decodePrivate(String base64, String algorithm) {
        try {
            return java.security.KeyFactory.getInstance("ES256".equals(algorithm) ? "EC" : "RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored private key is unreadable", e);
        }
    }
}
