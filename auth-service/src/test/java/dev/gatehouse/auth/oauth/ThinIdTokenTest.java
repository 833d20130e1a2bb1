package dev.gatehouse.auth.oauth;

import com.nimbusds.oauth2.sdk.TokenRequest;
import dev.gatehouse.auth.support.Browser;
import dev.gatehouse.auth.support.Gatehouse;
import dev.gatehouse.auth.support.MockOAuth2ServerResource;
import dev.gatehouse.auth.support.TenantServiceStack;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.gatehouse.auth.support.Gatehouse.PROJECT_ID;
import static dev.gatehouse.auth.support.Gatehouse.REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * OIDC Core §5.4: a provider may put the profile claims only into userinfo (Okta's org authorization server and
 * many enterprise IdPs send thin ID tokens). mock-oauth2-server plays such a provider: its ID token carries
 * {@code sub} alone, its access token (which its userinfo endpoint answers from) the email and name.
 */
@QuarkusTest
@WithTestResource(value = TenantServiceStack.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MockOAuth2ServerResource.class, scope = TestResourceScope.GLOBAL)
class ThinIdTokenTest {

    @Test
    void aThinIdTokenIsCompletedFromUserinfo() {
        String email = "t" + UUID.randomUUID().toString().substring(0, 8) + "@gmail.example";
        MockOAuth2ServerResource.server().enqueueCallback(new ThinIdToken("google", "thin-" + email,
                Map.of("email", email, "email_verified", true, "name", "Tina Thin")));
        requestsSoFar();
        URI back = Browser.callback(Browser.visitIdp(start()));
        Gatehouse.exchange(Browser.query(back.toString()).get("code")).statusCode(200)
                .body("user.email", equalTo(email))
                .body("user.name", equalTo("Tina Thin"));
        assertThat(requestsSoFar()).anyMatch(path -> path.endsWith("/google/userinfo"));
    }

    @Test
    void aTenantConnectionsThinIdTokenIsCompletedFromUserinfoToo() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String tenant = "thin-" + suffix;
        String issuerId = "thin-idp-" + suffix;
        // The tenant's IdP is trusted with addresses of its own verified domain only.
        Gatehouse.newOidcTenant(tenant, tenant + ".example", issuerId);
        String email = "okta-user@" + tenant + ".example";
        MockOAuth2ServerResource.server().enqueueCallback(new ThinIdToken(issuerId, "00u" + suffix,
                Map.of("email", email, "email_verified", true, "name", "Olga Okta")));
        requestsSoFar();
        String url = RestAssured.given().header("Authorization", "Bearer " + PROJECT_ID)
                .queryParam("tenant", tenant).queryParam("redirectURL", REDIRECT)
                .post("/v1/auth/sso/authorize").then().statusCode(200).extract().path("url");
        URI back = Browser.callback(Browser.visitIdp(url));
        Gatehouse.exchange(Browser.query(back.toString()).get("code")).statusCode(200)
                .body("user.email", equalTo(email))
                .body("user.name", equalTo("Olga Okta"));
        assertThat(requestsSoFar()).anyMatch(path -> path.endsWith("/" + issuerId + "/userinfo"));
    }

    /** The paths mock-oauth2-server was asked for since the last call. */
    private static List<String> requestsSoFar() {
        List<String> paths = new java.util.ArrayList<>();
        for (var request = take(); request != null; request = take()) {
            paths.add(request.getPath());
        }
        return paths;
    }

    /** The next recorded request, or null once the queue is empty (the mock says so with an exception). */
    private static okhttp3.mockwebserver.RecordedRequest take() {
        try {
            return MockOAuth2ServerResource.server().takeRequest(200, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (RuntimeException empty) {
            return null;
        }
    }

    private static String start() {
        return RestAssured.given().header("Authorization", "Bearer " + PROJECT_ID)
                .queryParam("provider", "google").queryParam("redirectURL", REDIRECT)
                .post("/v1/auth/oauth/authorize").then().statusCode(200).extract().path("url");
    }

    /** The ID token (minted first) gets no profile claims; the access token, and so userinfo, gets them. */
    static final class ThinIdToken implements OAuth2TokenCallback {
        private final String issuerId;
        private final String subject;
        private final Map<String, Object> profile;
        private final AtomicInteger minted = new AtomicInteger();

        ThinIdToken(String issuerId, String subject, Map<String, Object> profile) {
            this.issuerId = issuerId;
            this.subject = subject;
            this.profile = profile;
        }

        @Override
        public String issuerId() {
            return issuerId;
        }

        @Override
        public String subject(TokenRequest request) {
            return subject;
        }

        @Override
        public String typeHeader(TokenRequest request) {
            return "JWT";
        }

        @Override
        public List<String> audience(TokenRequest request) {
            return List.of(MockOAuth2ServerResource.CLIENT_ID);
        }

        @Override
        public Map<String, Object> addClaims(TokenRequest request) {
            return minted.getAndIncrement() == 0 ? Map.of() : profile;
        }

        @Override
        public long tokenExpiry() {
            return 3600;
        }
    }
}
