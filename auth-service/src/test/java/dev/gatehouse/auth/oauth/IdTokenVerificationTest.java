package dev.gatehouse.auth.oauth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.auth.login.LoginFailed;
import dev.gatehouse.auth.support.MockOAuth2ServerResource;
import dev.gatehouse.auth.support.TenantServiceStack;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * ID tokens signed by mock-oauth2-server's real issuer keys (its anyToken API lets a test choose the claims),
 * checked by our verifier rule by rule.
 */
@QuarkusTest
@WithTestResource(value = TenantServiceStack.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MockOAuth2ServerResource.class, scope = TestResourceScope.GLOBAL)
class IdTokenVerificationTest {

    private static final String NONCE = "expected-nonce";

    @Inject
    IdTokenVerifier idTokens;

    @Inject
    ProviderRegistry providers;

    @Inject
    OidcDiscovery discovery;

    @Test
    void acceptsAWellFormedToken() {
        assertThat(verify(token(Map.of())).get("nonce")).isEqualTo(NONCE);
    }

    @Test
    void rejectsAnotherAudience() {
        assertRefused(token(Map.of("aud", "someone-else")), "audience");
    }

    @Test
    void rejectsAzpOfAnotherClient() {
        assertRefused(token(Map.of("azp", "someone-else")), "azp");
    }

    @Test
    void rejectsSeveralAudiencesWithoutAzp() {
        assertRefused(token(Map.of("aud", List.of(MockOAuth2ServerResource.CLIENT_ID, "other"))), "azp");
    }

    @Test
    void rejectsAnotherNonceAndAMissingOne() {
        assertRefused(token(Map.of("nonce", "replayed")), "nonce");
        Map<String, Object> claims = baseClaims();
        claims.remove("nonce");
        assertRefused(issue(claims, "google"), "nonce");
    }

    @Test
    void rejectsATokenOfAnotherIssuer() {
        assertRefused(issue(baseClaims(), "some-other-issuer"), "signature not verifiable");
    }

    @Test
    void rejectsAnExpiredToken() {
        HttpUrl issuer = MockOAuth2ServerResource.server().issuerUrl("google");
        assertRefused(MockOAuth2ServerResource.server().anyToken(issuer, baseClaims(), Duration.ofHours(-1)).serialize(), "expired");
    }

    @Test
    void rejectsUnsignedAndHmacTokens() throws Exception {
        JWTClaimsSet claims = JWTClaimsSet.parse(baseClaimsWithIssuer());
        assertRefused(new PlainJWT(new PlainHeader(), claims).serialize(), "ID token refused");
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        hmac.sign(new MACSigner(MockOAuth2ServerResource.CLIENT_SECRET + "-padded-to-32-bytes-at-least"));
        assertRefused(hmac.serialize(), "ID token refused");
    }

    /**
     * Microsoft's multi-tenant issuer template: the token's iss must be the template filled with its own tid.
     * (mock-oauth2-server sets tid itself, so these tokens are signed by nimbus with a key served on a loopback JWKS.)
     */
    @Test
    void aTemplatedIssuerTakesTheTokensOwnTenantIdAndNoOther() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("ms-1").generate();
        HttpServer jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/keys", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
        try {
            String tid = "72f988bf-86f1-41af-91ab-2d7cd011db47";
            String template = "https://login.microsoftonline.com/{tenantid}/v2.0";
            OidcDiscovery.Endpoints endpoints = new OidcDiscovery.Endpoints(template, "unused", "unused", null,
                    "http://127.0.0.1:" + jwks.getAddress().getPort() + "/keys");
            String own = microsoftToken(key, template.replace("{tenantid}", tid), tid);
            assertThat(idTokens.verify(MockOAuth2ServerResource.CLIENT_ID, endpoints, own, NONCE)).containsEntry("tid", tid);

            String anotherTenants = microsoftToken(key, template.replace("{tenantid}", tid), "00000000-0000-0000-0000-000000000001");
            LoginFailed failure = assertThrows(LoginFailed.class,
                    () -> idTokens.verify(MockOAuth2ServerResource.CLIENT_ID, endpoints, anotherTenants, NONCE));
            assertThat(failure.auditReason()).contains("does not match its tenant id");
        } finally {
            jwks.stop(0);
        }
    }

    private static String microsoftToken(RSAKey key, String issuer, String tid) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject("subject-1")
                .audience(MockOAuth2ServerResource.CLIENT_ID).claim("tid", tid).claim("nonce", NONCE)
                .issueTime(new Date()).expirationTime(new Date(System.currentTimeMillis() + 600_000)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private Map<String, Object> verify(String idToken) {
        UpstreamProvider google = providers.social("google");
        return idTokens.verify(google.clientId(), discovery.endpoints(google.issuer()), idToken, NONCE);
    }

    private void assertRefused(String idToken, String reason) {
        LoginFailed failure = assertThrows(LoginFailed.class, () -> verify(idToken));
        assertThat(failure.auditReason()).contains(reason);
        assertThat(failure.error()).isEqualTo("invalid_response");
    }

    private static String token(Map<String, Object> overrides) {
        Map<String, Object> claims = baseClaims();
        claims.putAll(overrides);
        return issue(claims, "google");
    }

    private static String issue(Map<String, Object> claims, String issuerId) {
        HttpUrl issuer = MockOAuth2ServerResource.server().issuerUrl(issuerId);
        return MockOAuth2ServerResource.server().anyToken(issuer, claims, Duration.ofHours(1)).serialize();
    }

    private static Map<String, Object> baseClaims() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", "subject-1");
        claims.put("aud", MockOAuth2ServerResource.CLIENT_ID);
        claims.put("nonce", NONCE);
        return claims;
    }

    private static Map<String, Object> baseClaimsWithIssuer() {
        Map<String, Object> claims = baseClaims();
        claims.put("iss", MockOAuth2ServerResource.issuer("google"));
        claims.put("iat", System.currentTimeMillis() / 1000);
        claims.put("exp", System.currentTimeMillis() / 1000 + 600);
        return claims;
    }
}
