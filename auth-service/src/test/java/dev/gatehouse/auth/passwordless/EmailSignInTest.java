package dev.gatehouse.auth.passwordless;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.gatehouse.auth.support.Gatehouse;
import dev.gatehouse.auth.support.MockOAuth2ServerResource;
import dev.gatehouse.auth.support.MutableClock;
import dev.gatehouse.auth.support.Nimbus;
import dev.gatehouse.auth.support.SmtpServer;
import dev.gatehouse.auth.support.Sql;
import dev.gatehouse.auth.support.TenantServiceStack;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.gatehouse.auth.support.Gatehouse.PROJECT_ID;
import static dev.gatehouse.auth.support.Gatehouse.REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Sign-in by email through a real SMTP server (GreenMail): one-time codes and magic links, each rule tested. */
@QuarkusTest
@WithTestResource(value = TenantServiceStack.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MockOAuth2ServerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = SmtpServer.class, scope = TestResourceScope.GLOBAL)
class EmailSignInTest {

    @Inject
    MutableClock clock;

    @Inject
    DataSource dataSource;

    @Test
    void aMailedCodeSignsANewUserInOnce() throws Exception {
        String email = newAddress();
        start("/v1/auth/otp/signup-in/email", Map.of("loginId", email)).statusCode(200)
                .body("maskedEmail", equalTo(email.charAt(0) + "***" + email.substring(email.indexOf('@'))));
        MimeMessage mail = SmtpServer.latestTo(email);
        assertThat(mail.getSubject()).startsWith("Your Gatehouse sign-in code: ");
        String code = SmtpServer.code(mail);
        assertThat(SmtpServer.part(mail, "text/html")).contains(code);
        // The user exists only once the code comes back.
        assertThat(userCount(email)).isZero();

        verifyCode(email, wrong(code)).statusCode(401).body("errorCode", equalTo("E063002"));
        var session = verifyCode(email, code).statusCode(200).body("user.email", equalTo(email)).body("firstSeen", equalTo(true))
                .extract();
        JWTClaimsSet claims = Nimbus.verify(session.path("sessionJwt"));
        assertThat(claims.getStringListClaim("amr")).containsExactly("otp");
        assertThat(userCount(email)).isEqualTo(1);
        verifyCode(email, code).statusCode(401);
    }

    @Test
    void fiveWrongCodesVoidTheChallengeAndANewCodeVoidsTheOldOne() throws Exception {
        String email = newAddress();
        start("/v1/auth/otp/signin/email", Map.of("loginId", email)).statusCode(200);
        String code = SmtpServer.code(SmtpServer.latestTo(email));
        for (int i = 0; i < 5; i++) {
            verifyCode(email, wrong(code)).statusCode(401);
        }
        verifyCode(email, code).statusCode(401);

        start("/v1/auth/otp/signup/email", Map.of("loginId", email)).statusCode(200);
        String first = SmtpServer.code(SmtpServer.latestTo(email));
        start("/v1/auth/otp/signup-in/email", Map.of("loginId", email)).statusCode(200);
        awaitMails(email, 3);
        String second = SmtpServer.code(SmtpServer.latestTo(email));
        if (!first.equals(second)) {
            verifyCode(email, first).statusCode(401);
        }
        verifyCode(email, second).statusCode(200);
    }

    @Test
    void aCodeExpiresAfterTenMinutes() throws Exception {
        String email = newAddress();
        start("/v1/auth/otp/signup-in/email", Map.of("loginId", email)).statusCode(200);
        String code = SmtpServer.code(SmtpServer.latestTo(email));
        expire(email);
        verifyCode(email, code).statusCode(401);
    }

