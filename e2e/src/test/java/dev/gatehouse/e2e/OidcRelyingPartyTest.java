package dev.gatehouse.e2e;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any app through the OpenID Provider face: the oidc-example module, which is nothing but quarkus-oidc
 * ({@code application-type=web-app}), signs users in through Gatehouse in Chromium, reads their roles from the ID
 * token, and signs them out (RP-initiated logout). Upstream: Keycloak as acme's SAML IdP and as "Google".
 */
class OidcRelyingPartyTest extends BrowserSuite {
    static String app;

    @BeforeAll
    static void startTheApp() {
        stack.acmeWithKeycloakSaml();
        int port = Stack.freePort();
        String url = "http://localhost:" + port;
        var client = RestAssured.given().baseUri(stack.authUrl()).contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + Stack.PROJECT_ID + ":" + Stack.MANAGEMENT_KEY)
                .body(Map.of("name", "OIDC example", "redirectUris", List.of(url + "/callback"),
                        "postLogoutRedirectUris", List.of(url + "/signed-out")))
                .post("/v1/mgmt/oauth-clients").then().statusCode(201).extract();
        app = stack.startOidcExample(port, client.path("client.clientId"), client.path("clientSecret"));
    }

    @Test
    void anAdminSignsInThroughTheHostedPageAndOutAgain() {
        browser.forgetEverything();
        browser.open(app + "/admin");
        // Gatehouse's hosted sign-in page: home-realm discovery by email sends alice to acme's IdP.
        browser.waitFor("signin-sso");
        assertThat(browser.text("status")).contains("OIDC example");
        browser.screenshot("oidc-01-hosted-sign-in");
        browser.type("email", "alice@acme.test");
        browser.click("signin-sso");
        browser.keycloakLogin("alice", "alice-password");
        browser.waitForUrl(app);
        browser.waitFor("admin-area");
        assertThat(browser.text("email")).isEqualTo("alice@acme.test");
        assertThat(browser.text("tenant")).isEqualTo("acme");
        assertThat(browser.text("roles")).contains("Tenant Admin");
        browser.screenshot("oidc-02-signed-in-admin");

        // Beyond the session JWT's lifetime the app refreshes silently and alice stays in.
        sleep(Stack.SESSION_TTL.plusSeconds(2).toMillis());
        browser.open(app + "/admin");
        browser.waitFor("admin-area");

        browser.click("logout");
        browser.waitFor("signed-out");
        // The provider's browser session has ended too: the app's next visit meets the sign-in page again.
        browser.open(app + "/");
        browser.waitFor("signin-sso");
    }

    @Test
    void aSocialUserSignsInWithoutTheAdminRole() {
        browser.forgetEverything();
        browser.open(app + "/");
        browser.waitFor("signin-google");
        browser.click("signin-google");
        browser.keycloakLogin("gina", "gina-password");
        browser.waitForUrl(app);
        browser.waitFor("email");
        assertThat(browser.text("roles")).doesNotContain("Tenant Admin");
        browser.open(app + "/admin");
        assertThat(browser.has("admin-area")).isFalse();
        assertThat(browser.driver.getPageSource()).contains("403");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
