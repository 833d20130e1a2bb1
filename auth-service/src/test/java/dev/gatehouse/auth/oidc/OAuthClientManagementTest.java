package dev.gatehouse.auth.oidc;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import dev.gatehouse.auth.session.OneTimeCodes;
import dev.gatehouse.auth.support.CookieBrowser;
import dev.gatehouse.auth.support.Gatehouse;
import dev.gatehouse.auth.support.MockOAuth2ServerResource;
import dev.gatehouse.auth.support.MutableClock;
import dev.gatehouse.auth.support.ProviderFace;
import dev.gatehouse.auth.support.TenantServiceStack;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.gatehouse.auth.oidc.OpenIdProviderTest.tokenError;
import static dev.gatehouse.auth.support.ProviderFace.APP;
import static dev.gatehouse.auth.support.ProviderFace.clientManagement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

/**
 * The provider's clients through the management API: only a management key opens it (a tenant admin is not a project
 * admin), what is registered is checked, secrets are shown once and rotate with an overlap, deletion ends sessions.
 */
@QuarkusTest
@WithTestResource(value = TenantServiceStack.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MockOAuth2ServerResource.class, scope = TestResourceScope.GLOBAL)
class OAuthClientManagementTest {

    @Inject
    OneTimeCodes codes;

    @Inject
    MutableClock clock;

    @Test
    void onlyAManagementKeyOpensIt() {
        RestAssured.given().contentType(ContentType.JSON).get("/v1/mgmt/oauth-clients").then().statusCode(401)
                .contentType("application/problem+json");
        RestAssured.given().header("Authorization", "Bearer " + Gatehouse.PROJECT_ID + ":not-a-key")
                .get("/v1/mgmt/oauth-clients").then().statusCode(401).body("detail", containsString("management key"));
        // A tenant's admin manages their tenant in tenant-service; the project's OAuth clients are not theirs.
        String tenant = Gatehouse.newTenant();
        String admin = Gatehouse.newUser(tenant, List.of("Tenant Admin"));
        String sessionJwt = Gatehouse.exchange(Gatehouse.codeFor(codes, admin, tenant)).statusCode(200).extract().path("sessionJwt");
        RestAssured.given().contentType(ContentType.JSON).header("Authorization", "Bearer " + sessionJwt)
                .body(Map.of("name", "Sneaky", "redirectUris", List.of("https://tenant-b.example/cb")))
                .post("/v1/mgmt/oauth-clients").then().statusCode(401);
    }

    @Test
    void aSecretIsShownOnceAndStoredHashed() {
        ProviderFace.Client client = ProviderFace.confidential("Shown once");
        assertThat(client.secret()).hasSizeGreaterThan(40);
        clientManagement().get("/v1/mgmt/oauth-clients/" + client.id()).then().statusCode(200)
                .body("$", not(hasKey("clientSecret")))
                .body("tokenEndpointAuthMethod", equalTo("client_secret_basic"))
                .body("secrets.size()", equalTo(1))
                .body("redirectUris", equalTo(List.of(APP)));
        assertThat(clientManagement().get("/v1/mgmt/oauth-clients").asString()).doesNotContain(client.secret());
        ProviderFace.Client pub = ProviderFace.register(Map.of("name", "SPA", "type", "public", "redirectUris", List.of(APP)));
        assertThat(pub.secret()).isNull();
        clientManagement().get("/v1/mgmt/oauth-clients/" + pub.id()).then().body("tokenEndpointAuthMethod", equalTo("none"));
    }

