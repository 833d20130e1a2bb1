package dev.gatehouse.auth.oauth;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.gatehouse.auth.support.Browser;
import dev.gatehouse.auth.support.Gatehouse;
import dev.gatehouse.auth.support.MockOAuth2ServerResource;
import dev.gatehouse.auth.support.Nimbus;
import dev.gatehouse.auth.support.Sql;
import dev.gatehouse.auth.support.TenantServiceStack;
import dev.gatehouse.common.Secrets;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.gatehouse.auth.support.Gatehouse.PROJECT_ID;
import static dev.gatehouse.auth.support.Gatehouse.REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Social login against mock-oauth2-server as "Google": every ID token rule has its own refusal. */
@QuarkusTest
@WithTestResource(value = TenantServiceStack.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MockOAuth2ServerResource.class, scope = TestResourceScope.GLOBAL)
class OAuthLoginTest {

    @Inject
    DataSource dataSource;

    @Test
    void signsInWithGoogleAndReturnsToTheAppWithACode() throws Exception {
        String email = "g" + UUID.randomUUID().toString().substring(0, 8) + "@gmail.example";
        enqueue("google-sub-" + email, List.of(MockOAuth2ServerResource.CLIENT_ID),
                Map.of("email", email, "email_verified", true, "name", "Gina Google"), 3600);
        String authorizationUrl = start();
        assertThat(authorizationUrl).startsWith(MockOAuth2ServerResource.issuer("google"))
                .contains("code_challenge_method=S256").contains("nonce=").contains("state=");

        URI back = Browser.callback(Browser.visitIdp(authorizationUrl));
        assertThat(back.toString()).startsWith(REDIRECT + "?code=");
        var session = Gatehouse.exchange(Browser.query(back.toString()).get("code")).statusCode(200)
                .body("user.email", equalTo(email))
                .body("user.name", equalTo("Gina Google"))
                .body("user.oAuth.google", equalTo(true))
                .body("firstSeen", equalTo(true))
                .extract();
        JWTClaimsSet claims = Nimbus.verify(session.path("sessionJwt"));
        assertThat(claims.getStringListClaim("amr")).containsExactly("oauth");
        assertThat(claims.getStringClaim("email")).isEqualTo(email);
    }

    @Test
    void refusesAnIdTokenWithAnotherNonce() {
        enqueueDefault();
        String authorizationUrl = start();
        Map<String, String> callback = Browser.visitIdp(authorizationUrl);
        replaceNonce(callback.get("state"));
        assertRefused(Browser.callback(callback), "invalid_response");
        assertAudited("nonce");
    }

    @Test
    void refusesAnExpiredIdToken() {
        enqueue("s-" + UUID.randomUUID(), List.of(MockOAuth2ServerResource.CLIENT_ID), Map.of(), -3600);
        assertRefused(Browser.callback(Browser.visitIdp(start())), "invalid_response");
        assertAudited("expired");
    }

    @Test
    void stateIsSingleUse() {
        enqueueDefault();
        Map<String, String> callback = Browser.visitIdp(start());
        assertThat(Browser.callback(callback).toString()).contains("code=");
        assertRefused(Browser.callback(callback), "invalid_request");
    }

    @Test
    void providerErrorGoesBackToTheApp() {
        String state = Browser.query(start()).get("state");
        URI back = Browser.callback(Map.of("state", state, "error", "access_denied", "error_description", "user said no"));
        assertRefused(back, "access_denied");
    }

    @Test
    void unknownStateGetsAFriendlyPageNotARedirect() {
        RestAssured.given().redirects().follow(false).queryParam("state", "forged").queryParam("code", "x")
                .get("/v1/oauth/callback").then().statusCode(400).contentType(containsString("text/html"))
                .body(containsString("not valid"));
    }

    @Test
    void startRefusesUnknownProvidersAndForeignRedirects() {
        RestAssured.given().header("Authorization", "Bearer " + PROJECT_ID).queryParam("provider", "myspace")
                .queryParam("redirectURL", REDIRECT).post("/v1/auth/oauth/authorize")
                .then().statusCode(400).body("detail", containsString("unknown provider"));
        RestAssured.given().header("Authorization", "Bearer " + PROJECT_ID).queryParam("provider", "google")
                .queryParam("redirectURL", "https://evil.example/cb").post("/v1/auth/oauth/authorize")
                .then().statusCode(400).body("detail", containsString("allow-list"));
        RestAssured.given().queryParam("provider", "google").queryParam("redirectURL", REDIRECT)
                .post("/v1/auth/oauth/authorize").then().statusCode(401);
    }

    private static String start() {
        return RestAssured.given().header("Authorization", "Bearer " + PROJECT_ID).body("{}")
                .queryParam("provider", "google").queryParam("redirectURL", REDIRECT)
                .post("/v1/auth/oauth/authorize").then().statusCode(200).extract().path("url");
    }

    private static void enqueueDefault() {
        enqueue("s-" + UUID.randomUUID(), List.of(MockOAuth2ServerResource.CLIENT_ID), Map.of(), 3600);
    }

    private static void enqueue(String subject, List<String> audience, Map<String, Object> claims, long expirySeconds) {
        MockOAuth2ServerResource.server().enqueueCallback(
                new DefaultOAuth2TokenCallback("google", subject, "JWT", audience, claims, expirySeconds));
    }

    private static void assertRefused(URI back, String error) {
        Map<String, String> query = Browser.query(back.toString());
        assertThat(back.toString()).startsWith(REDIRECT);
        assertThat(query).doesNotContainKey("code");
        assertThat(query.get("error")).isEqualTo(error);
        assertThat(query.get("error_description")).isNotBlank();
    }

    private static void assertAudited(String reason) {
        Gatehouse.management().queryParam("action", "login.failure").get("/v1/mgmt/audit")
                .then().body("items[0].detail", containsString(reason));
    }

    void replaceNonce(String state) {
        Sql.update(dataSource, "update login_transaction set nonce = ? where state_hash = ?", "not-the-nonce-we-sent",
                Secrets.sha256(state));
    }
}
