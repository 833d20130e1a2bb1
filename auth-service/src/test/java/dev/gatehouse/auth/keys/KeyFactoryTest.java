package dev.gatehouse.auth.keys;

import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.KeyPair;

import static org.assertj.core.api.Assertions.assertThat;

class KeyFactoryTest {

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "ES256"})
    void generatedKeysSurviveStorageAndSignVerifiably(String algorithm) throws Exception {
        KeyPair pair = KeyFactory.generate(algorithm);
        PublicJsonWebKey published = KeyFactory.parsePublic(KeyFactory.publicJwkJson(pair, "k1", algorithm));
        assertThat(published.getKeyId()).isEqualTo("k1");
        assertThat(published.getAlgorithm()).isEqualTo(algorithm);
        assertThat(published.getUse()).isEqualTo("sig");
        assertThat(published.toJson()).doesNotContain("\"d\"");

        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload("{\"sub\":\"u\"}");
        jws.setAlgorithmHeaderValue(algorithm);
        jws.setKey(KeyFactory.decodePrivate(KeyFactory.encodePrivate(pair.getPrivate()), algorithm));
        String compact = jws.getCompactSerialization();

        JsonWebSignature verify = new JsonWebSignature();
        verify.setCompactSerialization(compact);
        verify.setKey(published.getPublicKey());
        assertThat(verify.verifySignature()).isTrue();
    }
}
