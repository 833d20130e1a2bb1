package dev.gatehouse.auth.keys;

import dev.gatehouse.auth.support.TenantServiceStack;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.auth.session.OneTimeCodes;
import dev.gatehouse.auth.support.Gatehouse;
import dev.gatehouse.auth.support.Nimbus;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.PrivateKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static dev.gatehouse.auth.support.Gatehouse.exchange;
import static dev.gatehouse.auth.support.Gatehouse.withRefresh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Every forged refresh JWT is refused by auth-service's verifier, each for its own reason. */
@QuarkusTest
@WithTestResource(value = TenantServiceStack.class, scope = TestResourceScope.GLOBAL)
class TokenRejectionTest {

    @Inject
    KeyRing keyRing;

    @Inject
    OneTimeCodes codes;

    String userId;
    String sessionId;
    String refreshJwt;

    @BeforeEach
    void aRealSession() throws Exception {
        String tenant = Gatehouse.newTenant();
        userId = Gatehouse.newUser(tenant, List.of());
        refreshJwt = exchange(Gatehouse.codeFor(codes, userId, tenant)).statusCode(200).extract().path("refreshJwt");
        sessionId = Nimbus.verify(refreshJwt).getStringClaim("sid");
    }

    @Test
    void rejectsAlgNone() {
        String token = new PlainJWT(new PlainHeader(), claims(b -> { })).serialize();
        assertRefused(token);
    }

    @Test
    void rejectsHs256SignedWithThePublicKey() throws Exception {
        KeyMaterial active = keyRing.active();
        byte[] publicKeyBytes = active.publicJwk().getPublicKey().getEncoded();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(active.kid()).build(), claims(b -> { }));
        jwt.sign(new MACSigner(publicKeyBytes));
        assertRefused(jwt.serialize());
    }

    @Test
    void rejectsUnknownKid() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("k-unknown").generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k-unknown").build(), claims(b -> { }));
        jwt.sign(new RSASSASigner(stranger));
        assertRefused(jwt.serialize());
    }

    @Test
    void rejectsOurKidSignedByAnotherKeyWithoutTouchingTheSession() throws Exception {
        // Every claim and the header are what we issue; only the signature is not ours. Such a token reaches the
        // rotation statement (its signature is checked when that finds its hash nowhere), and it must be answered as
        // forged there: not as reuse, which would revoke the session it names.
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyRing.active().kid())
                .type(JOSEObjectType.JWT).build(), claims(b -> { }));
        jwt.sign(new RSASSASigner(new RSAKeyGenerator(2048).generate()));
        assertRefused(jwt.serialize());
        String tampered = refreshJwt.substring(0, refreshJwt.lastIndexOf('.') + 1)
                + new StringBuilder(refreshJwt.substring(refreshJwt.lastIndexOf('.') + 1)).reverse();
        assertRefused(tampered);
        withRefresh(refreshJwt).post("/v1/auth/refresh").then().statusCode(200);
    }

    @Test
    void rejectsKidThatLooksLikeAPath() throws Exception {
        assertRefused(signedWithOurKey(b -> { }, "../../etc/passwd"));
    }

    @Test
    void rejectsWrongIssuer() throws Exception {
        assertRefused(signedWithOurKey(b -> b.issuer("https://evil.example/PgatehouseDemoProjectId00001"), null));
    }

    @Test
    void rejectsWrongAudience() throws Exception {
        assertRefused(signedWithOurKey(b -> b.audience("PotherProjectId000000000000001"), null));
    }

    @Test
    void rejectsExpired() throws Exception {
        assertRefused(signedWithOurKey(b -> b.expirationTime(Date.from(Instant.now().minusSeconds(60))), null));
    }

    @Test
    void rejectsSessionJwtPresentedAsRefreshJwt() throws Exception {
        assertRefused(signedWithOurKey(b -> b.claim("drn", "DS"), null));
    }

    @Test
    void rejectsMissingSubjectOrExpiry() throws Exception {
        assertRefused(signedWithOurKey(b -> b.subject(null), null));
        assertRefused(signedWithOurKey(b -> b.expirationTime(null), null));
    }

    @Test
    void rejectsNotYetValid() throws Exception {
        assertRefused(signedWithOurKey(b -> b.notBeforeTime(Date.from(Instant.now().plusSeconds(60))), null));
    }

    @Test
    void rejectsACriticalHeaderWeDoNotIssue() throws Exception {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyRing.active().kid())
                .customParam("gh", 1).criticalParams(Set.of("gh")).build();
        SignedJWT jwt = new SignedJWT(header, claims(b -> { }));
        jwt.sign(new RSASSASigner(keyRing.active().privateKey()));
        assertRefused(jwt.serialize());
    }

    @Test
    void rejectsDuplicateClaimNamesEvenWhenSigned() throws Exception {
        // Two "sub" values: which one a reader takes differs between libraries, so neither is taken.
        String json = claims(b -> { }).toString().replaceFirst("\\{", "{\"sub\":\"U-someone-else\",");
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyRing.active().kid()).build(),
                new Payload(json));
        jws.sign(new RSASSASigner(keyRing.active().privateKey()));
        assertRefused(jws.serialize());
    }

    @Test
    void rejectsAnAlgorithmOtherThanTheKeys() throws Exception {
        // Our RSA key's kid with an ES256 header (over a real ES256 signature by some other key).
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(keyRing.active().kid()).build(),
                new Payload(claims(b -> { }).toString()));
        jws.sign(new ECDSASigner(new ECKeyGenerator(Curve.P_256).generate()));
        assertRefused(jws.serialize());
    }

    @Test
    void acceptsAnAudienceListThatNamesTheProject() throws Exception {
        // RFC 7519 §4.1.3: aud may be an array; then it is verified as usual and fails only as a superseded token.
        withRefresh(signedWithOurKey(b -> b.audience(List.of("someone-else", Gatehouse.PROJECT_ID)), null))
                .post("/v1/auth/refresh").then().statusCode(401).body("errorCode", equalTo("E061103"));
    }

    @Test
    void acceptsTheSameTokenWhenNothingIsForged() throws Exception {
        // Control for the tests above: a correctly signed token for this session passes verification and
        // then fails only because it is not the session's current refresh token (reuse, E061103).
        withRefresh(signedWithOurKey(b -> { }, null)).post("/v1/auth/refresh").then().statusCode(401)
                .body("errorCode", equalTo("E061103"));
    }

    private String signedWithOurKey(Consumer<JWTClaimsSet.Builder> adjust, String kid) throws Exception {
        KeyMaterial active = keyRing.active();
        PrivateKey privateKey = privateKeyOf(active);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(kid == null ? active.kid() : kid).type(JOSEObjectType.JWT).build(), claims(adjust));
        jwt.sign(new RSASSASigner(privateKey));
        return jwt.serialize();
    }

    private static PrivateKey privateKeyOf(KeyMaterial key) {
        return key.privateKey();
    }

    private JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> adjust) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .issuer("http://localhost:8081/" + Gatehouse.PROJECT_ID)
                .audience(Gatehouse.PROJECT_ID)
                .subject(userId)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(3600)))
                .claim("sid", sessionId)
                .claim("drn", "DSR");
        adjust.accept(builder);
        return builder.build();
    }

    /** Refused as invalid, and the session it names goes on: a forged token revokes nothing. */
    private void assertRefused(String token) {
        withRefresh(token).post("/v1/auth/refresh").then().statusCode(401)
                .contentType("application/problem+json").body("errorCode", equalTo("E061005"));
        withRefresh(refreshJwt).get("/v1/auth/me").then().statusCode(200);
    }
}
