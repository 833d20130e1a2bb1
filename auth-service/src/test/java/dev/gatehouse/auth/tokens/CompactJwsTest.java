package dev.gatehouse.auth.tokens;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import dev.gatehouse.common.crypto.NativeCrypto;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Our compact JWS against two implementations that are not ours: Nimbus verifies what we sign and signs what we verify,
 * jose4j signs the same bytes.
 */
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
        claims.put("auth_time", 1_700_000_000);
        String token = CompactJws.sign(claims, "k1", "RS256", pair.getPrivate(), NATIVE);
        // Written value by value, the same text as Jackson's ObjectMapper writes; a value that is not JSON is refused.
        assertThat(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(claims));
        for (Object notJson : List.of(1.5, java.time.Instant.EPOCH, new Object(), List.of(new StringBuilder("x")))) {
            assertThatThrownBy(() -> CompactJws.sign(Map.of("x", notJson), "k1", "RS256", pair.getPrivate(), NATIVE))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
        }

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

    @Test
    void whatWeSignAndWhatNimbusSignsVerifiesAndReadsBack() throws Exception {
        KeyPair rsa = rsa();
        KeyPair ec = ec();
        for (String provider : new String[] {null, NATIVE}) {
            CompactJws.Parsed ours = CompactJws.parse(CompactJws.sign(PAYLOAD, "e1", "ES256", ec.getPrivate(), provider));
            assertThat(ours.algorithm()).isEqualTo("ES256");
            assertThat(ours.kid()).isEqualTo("e1");
            assertThat(ours.verifiedBy(ec.getPublic(), provider)).isTrue();
            assertThat(ours.verifiedBy(ec().getPublic(), provider)).isFalse();
            assertThat(ours.claims()).containsEntry("sub", "U1").containsEntry("exp", 2_000_000_000).containsEntry("név", "é");
            assertThat(CompactJws.parse(CompactJws.sign(PAYLOAD, "k1", "RS256", rsa.getPrivate(), provider))
                    .verifiedBy(rsa.getPublic(), provider)).isTrue();
            // A library that is not ours, for each algorithm: its R || S and its PKCS#1 signatures check here.
            for (int i = 0; i < 20; i++) {
                SignedJWT es = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("e1").build(),
                        new JWTClaimsSet.Builder().subject("U" + i).build());
                es.sign(new ECDSASigner((ECPrivateKey) ec.getPrivate()));
                CompactJws.Parsed theirs = CompactJws.parse(es.serialize());
                assertThat(theirs.verifiedBy(ec.getPublic(), provider)).isTrue();
                assertThat(theirs.claims()).containsEntry("sub", "U" + i);
            }
            SignedJWT rs = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                    new JWTClaimsSet.Builder().subject("U1").build());
            rs.sign(new RSASSASigner(rsa.getPrivate()));
            assertThat(CompactJws.parse(rs.serialize()).verifiedBy(rsa.getPublic(), provider)).isTrue();
        }
    }

    @Test
    void aChangedSignatureOrPayloadDoesNotVerify() throws Exception {
        KeyPair ec = ec();
        KeyPair rsa = rsa();
        String es = CompactJws.sign(PAYLOAD, "e1", "ES256", ec.getPrivate(), NATIVE);
        String rs = CompactJws.sign(PAYLOAD, "k1", "RS256", rsa.getPrivate(), NATIVE);
        for (String provider : new String[] {null, NATIVE}) {
            assertThat(CompactJws.parse(withPayload(es, PAYLOAD.replace("U1", "U2"))).verifiedBy(ec.getPublic(), provider)).isFalse();
            assertThat(CompactJws.parse(withPayload(rs, PAYLOAD.replace("U1", "U2"))).verifiedBy(rsa.getPublic(), provider)).isFalse();
            assertThat(CompactJws.parse(es.substring(0, es.length() - 4)).verifiedBy(ec.getPublic(), provider)).isFalse();
            assertThat(CompactJws.parse(rs.substring(0, rs.length() - 4)).verifiedBy(rsa.getPublic(), provider)).isFalse();
            assertThat(CompactJws.parse(es + "AAAA").verifiedBy(ec.getPublic(), provider)).isFalse();
            // An ES256 header over an RSA signature, and the reverse: the shapes differ, nothing verifies.
            assertThat(CompactJws.parse(withHeader(rs, "{\"alg\":\"ES256\",\"kid\":\"e1\"}")).verifiedBy(ec.getPublic(), provider)).isFalse();
        }
    }

    @Test
    void malformedTokensAreRefusedBeforeAnySignatureCheck() throws Exception {
        String good = CompactJws.sign(PAYLOAD, "k1", "RS256", rsa().getPrivate(), null);
        String[] parts = good.split("\\.");
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("two segments", parts[0] + "." + parts[1]);
        refused.put("four segments", good + ".x");
        refused.put("empty signature", parts[0] + "." + parts[1] + ".");
        refused.put("empty payload", parts[0] + ".." + parts[2]);
        refused.put("no header", "." + parts[1] + "." + parts[2]);
        refused.put("alg none", withHeader(good, "{\"alg\":\"none\",\"kid\":\"k1\"}"));
        refused.put("HS256", withHeader(good, "{\"alg\":\"HS256\",\"kid\":\"k1\"}"));
        refused.put("PS256", withHeader(good, "{\"alg\":\"PS256\",\"kid\":\"k1\"}"));
        refused.put("alg not a string", withHeader(good, "{\"alg\":[\"RS256\"],\"kid\":\"k1\"}"));
        refused.put("no kid", withHeader(good, "{\"alg\":\"RS256\"}"));
        refused.put("blank kid", withHeader(good, "{\"alg\":\"RS256\",\"kid\":\" \"}"));
        refused.put("crit", withHeader(good, "{\"alg\":\"RS256\",\"kid\":\"k1\",\"crit\":[\"exp\"],\"exp\":1}"));
        refused.put("duplicate alg", withHeader(good, "{\"alg\":\"none\",\"kid\":\"k1\",\"alg\":\"RS256\"}"));
        refused.put("header not JSON", withHeader(good, "alg=RS256"));
        refused.put("header trailing", withHeader(good, "{\"alg\":\"RS256\",\"kid\":\"k1\"}{}"));
        refused.put("header an array", withHeader(good, "[]"));
        refused.put("header null", withHeader(good, "null"));
        refused.put("not base64url", parts[0] + "." + parts[1].replace('A', '+') + "/" + "." + parts[2]);
        for (Map.Entry<String, String> token : refused.entrySet()) {
            assertThatThrownBy(() -> CompactJws.parse(token.getValue()).claims()).as(token.getKey())
                    .isInstanceOf(CompactJws.Refused.class);
        }
        for (String payload : new String[] {"{\"sub\":\"U1\",\"sub\":\"U2\"}", "[\"sub\"]", "null", "{} {}", "{\"sub\":"}) {
            assertThatThrownBy(() -> CompactJws.parse(withPayload(good, payload)).claims()).as(payload)
                    .isInstanceOf(CompactJws.Refused.class);
        }
    }

    private static String withPayload(String token, String payload) {
        String[] parts = token.split("\\.");
        return parts[0] + "." + base64url(payload) + "." + parts[2];
    }

    private static String withHeader(String token, String header) {
        String[] parts = token.split("\\.");
        return base64url(header) + "." + parts[1] + "." + parts[2];
    }

    private static String base64url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static KeyPair ec() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }
}
