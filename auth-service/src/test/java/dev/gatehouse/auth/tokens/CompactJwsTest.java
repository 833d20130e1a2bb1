package dev.gatehouse.auth.tokens;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import dev.gatehouse.common.crypto.NativeCrypto;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Our compact JWS against two implementations that are not ours: Nimbus verifies, jose4j signs the same bytes. */
class CompactJwsTest {

    private static final String PAYLOAD = "{\"iss\":\"http://localhost:8081/P1\",\"sub\":\"U1\",\"exp\":2000000000,\"név\":\"é\"}";
    private static final String NATIVE = NativeCrypto.providerContext().getSuppliedKeyProviderContext().getSignatureProvider();

    @Test
    void rs256IsByteForByteWhatJose4jSigns() throws Exception {
        KeyPair pair = rsa();
        for (String provider : new String[] {null, NATIVE}) {
            String ours = CompactJws.sign(PAYLOAD, "k1", "RS256", pair.getPrivate(), provider);
            JsonWebSignature theirs = new JsonWebSignature();
            theirs.setPayload(PAYLOAD);
            theirs.setHeader("typ", "JWT");
            theirs.setKeyIdHeaderValue("k1");
            theirs.setAlgorithmHeaderValue("RS256");
            theirs.setKey(pair.getPrivate());
            assertThat(ours).isEqualTo(theirs.getCompactSerialization()); // PKCS#1 v1.5 signatures are deterministic
            JWSObject parsed = JWSObject.parse(ours);
            assertThat(parsed.verify(new RSASSAVerifier((RSAPublicKey) pair.getPublic()))).isTrue();
            assertThat(parsed.getHeader().getKeyID()).isEqualTo("k1");
            assertThat(parsed.getHeader().getType().getType()).isEqualTo("JWT");
            assertThat(parsed.getPayload().toString()).isEqualTo(PAYLOAD);
        }
    }

    @Test
    void es256SignaturesAreRAndSAsJwsWants() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        for (String provider : new String[] {null, NATIVE}) {
            for (int i = 0; i < 50; i++) { // short R or S values (leading zeros) come up now and then
                String ours = CompactJws.sign(PAYLOAD, "e1", "ES256", pair.getPrivate(), provider);
                assertThat(Base64.getUrlDecoder().decode(ours.substring(ours.lastIndexOf('.') + 1))).hasSize(64);
                assertThat(JWSObject.parse(ours).verify(new ECDSAVerifier((ECPublicKey) pair.getPublic()))).isTrue();
                JsonWebSignature theirs = new JsonWebSignature();
                theirs.setCompactSerialization(ours);
                theirs.setKey(pair.getPublic());
                assertThat(theirs.verifySignature()).isTrue();
                assertThat(JwtClaims.parse(theirs.getPayload()).getSubject()).isEqualTo("U1");
            }
        }
    }

    @Test
    void claimsAreWrittenAsJsonBothLibrariesReadAlike() throws Exception {
        KeyPair pair = rsa();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "http://localhost:8081/P1");
        claims.put("sub", "U1");
        claims.put("exp", 2_000_000_000L);
        claims.put("name", "Zoë \"Z\" </script>\n\u2028");
        claims.put("amr", List.of("pwd", "otp"));
        claims.put("tenants", Map.of("t1", Map.of("roles", List.of("Tenant Admin"), "permissions", List.of())));
        claims.put("email_verified", true);
        claims.put("nonce", null);
        String token = CompactJws.sign(claims, "k1", "RS256", pair.getPrivate(), NATIVE);

        JsonWebSignature theirs = new JsonWebSignature();
        theirs.setCompactSerialization(token);
        theirs.setKey(pair.getPublic());
        assertThat(theirs.verifySignature()).isTrue();
        JwtClaims read = JwtClaims.parse(theirs.getPayload());
        assertThat(read.getClaimsMap()).containsOnlyKeys(claims.keySet());
        assertThat(read.getIssuer()).isEqualTo("http://localhost:8081/P1");
        assertThat(read.getExpirationTime().getValue()).isEqualTo(2_000_000_000L);
        assertThat(read.getStringClaimValue("name")).isEqualTo(claims.get("name"));
        assertThat(read.getStringListClaimValue("amr")).containsExactly("pwd", "otp");
        assertThat(read.getClaimValue("email_verified")).isEqualTo(true);
        assertThat(read.getClaimValue("nonce")).isNull();
        var nimbus = com.nimbusds.jwt.SignedJWT.parse(token);
        assertThat(nimbus.verify(new RSASSAVerifier((RSAPublicKey) pair.getPublic()))).isTrue();
        assertThat(nimbus.getJWTClaimsSet().getJSONObjectClaim("tenants")).isEqualTo(claims.get("tenants"));
        assertThat(nimbus.getJWTClaimsSet().getStringClaim("name")).isEqualTo(claims.get("name"));
        assertThat(nimbus.getHeader().getKeyID()).isEqualTo("k1");
    }

    @Test
    void aTamperedTokenDoesNotVerifyAndOtherAlgorithmsAreRefused() throws Exception {
        KeyPair pair = rsa();
        String token = CompactJws.sign(PAYLOAD, "k1", "RS256", pair.getPrivate(), NATIVE);
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                PAYLOAD.replace("U1", "U2").getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];
        assertThat(JWSObject.parse(forged).verify(new RSASSAVerifier((RSAPublicKey) pair.getPublic()))).isFalse();
        assertThatThrownBy(() -> CompactJws.sign(PAYLOAD, "k1", "HS256", pair.getPrivate(), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CompactJws.sign(PAYLOAD, "k1", "none", pair.getPrivate(), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }
}
