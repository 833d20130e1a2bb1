package dev.gatehouse.auth.passkeys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.auth.session.OneTimeCodes;
import dev.gatehouse.auth.support.Gatehouse;
import dev.gatehouse.auth.support.MockOAuth2ServerResource;
import dev.gatehouse.auth.support.SmtpServer;
import dev.gatehouse.auth.support.TenantServiceStack;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.auth.support.Gatehouse.PROJECT_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The passkey endpoints' rules that need no authenticator (the ceremonies themselves run in Chromium's virtual
 * authenticator: e2e PasskeyEndToEndTest): options as the browser needs them, passkeys only for signed-in
 * accounts, allowed origins, single-use transactions, malformed responses, and no second factor added to an
 * account by a session that has not proved its first.
 */
@QuarkusTest
@WithTestResource(value = TenantServiceStack.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MockOAuth2ServerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = SmtpServer.class, scope = TestResourceScope.GLOBAL)
class PasskeyApiTest {

    private static final String ORIGIN = "http://localhost:8080";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    OneTimeCodes codes;

    @Test
    void creationOptionsAskForAResidentKeyWithUserVerificationAndNameTheUserByAnOpaqueHandle() throws Exception {
        Signed in = signedInUser();
        var started = withSession(in.refresh()).body(Map.of("loginId", in.email(), "origin", ORIGIN))
                .post("/v1/auth/webauthn/update/start").then().statusCode(200).extract();
        JsonNode publicKey = JSON.readTree((String) started.path("options")).path("publicKey");
        assertThat(publicKey.path("rp").path("id").asText()).isEqualTo("localhost");
        assertThat(new String(Base64.getUrlDecoder().decode(publicKey.path("user").path("id").asText()), StandardCharsets.UTF_8))
                .isEqualTo(in.userId());
        assertThat(publicKey.path("user").path("name").asText()).isEqualTo(in.email());
        assertThat(publicKey.path("authenticatorSelection").path("userVerification").asText()).isEqualTo("required");
        assertThat(publicKey.path("authenticatorSelection").path("residentKey").asText()).isEqualTo("required");
        assertThat(publicKey.path("attestation").asText()).isEqualTo("none");
        assertThat(publicKey.path("pubKeyCredParams").findValuesAsText("alg")).containsExactly("-7", "-8", "-257");
        assertThat(Base64.getUrlDecoder().decode(publicKey.path("challenge").asText())).hasSize(32);

        // The transaction belongs to the session that started it.
        Signed someoneElse = signedInUser();
        withSession(someoneElse.refresh()).body(Map.of("transactionId", started.path("transactionId"), "response", "{}"))
                .post("/v1/auth/webauthn/update/finish").then().statusCode(401).body("errorCode", equalTo("E065011"));
        // And it is used up by that attempt.
        withSession(in.refresh()).body(Map.of("transactionId", started.path("transactionId"), "response", "{}"))
                .post("/v1/auth/webauthn/update/finish").then().statusCode(401).body("errorCode", equalTo("E065010"));
    }

    @Test
    void aPasskeyIsAddedOnlyToASignedInAccount() {
        anonymous().body(Map.of("loginId", "new-user@example.org", "origin", ORIGIN)).post("/v1/auth/webauthn/signup/start")
                .then().statusCode(401).body("errorCode", equalTo("E065001")).body("detail", containsString("signed-in session"));
        anonymous().body(Map.of("loginId", "new-user@example.org", "origin", ORIGIN)).post("/v1/auth/webauthn/signup-in/start")
                .then().statusCode(401).body("errorCode", equalTo("E065001"));
        Signed in = signedInUser();
        withSession(in.refresh()).body(Map.of("loginId", "someone-else@example.org", "origin", ORIGIN))
                .post("/v1/auth/webauthn/update/start").then().statusCode(400).body("errorCode", equalTo("E065003"));
        // Sign-up-or-in for a signed-in user without a passkey: creation options.
        withSession(in.refresh()).body(Map.of("loginId", in.email(), "origin", ORIGIN)).post("/v1/auth/webauthn/signup-in/start")
                .then().statusCode(200).body("create", equalTo(true));
    }