    @Test
    void whatIsRegisteredIsChecked() throws Exception {
        refused(Map.of("name", "No https", "redirectUris", List.of("http://app.example/cb")), "must use https");
        refused(Map.of("name", "Script", "redirectUris", List.of("javascript:alert(1)")), "reverse-domain");
        refused(Map.of("name", "Fragment", "redirectUris", List.of("https://app.example/cb#x")), "without fragment");
        refused(Map.of("name", "Relative", "redirectUris", List.of("/cb")), "must be absolute");
        refused(Map.of("name", "No redirect", "redirectUris", List.of()), "at least one");
        refused(Map.of("name", "Public machine", "type", "public", "grantTypes", List.of("client_credentials")), "client_credentials");
        refused(Map.of("name", "Public secret", "type", "public", "tokenEndpointAuthMethod", "client_secret_basic",
                "redirectUris", List.of(APP)), "tokenEndpointAuthMethod");
        refused(Map.of("name", "Password", "grantTypes", List.of("password"), "redirectUris", List.of(APP)), "grantTypes");
        refused(Map.of("name", "No keys", "tokenEndpointAuthMethod", "private_key_jwt", "redirectUris", List.of(APP)), "jwks");
        RSAKey key = new RSAKeyGenerator(2048).generate();
        refused(Map.of("name", "Private keys", "tokenEndpointAuthMethod", "private_key_jwt", "redirectUris", List.of(APP),
                "jwks", Map.of("keys", List.of(key.toJSONObject()))), "public keys only");
        refused(Map.of("redirectUris", List.of(APP)), "name is required");
        // Loopback http and native apps' private-use schemes are fine (RFC 8252 §7).
        ProviderFace.register(Map.of("name", "Native", "type", "public",
                "redirectUris", List.of("http://127.0.0.1:53682/cb", "com.example.app:/oauth2redirect")));
    }

    @Test
    void aRotatedSecretOverlapsThenEnds() throws Exception {
        ProviderFace.Client client = ProviderFace.confidential("Rotating");
        String second = clientManagement().body(Map.of("overlapSeconds", 3600)).post("/v1/mgmt/oauth-clients/" + client.id() + "/secret")
                .then().statusCode(200).extract().path("clientSecret");
        assertThat(machineToken(client.id(), client.secret())).isEqualTo(200);
        assertThat(machineToken(client.id(), second)).isEqualTo(200);
        String third = clientManagement().body(Map.of("overlapSeconds", 0)).post("/v1/mgmt/oauth-clients/" + client.id() + "/secret")
                .then().statusCode(200).extract().path("clientSecret");
        assertThat(machineToken(client.id(), client.secret())).isEqualTo(401);
        assertThat(machineToken(client.id(), second)).isEqualTo(401);
        assertThat(machineToken(client.id(), third)).isEqualTo(200);
        clientManagement().body(Map.of("overlapSeconds", 99_999_999)).post("/v1/mgmt/oauth-clients/" + client.id() + "/secret")
                .then().statusCode(400);
    }

    @Test
    void aRefreshNeedsALiveSecretAndTheGrantAndARefusedOneSpendsNothing() throws Exception {
        ProviderFace.Client client = ProviderFace.confidential("Refreshing");
        ClientSecretBasic first = new ClientSecretBasic(client.clientId(), new Secret(client.secret()));
        OIDCTokens tokens = OpenIdProviderTest.signIn(new CookieBrowser(), client, first);
        RefreshTokenGrant grant = new RefreshTokenGrant(tokens.getRefreshToken());
        // Whoever lacks the secret learns nothing about the token: invalid_client for a good one and a forged one alike.
        ClientSecretBasic wrong = new ClientSecretBasic(client.clientId(), new Secret("wrong"));
        assertThat(tokenError(wrong, grant)).isEqualTo("invalid_client");
        assertThat(tokenError(wrong, new RefreshTokenGrant(new RefreshToken("forged")))).isEqualTo("invalid_client");
        // A secret ended by a rotation refreshes nothing.
        String second = clientManagement().body(Map.of("overlapSeconds", 0)).post("/v1/mgmt/oauth-clients/" + client.id() + "/secret")
                .then().statusCode(200).extract().path("clientSecret");
        assertThat(tokenError(first, grant)).isEqualTo("invalid_client");
        // A client whose refresh_token grant was taken away refreshes nothing either.
        Map<String, Object> registration = Map.of("name", "Refreshing", "redirectUris", List.of(APP),
                "grantTypes", List.of("authorization_code", "refresh_token"));
        clientManagement().body(Map.of("name", "Refreshing", "redirectUris", List.of(APP), "grantTypes", List.of("authorization_code")))
                .put("/v1/mgmt/oauth-clients/" + client.id()).then().statusCode(200);
        ClientSecretBasic current = new ClientSecretBasic(client.clientId(), new Secret(second));
        assertThat(tokenError(current, grant)).isEqualTo("unauthorized_client");
        clientManagement().body(registration).put("/v1/mgmt/oauth-clients/" + client.id()).then().statusCode(200);
        // None of those spent the token: past the reuse interval it is still the current one, not a reused predecessor.
        clock.advance(Duration.ofSeconds(11));
        OIDCTokens refreshed = OpenIdProviderTest.tokens(current, grant);
        // A client moved to private_key_jwt: its secrets authenticate nothing.
        RSAKey key = new RSAKeyGenerator(2048).keyID("moved-1").generate();
        clientManagement().body(Map.of("name", "Refreshing", "redirectUris", List.of(APP), "tokenEndpointAuthMethod", "private_key_jwt",
                        "jwks", new JWKSet(key.toPublicJWK()).toJSONObject()))
                .put("/v1/mgmt/oauth-clients/" + client.id()).then().statusCode(200);
        assertThat(tokenError(current, new RefreshTokenGrant(refreshed.getRefreshToken()))).isEqualTo("invalid_client");
    }