    @Test
    void aMagicLinkGoesOnlyToAnAllowedUriAndWorksOnce() throws Exception {
        String email = newAddress();
        start("/v1/auth/magiclink/signup-in/email", Map.of("loginId", email, "URI", "https://evil.example/cb")).statusCode(400)
                .body("errorCode", equalTo("E011002"));
        assertThat(SmtpServer.countTo(email)).isZero();
        start("/v1/auth/magiclink/signup-in/email", Map.of("loginId", email, "URI", REDIRECT)).statusCode(200);
        MimeMessage mail = SmtpServer.latestTo(email);
        assertThat(mail.getSubject()).isEqualTo("Sign in to Gatehouse");
        String link = SmtpServer.link(SmtpServer.part(mail, "text/plain"));
        assertThat(SmtpServer.part(mail, "text/html")).contains(link);
        String token = link.substring(link.indexOf("t=") + 2);
        var session = verifyLink(token).statusCode(200).body("user.email", equalTo(email)).extract();
        assertThat(Nimbus.verify(session.path("sessionJwt")).getStringListClaim("amr")).containsExactly("magiclink");
        verifyLink(token).statusCode(401).body("errorCode", equalTo("E063004"));
    }

    @Test
    void aMagicLinkExpiresAfterFifteenMinutes() throws Exception {
        String email = newAddress();
        start("/v1/auth/magiclink/signup-in/email", Map.of("loginId", email, "URI", REDIRECT)).statusCode(200);
        String link = SmtpServer.link(SmtpServer.part(SmtpServer.latestTo(email), "text/plain"));
        expire(email);
        verifyLink(link.substring(link.indexOf("t=") + 2)).statusCode(401);
    }

    @Test
    void aKnownAndAnUnknownAddressGetTheSameAnswer() throws Exception {
        String known = newAddress();
        start("/v1/auth/otp/signup-in/email", Map.of("loginId", known)).statusCode(200);
        verifyCode(known, SmtpServer.code(SmtpServer.latestTo(known))).statusCode(200);
        String unknown = newAddress();
        String knownAnswer = start("/v1/auth/otp/signin/email", Map.of("loginId", known)).statusCode(200).extract().asString();
        String unknownAnswer = start("/v1/auth/otp/signin/email", Map.of("loginId", unknown)).statusCode(200).extract().asString();
        assertThat(knownAnswer.replace(known.substring(1, known.indexOf('@')), ""))
                .hasSameSizeAs(unknownAnswer.replace(unknown.substring(1, unknown.indexOf('@')), ""));
        assertThat(SmtpServer.countTo(unknown)).isEqualTo(1);
    }

    @Test
    void oneMailboxIsNotFlooded() {
        String email = newAddress();
        for (int i = 0; i < 3; i++) {
            start("/v1/auth/otp/signup-in/email", Map.of("loginId", email)).statusCode(200);
        }
        start("/v1/auth/otp/signup-in/email", Map.of("loginId", email)).statusCode(429);
        start("/v1/auth/magiclink/signup-in/email", Map.of("loginId", "not-an-address", "URI", REDIRECT)).statusCode(400)
                .body("errorCode", equalTo("E063001"));
    }

    @Test
    void aTenantThatRequiresSsoKeepsItsAddressesOutAndSelfProvisioningLetsOthersIn() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String strict = "strict-" + suffix;
        Gatehouse.management().body(Map.of("id", strict, "name", "Strict " + suffix, "domains", List.of(strict + ".example"),
                "ssoRequired", true)).post("/v1/mgmt/tenants").then().statusCode(201);
        start("/v1/auth/otp/signup-in/email", Map.of("loginId", "someone@" + strict + ".example")).statusCode(403)
                .body("errorCode", equalTo("E063005")).body("detail", containsString("SSO"));
        assertThat(SmtpServer.countTo("someone@" + strict + ".example")).isZero();

