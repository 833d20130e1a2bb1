package dev.gatehouse.e2e;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.Credential;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Passkeys in Chromium, created and used by its virtual authenticator (the Chrome DevTools WebAuthn domain: an
 * authenticator nobody here wrote, with user verification): a signed-in user adds one in the demo app and signs in
 * with it, and steps a session up with it ("Confirm it's you"); an assertion made on a page of another origin, one for another user's sign-in, and one from a cloned
 * authenticator whose counter lags are each refused by auth-service.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PasskeyEndToEndTest extends BrowserSuite {
    static VirtualAuthenticator authenticator;
    static String email;

    @BeforeAll
    static void start() {
        authenticator = ((HasVirtualAuthenticator) browser.driver).addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                .setHasResidentKey(true).setHasUserVerification(true).setIsUserVerified(true)
                .setIsUserConsenting(true));
        email = "passkey-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    }

    @Test
    @Order(1)
    void aSignedInUserAddsAPasskeyAndSignsInWithIt() throws Exception {
        EmailSignInEndToEndTest.signInByCode(browser, stack, email);
        browser.click("passkeys");
        browser.waitFor("add-passkey");
        browser.click("add-passkey");
        awaitShown("passkey-message");
        assertThat(browser.text("passkey-message")).contains("Passkey added");
        browser.screenshot("passkey-01-added");
        assertThat(authenticator.getCredentials()).hasSize(1);

        // "Confirm it's you" (what SSO setup asks of an older session): the passkey steps this session up.
        browser.open(stack.uiUrl() + "/account/confirm?next=/");
        browser.waitFor("confirm-passkey");
        browser.screenshot("passkey-02-confirm-its-you");
        browser.click("confirm-passkey");
        new WebDriverWait(browser.driver, Duration.ofSeconds(30)).until(d -> !d.findElements(By.id("methods")).isEmpty());
        assertThat(browser.text("methods")).isEqualTo("otp, webauthn");

        browser.click("logout");
        browser.waitFor("signin-passkey");
        browser.screenshot("passkey-03-sign-in-page");
        browser.click("signin-passkey");
        browser.waitFor("methods");
        assertThat(browser.text("methods")).isEqualTo("webauthn");
        assertThat(browser.text("email")).isEqualTo(email);
        assertThat(browser.text("two-step")).isEqualTo("Two-step verification is on");
        browser.screenshot("passkey-04-signed-in");
    }

    @Test
    @Order(2)
    void anAssertionMadeOnAPageOfAnotherOriginIsRefused() throws Exception {
        // auth-service's own origin: the same relying party id (localhost), but not a page allowed to use passkeys.
        browser.open(stack.authUrl() + "/q/health/live");
        signInAnsweredInThisPage(email).statusCode(401).body("errorCode", equalTo("E065002"))
                .body("detail", containsString("origin"));
    }

    @Test
    @Order(3)
    void aPasskeyDoesNotSignInAnotherAccount() throws Exception {
        String other = "passkey-other-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        EmailSignInEndToEndTest.signInByCode(browser, stack, other);
        browser.click("logout");
        browser.waitFor("signin-passkey");
        // A sign-in for the other user, answered by the first user's passkey (the only one this browser has).
        signInAnsweredInThisPage(other).statusCode(401).body("errorCode", equalTo("E065002"))
                .body("detail", containsString("does not sign in this account"));
    }

    @Test
    @Order(4)
    void aClonedAuthenticatorWhoseCounterLagsIsRefused() {
        Credential original = authenticator.getCredentials().get(0);
        assertThat(original.getSignCount()).isPositive();
        HasVirtualAuthenticator webauthn = (HasVirtualAuthenticator) browser.driver;
        webauthn.removeVirtualAuthenticator(authenticator);
        authenticator = webauthn.addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                .setHasResidentKey(true).setHasUserVerification(true).setIsUserVerified(true));
        authenticator.addCredential(Credential.createResidentCredential(original.getId(), "localhost",
                original.getPrivateKey(), original.getUserHandle(), 0));

        browser.forgetEverything();
        browser.open(stack.uiUrl());
        browser.waitFor("signin-passkey");
        browser.click("signin-passkey");
        awaitShown("passkey-error");
        assertThat(browser.text("passkey-error")).contains("counter");
        assertThat(browser.has("methods")).isFalse();
        browser.screenshot("passkey-05-cloned-authenticator-refused");
    }

    /**
     * A sign-in for {@code loginId} started at auth-service as the demo app would, answered by the browser in the
     * current page (running the demo app's own passkeys.js there), and finished at auth-service.
     */
    @SuppressWarnings("unchecked")
    private static ValidatableResponse signInAnsweredInThisPage(String loginId) throws Exception {
        Map<String, Object> started = RestAssured.given().baseUri(stack.authUrl()).contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + Stack.PROJECT_ID)
                .body(Map.of("loginId", loginId, "origin", stack.uiUrl()))
                .post("/v1/auth/webauthn/signin/start").then().statusCode(200).extract().as(Map.class);
        String script = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.uiUrl() + "/passkeys.js")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        JavascriptExecutor page = (JavascriptExecutor) browser.driver;
        page.executeScript(script);
        String response = (String) page.executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "window.gatehousePasskeys.get(arguments[0]).then(done, function (e) { done('failed: ' + e); });",
                started.get("options"));
        assertThat(response).startsWith("{");
        return RestAssured.given().baseUri(stack.authUrl()).contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + Stack.PROJECT_ID)
                .body(Map.of("transactionId", started.get("transactionId"), "response", response))
                .post("/v1/auth/webauthn/signin/finish").then();
    }

    private static void awaitShown(String id) {
        new WebDriverWait(browser.driver, Duration.ofSeconds(30)).until(d -> {
            List<org.openqa.selenium.WebElement> found = d.findElements(By.id(id));
            return !found.isEmpty() && found.get(0).isDisplayed() && !found.get(0).getText().isBlank();
        });
    }
}
