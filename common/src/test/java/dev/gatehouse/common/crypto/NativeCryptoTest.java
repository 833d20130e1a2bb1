package dev.gatehouse.common.crypto;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;

import static org.assertj.core.api.Assertions.assertThat;

class NativeCryptoTest {

    @Test
    void es256VerifiersGetTheNativeProviderAndEveryOtherAlgorithmStaysWithTheJdk() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", "SunEC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
        Signature jdk = Signature.getInstance("SHA256withECDSA", "SunEC");
        jdk.initSign(pair.getPrivate());
        jdk.update(data);
        byte[] signature = jdk.sign();

        NativeCrypto.preferForEcdsa();
        NativeCrypto.preferForEcdsa(); // once is enough; a second call changes nothing

        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(pair.getPublic());
        assertThat(verifier.getProvider().getName()).isEqualTo("GatehouseNativeEcdsa");
        verifier.update(data);
        assertThat(verifier.verify(signature)).as("a JDK signature verifies natively").isTrue();
        signature[signature.length - 1] ^= 1;
        verifier.initVerify(pair.getPublic());
        verifier.update(data);
        assertThat(verifier.verify(signature)).as("a tampered one does not").isFalse();

        Signature rsa = Signature.getInstance("SHA256withRSA");
        KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
        rsaGenerator.initialize(2048);
        rsa.initVerify(rsaGenerator.generateKeyPair().getPublic());
        assertThat(rsa.getProvider().getName()).isEqualTo("SunRsaSign");
    }

    @Test
    void jose4jVerifiesAnEs256TokenThroughTheDefaultProviderLookup() throws Exception {
        NativeCrypto.preferForEcdsa();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        JsonWebSignature signed = new JsonWebSignature();
        signed.setPayload("{\"sub\":\"U1\"}");
        signed.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        signed.setKey(pair.getPrivate());
        String compact = signed.getCompactSerialization();

        JsonWebSignature verified = new JsonWebSignature();
        verified.setCompactSerialization(compact);
        verified.setKey(pair.getPublic());
        assertThat(verified.verifySignature()).isTrue();
        JsonWebSignature tampered = new JsonWebSignature();
        tampered.setCompactSerialization(compact.substring(0, compact.length() - 2) + (compact.endsWith("A") ? "BA" : "AA"));
        tampered.setKey(pair.getPublic());
        assertThat(tampered.verifySignature()).isFalse();
    }
}