    @Test
    void deletingAClientEndsItsSessions() throws Exception {
        ProviderFace.Client client = ProviderFace.confidential("Short-lived");
        ClientSecretBasic auth = new ClientSecretBasic(client.clientId(), new Secret(client.secret()));
        OIDCTokens tokens = OpenIdProviderTest.signIn(new CookieBrowser(), client, auth);
        clientManagement().delete("/v1/mgmt/oauth-clients/" + client.id()).then().statusCode(204);
        assertThat(tokenError(auth, new RefreshTokenGrant(tokens.getRefreshToken()))).isEqualTo("invalid_client");
        RestAssured.given().header("Authorization", "Bearer " + tokens.getAccessToken().getValue()).get("/oauth2/userinfo")
                .then().statusCode(401);
        clientManagement().get("/v1/mgmt/oauth-clients/" + client.id()).then().statusCode(404);
        assertThat(tokenError(auth, new ClientCredentialsGrant())).isEqualTo("invalid_client");
    }

    @Test
    void aWebOriginIsAllowedAsSoonAsItsClientIsRegisteredAndRefusedAsSoonAsTheClientDropsIt() {
        // Re-read after each change commits (not within 30 s): a browser app works at once, a dropped origin stops at once.
        String first = "https://rp-" + UUID.randomUUID() + ".example";
        String second = "https://rp-" + UUID.randomUUID() + ".example";
        assertThat(preflight(first)).isEqualTo(403);
        ProviderFace.Client client = ProviderFace.register(Map.of("name", "Origins", "redirectUris", List.of(first + "/callback"),
                "grantTypes", List.of("authorization_code")));
        assertThat(preflight(first)).isEqualTo(204);
        clientManagement().body(Map.of("name", "Origins", "redirectUris", List.of(second + "/callback"),
                "grantTypes", List.of("authorization_code"))).put("/v1/mgmt/oauth-clients/" + client.id()).then().statusCode(200);
        assertThat(preflight(first)).isEqualTo(403);
        assertThat(preflight(second)).isEqualTo(204);
        // A registration refused by its checks adds nothing.
        String refused = "https://rp-" + UUID.randomUUID() + ".example";
        clientManagement().body(Map.of("name", "Refused", "redirectUris", List.of(refused + "/callback"),
                "grantTypes", List.of("implicit"))).post("/v1/mgmt/oauth-clients").then().statusCode(400);
        assertThat(preflight(refused)).isEqualTo(403);
        clientManagement().delete("/v1/mgmt/oauth-clients/" + client.id()).then().statusCode(204);
        assertThat(preflight(second)).isEqualTo(403);
    }

    private static int preflight(String origin) {
        return RestAssured.given().header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .options("/oauth2/token").statusCode();
    }

    private static int machineToken(String clientId, String secret) {
        return RestAssured.given().auth().preemptive().basic(clientId, secret).formParam("grant_type", "client_credentials")
                .post("/oauth2/token").statusCode();
    }

    private static void refused(Map<String, Object> registration, String detail) {
        clientManagement().body(registration).post("/v1/mgmt/oauth-clients").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString(detail));
    }
}