        String open = "open-" + suffix;
        Gatehouse.management().body(Map.of("id", open, "name", "Open " + suffix, "domains", List.of(open + ".example"),
                "selfProvisioning", true)).post("/v1/mgmt/tenants").then().statusCode(201);
        String member = "new@" + open + ".example";
        start("/v1/auth/otp/signup-in/email", Map.of("loginId", member)).statusCode(200);
        var session = verifyCode(member, SmtpServer.code(SmtpServer.latestTo(member))).statusCode(200).extract();
        assertThat(Nimbus.verify(session.path("sessionJwt")).getJSONObjectClaim("tenants")).containsKey(open);
    }

    @Test
    void aStepUpAddsTheMethodToTheSignedInSession() throws Exception {
        String email = newAddress();
        start("/v1/auth/magiclink/signup-in/email", Map.of("loginId", email, "URI", REDIRECT)).statusCode(200);
        String link = SmtpServer.link(SmtpServer.part(SmtpServer.latestTo(email), "text/plain"));
        var first = verifyLink(link.substring(link.indexOf("t=") + 2)).statusCode(200).extract();
        String refresh = first.path("refreshJwt");
        String sid = Nimbus.verify(first.path("sessionJwt")).getStringClaim("sid");

        // Another address cannot step this session up.
        RestAssured.given().contentType(ContentType.JSON).header("Authorization", "Bearer " + PROJECT_ID + ":" + refresh)
                .body(Map.of("loginId", newAddress(), "loginOptions", Map.of("stepup", true)))
                .post("/v1/auth/otp/signup-in/email").then().statusCode(400).body("errorCode", equalTo("E063007"));

        RestAssured.given().contentType(ContentType.JSON).header("Authorization", "Bearer " + PROJECT_ID + ":" + refresh)
                .body(Map.of("loginId", email, "loginOptions", Map.of("stepup", true)))
                .post("/v1/auth/otp/signup-in/email").then().statusCode(200);
        awaitMails(email, 2);
        var stepped = RestAssured.given().contentType(ContentType.JSON).header("Authorization", "Bearer " + PROJECT_ID + ":" + refresh)
                .body(Map.of("loginId", email, "code", SmtpServer.code(SmtpServer.latestTo(email))))
                .post("/v1/auth/otp/verify/email").then().statusCode(200).extract();
        JWTClaimsSet claims = Nimbus.verify(stepped.path("sessionJwt"));
        assertThat(claims.getStringListClaim("amr")).containsExactly("magiclink", "otp");
        assertThat(claims.getStringClaim("sid")).isEqualTo(sid);
        // The next refresh keeps both.
        var refreshed = Gatehouse.withRefresh(refresh).post("/v1/auth/refresh").then().statusCode(200).extract();
        assertThat(Nimbus.verify(refreshed.path("sessionJwt")).getStringListClaim("amr")).containsExactly("magiclink", "otp");
    }

    /**
     * Ages the address's challenges past their expiry. The service's clock is not moved for this: every test of the
     * module shares it, and SAML assertions made with real time must stay valid.
     */
    private void expire(String email) {
        Instant past = Instant.now().plus(clock.offset()).minusSeconds(1);
        Sql.update(dataSource, "update email_challenge set expires_at = ? where email = ?", past, email);
    }

    private static ValidatableResponse start(String path, Map<String, Object> body) {
        return RestAssured.given().contentType(ContentType.JSON).header("Authorization", "Bearer " + PROJECT_ID)
                .body(body).post(path).then();
    }

    private static ValidatableResponse verifyCode(String email, String code) {
        return RestAssured.given().contentType(ContentType.JSON).header("Authorization", "Bearer " + PROJECT_ID)
                .body(Map.of("loginId", email, "code", code)).post("/v1/auth/otp/verify/email").then();
    }

    private static ValidatableResponse verifyLink(String token) {
        return RestAssured.given().contentType(ContentType.JSON).header("Authorization", "Bearer " + PROJECT_ID)
                .body(Map.of("token", token)).post("/v1/auth/magiclink/verify").then();
    }

    private static String wrong(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    private static String newAddress() {
        return "m" + UUID.randomUUID().toString().substring(0, 8) + "@mail.example";
    }

    private static long userCount(String email) {
        List<?> items = Gatehouse.management().queryParam("email", email).get("/v1/mgmt/users").then().statusCode(200)
                .extract().path("items");
        return items.size();
    }

    private static void awaitMails(String email, int count) throws InterruptedException {
        for (int i = 0; i < 100 && SmtpServer.countTo(email) < count; i++) {
            Thread.sleep(100);
        }
        assertThat(SmtpServer.countTo(email)).isGreaterThanOrEqualTo(count);
    }
}
