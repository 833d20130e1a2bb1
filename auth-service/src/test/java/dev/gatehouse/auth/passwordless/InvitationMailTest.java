package dev.gatehouse.auth.passwordless;

import dev.gatehouse.auth.support.MockOAuth2ServerResource;
import dev.gatehouse.auth.support.TenantServiceStack;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import dev.gatehouse.auth.support.SmtpServer;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** tenant-service's invitation mails: sent through the real SMTP path, every field checked before anything goes out. */
@QuarkusTest
@WithTestResource(value = TenantServiceStack.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MockOAuth2ServerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = SmtpServer.class, scope = TestResourceScope.GLOBAL)
class InvitationMailTest {

    @Test
    void aWellFormedInvitationIsMailed() throws Exception {
        String email = "invitee-" + UUID.randomUUID() + "@example.com";
        send("test-internal-token", invitation(email)).statusCode(204);
        MimeMessage mail = SmtpServer.latestTo(email);
        assertThat(mail.getSubject()).startsWith("Join Acme");
        assertThat(SmtpServer.part(mail, "text/plain")).contains("https://app.example.com/invite/abc");
    }

    @Test
    void eachFieldIsCheckedWithAProblemThatNamesIt() {
        String email = "invitee-" + UUID.randomUUID() + "@example.com";
        Map<String, Object> notAnAddress = invitation("not an address");
        send("test-internal-token", notAnAddress).statusCode(400).contentType("application/problem+json")
                .body("errorCode", equalTo("E400010")).body("detail", equalTo("email: must be an email address"));
        Map<String, Object> blankTenant = invitation(email);
        blankTenant.put("tenantName", " ");
        send("test-internal-token", blankTenant).statusCode(400)
                .body("detail", equalTo("tenantName: must be 1 to 200 characters"));
        Map<String, Object> longLink = invitation(email);
        longLink.put("link", "https://app.example.com/" + "a".repeat(2048));
        send("test-internal-token", longLink).statusCode(400)
                .body("detail", equalTo("link: must be 1 to 2048 characters"));
        Map<String, Object> noExpiry = invitation(email);
        noExpiry.remove("expires");
        send("test-internal-token", noExpiry).statusCode(400)
                .body("detail", equalTo("expires: must be 1 to 64 characters"));
        RestAssured.given().header("Authorization", "Bearer test-internal-token").contentType(ContentType.JSON)
                .post("/internal/mail/invitation").then().statusCode(400).body("errorCode", equalTo("E400010"));
        assertThat(SmtpServer.countTo(email)).isZero();
    }

    @Test
    void onlyTheInternalTokenMaySend() {
        String email = "invitee-" + UUID.randomUUID() + "@example.com";
        send("not-the-token", invitation(email)).statusCode(401);
        // The token is checked first: a caller without it learns nothing from the field checks.
        send("not-the-token", invitation("not an address")).statusCode(401);
        assertThat(SmtpServer.countTo(email)).isZero();
    }

    private static Map<String, Object> invitation(String email) {
        Map<String, Object> body = new HashMap<>();
        body.put("email", email);
        body.put("tenantName", "Acme");
        body.put("inviter", "admin@acme.example");
        body.put("link", "https://app.example.com/invite/abc");
        body.put("expires", "in 7 days");
        return body;
    }

    private static ValidatableResponse send(String token, Map<String, Object> body) {
        return RestAssured.given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON).body(body)
                .post("/internal/mail/invitation").then();
    }
}