    @Test
    void onlyTheConfiguredOriginsMayRunCeremonies() {
        anonymous().body(Map.of("loginId", "x@example.org", "origin", "https://evil.example")).post("/v1/auth/webauthn/signin/start")
                .then().statusCode(400).body("errorCode", equalTo("E065009")).body("detail", containsString(ORIGIN));
        anonymous().body(Map.of("loginId", "x@example.org")).post("/v1/auth/webauthn/signin/start")
                .then().statusCode(400).body("errorCode", equalTo("E065009"));
    }

    @Test
    void anUnknownLoginIdGetsTheSameShapeOfAnswerAndAUsedOrUnknownTransactionIsRefused() throws Exception {
        Signed known = signedInUser();
        JsonNode forKnown = JSON.readTree(startSignIn(known.email()).extract().<String>path("options"));
        var forUnknown = startSignIn("nobody-" + known.email()).extract();
        JsonNode unknownOptions = JSON.readTree(forUnknown.<String>path("options"));
        assertThat(unknownOptions.path("publicKey").fieldNames()).toIterable()
                .containsExactlyElementsOf(() -> forKnown.path("publicKey").fieldNames());
        assertThat(unknownOptions.path("publicKey").path("userVerification").asText()).isEqualTo("required");

        String transactionId = forUnknown.path("transactionId");
        finish(transactionId, "{\"id\":\"not-a-credential\"}").statusCode(400).body("errorCode", equalTo("E065004"));
        finish(transactionId, "{\"id\":\"not-a-credential\"}").statusCode(401).body("errorCode", equalTo("E065010"));
        finish("never-issued", "{}").statusCode(401).body("errorCode", equalTo("E065010"));
        anonymous().body(Map.of("transactionId", "x")).post("/v1/auth/webauthn/signin/finish").then().statusCode(400)
                .body("errorCode", equalTo("E065004"));
    }

    @Test
    void onceAnAccountHasASecondFactorChangingFactorsNeedsASessionThatProvedOne() throws Exception {
        Signed in = signedInUser();
        withSession(in.refresh()).body(Map.of("loginId", in.email())).post("/v1/auth/totp/update").then().statusCode(200);
        // The same single-factor session (or a thief holding it) can neither replace the app nor add a passkey ...
        withSession(in.refresh()).body(Map.of("loginId", in.email())).post("/v1/auth/totp/update").then().statusCode(403)
                .body("errorCode", equalTo("E064006"));
        withSession(in.refresh()).body(Map.of("loginId", in.email(), "origin", ORIGIN)).post("/v1/auth/webauthn/update/start")
                .then().statusCode(403).body("errorCode", equalTo("E065008")).body("detail", containsString("confirm it"));
    }

    private record Signed(String userId, String email, String refresh) {
    }

    private Signed signedInUser() {
        String tenant = Gatehouse.newTenant();
        String userId = Gatehouse.newUser(tenant, List.of());
        var session = Gatehouse.exchange(Gatehouse.codeFor(codes, userId, tenant)).statusCode(200).extract();
        return new Signed(userId, session.path("user.email"), session.path("refreshJwt"));
    }

    private static ValidatableResponse startSignIn(String loginId) {
        return anonymous().body(Map.of("loginId", loginId, "origin", ORIGIN)).post("/v1/auth/webauthn/signin/start")
                .then().statusCode(200);
    }

    private static ValidatableResponse finish(String transactionId, String response) {
        return anonymous().body(Map.of("transactionId", transactionId, "response", response))
                .post("/v1/auth/webauthn/signin/finish").then();
    }

    private static RequestSpecification anonymous() {
        return RestAssured.given().contentType(ContentType.JSON).header("Authorization", "Bearer " + PROJECT_ID);
    }

    private static RequestSpecification withSession(String refresh) {
        return RestAssured.given().contentType(ContentType.JSON).header("Authorization", "Bearer " + PROJECT_ID + ":" + refresh);
    }
}
