package dev.gatehouse.auth.keys;

import dev.gatehouse.auth.common.AuthConfig;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Proxy;
import java.security.KeyPair;
import java.security.Signature;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The native provider loads on the platform we ship for (linux x86-64), and what it signs, the JDK verifies:
 * a token signed by one provider is checked by another.
 */
class NativeCryptoTest {

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "ES256"})
    void tokensSignedNativelyVerifyWithTheJdk(String algorithm) throws Exception {
        NativeCrypto crypto = new NativeCrypto(config(true));
        assertThat(crypto.providerContext().getSuppliedKeyProviderContext().getSignatureProvider())
                .isEqualTo("AmazonCorrettoCryptoProvider");
        KeyPair pair = KeyFactory.generate(algorithm);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload("{\"sub\":\"u\"}");
        jws.setAlgorithmHeaderValue(algorithm);
        jws.setKey(pair.getPrivate());
        jws.setProviderContext(crypto.providerContext());
        String compact = jws.getCompactSerialization();

        String[] parts = compact.split("\\.");
        Signature jdk = Signature.getInstance("RS256".equals(algorithm) ? "SHA256withRSA" : "SHA256withECDSAinP1363Format",
                jdkProvider(algorithm));
        jdk.initVerify(pair.getPublic());
        jdk.update((parts[0] + "." + parts[1]).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(jdk.verify(java.util.Base64.getUrlDecoder().decode(parts[2]))).isTrue();
    }

    @org.junit.jupiter.api.Test
    void turnedOffItLeavesSigningToTheJdk() {
        assertThat(new NativeCrypto(config(false)).providerContext().getSuppliedKeyProviderContext().getSignatureProvider()).isNull();
    }

    private static String jdkProvider(String algorithm) {
        return "RS256".equals(algorithm) ? "SunRsaSign" : "SunEC";
    }

    /** Only keys().nativeCrypto() is read. */
    private static AuthConfig config(boolean nativeCrypto) {
        AuthConfig.Keys keys = (AuthConfig.Keys) Proxy.newProxyInstance(AuthConfig.class.getClassLoader(),
                new Class<?>[]{AuthConfig.Keys.class}, (proxy, method, args) -> nativeCrypto);
        return (AuthConfig) Proxy.newProxyInstance(AuthConfig.class.getClassLoader(), new Class<?>[]{AuthConfig.class},
                (proxy, method, args) -> keys);
    }
}
