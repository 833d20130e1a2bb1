package dev.gatehouse.e2e;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

/**
 * The seed's story across the real services (design.md §3, issue "End to end"): every scenario through
 * headless Chromium against Keycloak as the tenants' SAML IdP and as "Google".
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndTest extends BrowserSuite {

    @BeforeAll
    static void acme() {
        stack.acmeWithKeycloakSaml();
    }

    @Test
    @Order(1)
    void signedOutPageOffersBothWaysIn() {
        browser.open(stack.uiUrl());
        assertThat(browser.text("status")).isEqualTo("You're not logged in");
        assertThat(browser.has("signin-google")).isTrue();
        assertThat(browser.has("signin-sso")).isTrue();
        browser.screenshot("01-signed-out");
    }

    @Test
    @Order(2)
    void socialLoginWithGoogle() {
        signInWithGoogle();
        assertThat(browser.text("name")).isEqualTo("Gina Google");
        assertThat(browser.text("email")).isEqualTo("gina@gmail.test");
        assertThat(browser.driver.getCurrentUrl()).isEqualTo(stack.uiUrl() + "/");
        browser.screenshot("02-signed-in-google");
    }

    @Test
    @Order(3)
    void logoutMakesTheOldRefreshTokenUseless() {
        signInWithGoogle();
        String refreshJwt = browser.driver.manage().getCookieNamed("DSR").getValue();
        browser.click("logout");
        browser.waitFor("signin-sso");
        assertThat(browser.text("status")).isEqualTo("You're not logged in");
        RestAssured.given().header("Authorization", "Bearer " + Stack.PROJECT_ID + ":" + refreshJwt)
                .post(stack.authUrl() + "/v1/auth/refresh").then().statusCode(401);
        browser.screenshot("03-logged-out");
    }

    @Test
    @Order(4)
    void ssoByEmailDomainSignsAliceIntoAcmeAsAdmin() {
        signInWithSso("alice@acme.test", "alice", "alice-password");
        assertThat(browser.text("name")).isEqualTo("Alice Admin");
        assertThat(browser.text("tenant")).startsWith("acme");
        assertThat(browser.has("admin-badge")).isTrue();
        stack.management().queryParam("tenant", "acme").get("/v1/mgmt/users").then().statusCode(200)
                .body("items.email", hasItem("alice@acme.test"));
        browser.screenshot("04-alice-admin");
    }

    @Test
    @Order(5)
    void bobOfStaffHasNoBadge() {
        signInWithSso("bob@acme.test", "bob", "bob-password");
        assertThat(browser.text("name")).isEqualTo("Bob Staff");
        assertThat(browser.has("admin-badge")).isFalse();
        browser.open(stack.uiUrl() + "/admin/sso");
        assertThat(browser.has("forbidden")).isTrue();
        browser.screenshot("05-bob-no-badge");
    }

    @Test
    @Order(6)
    void revokingAlicesRoleRemovesTheBadgeAfterTheNextRefresh() {
        signInWithSso("alice@acme.test", "alice", "alice-password");
        assertThat(browser.has("admin-badge")).isTrue();
        String alice = stack.management().queryParam("email", "alice@acme.test").get("/v1/mgmt/users").then().extract().path("items[0].userId");
        stack.management().delete("/v1/mgmt/tenants/acme/users/" + alice + "/roles/Tenant Admin").then().statusCode(200);
        // Past the session JWT's expiry plus the verifiers' 5 s clock-skew allowance.
        ServiceProcess.sleep(Stack.SESSION_TTL.toMillis() + 7000);
        browser.open(stack.uiUrl());
        browser.waitFor("status");
        assertThat(browser.text("status")).isEqualTo("Welcome! you're logged in");
        assertThat(browser.has("admin-badge")).isFalse();
        stack.management().put("/v1/mgmt/tenants/acme/users/" + alice + "/roles/Tenant Admin").then().statusCode(200);
    }

    @Test
    @Order(7)
    void selfServiceSetupLinkConfiguresANewTenant() {
        stack.management().body(Map.of("id", "globex", "name", "Globex")).post("/v1/mgmt/tenants").then().statusCode(201);
        String secret = stack.management().body(Map.of()).post("/v1/mgmt/tenants/globex/setup-links").then().statusCode(201)
                .extract().path("secret");
        browser.forgetEverything();
        browser.open(stack.uiUrl() + "/setup/" + secret);
        browser.waitFor("acs-url");
        assertThat(browser.driver.findElement(org.openqa.selenium.By.id("acs-url")).getAttribute("value"))
                .isEqualTo(stack.authUrl() + "/saml/acs/globex");
        browser.type("metadata-url", stack.realmUrl() + "/protocol/saml/descriptor");
        browser.click("save-idp");
        browser.waitFor("idp-current");
        browser.type("domain", "globex.test");
        browser.click("add-domain");
        // A domain claimed through a setup link waits for DNS proof; the page shows the record to create.
        browser.waitFor("pending-globex.test");
        assertThat(browser.driver.findElement(org.openqa.selenium.By.id("txt-globex.test")).getAttribute("value"))
                .startsWith("_gatehouse-challenge.globex.test TXT \"gh-verify=");
        // No DNS here for globex.test: the project admin vouches for it (the audited override).
        stack.management().body(Map.of("force", true)).post("/v1/mgmt/tenants/globex/domains/globex.test/verify")
                .then().statusCode(200);
        browser.type("group-mappings", "admins = Tenant Admin");
        browser.click("save-groups");
        browser.waitFor("idp-current");
        browser.screenshot("07-setup-page");

        signInWithSso("carol@globex.test", "carol", "carol-password");
        assertThat(browser.text("tenant")).startsWith("globex");
        assertThat(browser.has("admin-badge")).isTrue();
        stack.management().queryParam("tenant", "globex").queryParam("size", 200).get("/v1/mgmt/audit").then()
                .body("items.action", hasItem("setup-link.create"))
                .body("items.action", hasItem("setup-link.use"))
                .body("items.action", hasItem("sso.connection.set"))
                .body("items.action", hasItem("tenant.domain.add"))
                .body("items.action", hasItem("tenant.domain.verify"))
                .body("items.action", hasItem("sso.mappings.set"))
                .body("items.action", hasItem("user.login"));

        // The setup link's holder sees carol's sign-in, and a refused one in plain words with what to change.
        RestAssured.given().formParam("SAMLResponse", java.util.Base64.getEncoder().encodeToString(
                        "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"/>".getBytes()))
                .redirects().follow(false).post(stack.authUrl() + "/saml/acs/globex").then().statusCode(400);
        browser.open(stack.uiUrl() + "/setup/" + secret + "/events");
        browser.waitFor("event-0");
        assertThat(browser.text("event-0-plain")).contains("started at the IdP");
        assertThat(browser.text("event-0-advice")).contains("Start the sign-in from the application");
        assertThat(browser.text("event-1")).contains("Signed in").contains("carol@globex.test");
        browser.screenshot("07b-sign-in-events");
    }

    @Test
    @Order(8)
    void aCrashOfAuthServiceLosesNoSession() {
        signInWithSso("alice@acme.test", "alice", "alice-password");
        stack.crashAndRestartAuth();
        // Past the session JWT's expiry plus the verifiers' 5 s clock-skew allowance.
        ServiceProcess.sleep(Stack.SESSION_TTL.toMillis() + 7000);
        browser.open(stack.uiUrl());
        browser.waitFor("status");
        assertThat(browser.text("status")).isEqualTo("Welcome! you're logged in");
        assertThat(browser.text("name")).isEqualTo("Alice Admin");
    }

    @Test
    @Order(9)
    void twoReplicasOfEveryServiceWithoutStickinessShareSignInExchangeRefreshAndLogout() {
        // Replica b of auth-service asks replica b of tenant-service; a asks a. Nothing is sticky.
        stack.startSecondReplicas();
        String a = stack.authUrl();
        String b = stack.authReplicaUrl();
        String probe = stack.uiUrl() + "/replica-probe";
        String url = RestAssured.given().header("Authorization", "Bearer " + Stack.PROJECT_ID)
                .queryParam("provider", "google").queryParam("redirectURL", probe)
                .post(b + "/v1/auth/oauth/authorize").then().statusCode(200).extract().path("url");
        browser.forgetEverything();
        browser.open(url);
        browser.keycloakLogin("gina", "gina-password");
        browser.waitForUrl(probe);
        String code = query(browser.driver.getCurrentUrl()).get("code");

        String refresh = RestAssured.given().contentType(ContentType.JSON).header("Authorization", "Bearer " + Stack.PROJECT_ID)
                .body(Map.of("code", code)).post(b + "/v1/auth/oauth/exchange").then().statusCode(200).extract().path("refreshJwt");
        refresh = refresh(a, refresh);
        refresh = refresh(b, refresh);
        refresh = refresh(a, refresh);
        RestAssured.given().header("Authorization", "Bearer " + Stack.PROJECT_ID + ":" + refresh)
                .post(b + "/v1/auth/logout").then().statusCode(200);
        RestAssured.given().header("Authorization", "Bearer " + Stack.PROJECT_ID + ":" + refresh)
                .post(a + "/v1/auth/refresh").then().statusCode(401);

        // app-ui keeps nothing but signed cookies: a visitor signed in through one replica is signed in on the other.
        signInWithGoogle();
        browser.open(stack.uiReplicaUrl());
        browser.waitFor("name");
        assertThat(browser.text("name")).isEqualTo("Gina Google");
        browser.click("logout");
        browser.waitFor("signin-sso");
        browser.open(stack.uiUrl());
        assertThat(browser.text("status")).isEqualTo("You're not logged in");
        stack.stopSecondReplicas();
    }

    @Test
    @Order(10)
    void aLoginFinishedInAnotherBrowserIsRefused() {
        // The attacker starts a login in their browser and sends the IdP's URL to a victim, whose browser would
        // finish it and, without the binding, be signed in as whoever authenticated at the IdP.
        browser.forgetEverything();
        browser.open(stack.uiUrl());
        browser.type("email", "bob@acme.test");
        browser.click("signin-sso");
        browser.waitFor("username");
        String idpLoginPage = browser.driver.getCurrentUrl();
        try (Browser victim = new Browser()) {
            victim.open(idpLoginPage);
            victim.keycloakLogin("bob", "bob-password");
            victim.waitForUrl(stack.uiUrl());
            victim.waitFor("status");
            assertThat(victim.text("status")).isEqualTo("You're not logged in");
            assertThat(victim.driver.getPageSource()).contains("not started in this browser");
            assertThat(victim.driver.manage().getCookieNamed("DS")).isNull();
            victim.screenshot("10-login-csrf-refused");
        }
        signInWithSso("bob@acme.test", "bob", "bob-password");
        assertThat(browser.text("name")).isEqualTo("Bob Staff");
    }

    @Test
    @Order(11)
    void aNoisyClientBehindAppUiNeverThrottlesAnother() {
        // Both reach app-ui through a trusted proxy (this test, on loopback) that names them in X-Forwarded-For;
        // app-ui forwards each one's address to auth-service, whose login-start limit is 60 a minute per client.
        int noisyStatus = 0;
        for (int i = 0; i < 125 && noisyStatus != 429; i++) {
            noisyStatus = startSsoThroughAppUi("203.0.113.50").statusCode();
        }
        assertThat(noisyStatus).isEqualTo(429);
        assertThat(startSsoThroughAppUi("198.51.100.60").statusCode()).isEqualTo(303);
    }

    @Test
    @Order(12)
    void bothSecretKeysRotateWhileServicesRunAndSessionsStayAlive() {
        signInWithSso("alice@acme.test", "alice", "alice-password");
        String refresh = browser.driver.manage().getCookieNamed("DSR").getValue();
        stack.management().body(Map.of("id", "keyrot", "name", "Key rotation")).post("/v1/mgmt/tenants").then().statusCode(201);
        stack.management().body(Map.of("type", "oidc", "oidc", Map.of("issuer", stack.realmUrl(), "clientId", "gatehouse-google",
                "clientSecret", "rotate-me"))).put("/v1/mgmt/tenants/keyrot/sso").then().statusCode(200);
        String kid = RestAssured.get(stack.authUrl() + "/oauth2/jwks").then().extract().path("keys[0].kid");

        String newKek = "bmV3LWUyZS1rZXktZW5jcnlwdGlvbi1rZXktMzJieXQ=";
        String newSecretKey = "bmV3LWUyZS1zZWNyZXQta2V5LTMyLWJ5dGVzLWxvbmc=";
        // Steps 2 and 3 of deploy/README.md: new keys current, old ones previous, then re-seal.
        stack.restartWithKeys(Map.of("GATEHOUSE_KEYS_ENCRYPTION_KEY", newKek, "GATEHOUSE_KEYS_PREVIOUS_ENCRYPTION_KEYS", Stack.ENCRYPTION_KEY),
                Map.of("GATEHOUSE_SECRET_KEY", newSecretKey, "GATEHOUSE_PREVIOUS_SECRET_KEYS", Stack.SECRET_KEY), "rotating");
        refresh = refresh(stack.authUrl(), refresh);
        internal().post(stack.authUrl() + "/internal/keys/reseal").then().statusCode(200)
                .body("onOtherKeys", org.hamcrest.Matchers.equalTo(0));
        internal().post(stack.tenantUrl() + "/internal/secrets/reseal").then().statusCode(200)
                .body("onOtherKeys", org.hamcrest.Matchers.equalTo(0));
        // Step 4: the old keys are gone; everything still opens, the session lives on.
        stack.restartWithKeys(Map.of("GATEHOUSE_KEYS_ENCRYPTION_KEY", newKek), Map.of("GATEHOUSE_SECRET_KEY", newSecretKey), "rotated");
        refresh(stack.authUrl(), refresh);
        internal().get(stack.tenantUrl() + "/internal/tenants/keyrot").then().statusCode(200)
                .body("connection.oidcClientSecret", org.hamcrest.Matchers.equalTo("rotate-me"));
        RestAssured.get(stack.authUrl() + "/oauth2/jwks").then().body("keys.kid", hasItem(kid));
        signInWithSso("bob@acme.test", "bob", "bob-password");
        assertThat(browser.text("name")).isEqualTo("Bob Staff");
    }

    private static RequestSpecification internal() {
        return RestAssured.given().header("Authorization", "Bearer " + Stack.INTERNAL_TOKEN);
    }

    private static io.restassured.response.Response startSsoThroughAppUi(String client) {
        var page = RestAssured.given().header("X-Forwarded-For", client).get(stack.uiUrl() + "/");
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"")
                .matcher(page.asString());
        assertThat(csrf.find()).isTrue();
        return RestAssured.given().redirects().follow(false).header("X-Forwarded-For", client).cookies(page.getCookies())
                .contentType("application/x-www-form-urlencoded")
                .formParams(Map.of("email", "bob@acme.test", "csrf-token", csrf.group(1)))
                .post(stack.uiUrl() + "/login/sso");
    }

    private static String refresh(String replica, String refreshJwt) {
        return RestAssured.given().header("Authorization", "Bearer " + Stack.PROJECT_ID + ":" + refreshJwt)
                .post(replica + "/v1/auth/refresh").then().statusCode(200).extract().path("refreshJwt");
    }

    private static void signInWithGoogle() {
        browser.forgetEverything();
        browser.open(stack.uiUrl());
        browser.click("signin-google");
        browser.keycloakLogin("gina", "gina-password");
        browser.waitForUrl(stack.uiUrl());
        browser.waitFor("name");
    }

    private static void signInWithSso(String email, String username, String password) {
        browser.forgetEverything();
        browser.open(stack.uiUrl());
        browser.type("email", email);
        browser.click("signin-sso");
        browser.keycloakLogin(username, password);
        browser.waitForUrl(stack.uiUrl());
        browser.waitFor("name");
    }

    private static Map<String, String> query(String url) {
        Map<String, String> params = new java.util.HashMap<>();
        String raw = URI.create(url).getRawQuery();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int eq = pair.indexOf('=');
            params.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
        }
        return params;
    }
}
