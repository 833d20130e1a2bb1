package dev.gatehouse.auth.invitations;

import dev.gatehouse.auth.session.OneTimeCodes;
import dev.gatehouse.auth.support.Gatehouse;
import dev.gatehouse.auth.support.Nimbus;
import dev.gatehouse.auth.support.SmtpServer;
import dev.gatehouse.auth.support.TenantServiceStack;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.gatehouse.auth.support.Gatehouse.exchange;
import static dev.gatehouse.auth.support.Gatehouse.withRefresh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Invitations across the real parts: a tenant admin invites through tenant-service, auth-service mails the link
 * through a real SMTP server (GreenMail), and only the invited address, signed in, takes it, once.
 */
@QuarkusTest
@WithTestResource(value = TenantServiceStack.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = SmtpServer.class, scope = TestResourceScope.GLOBAL)
class InvitationTest {

    @Inject
    OneTimeCodes codes;

    @Test
    void theInvitedAddressSignsInAndJoinsWithTheRolesOnce() throws Exception {
        String tenant = Gatehouse.newTenant();
        String admin = Gatehouse.newUser(tenant, List.of("Tenant Admin"));
        String invited = "inv-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";

        asUser(sessionOf(admin, tenant)).body(Map.of("email", invited, "roleNames", List.of("Tenant Admin")))
                .post("/v1/mgmt/tenants/" + tenant + "/invitations").then().statusCode(201)
                .body("mailed", equalTo(true)).body("invitation.status", equalTo("pending"));
        var mail = SmtpServer.latestTo(invited);
        assertThat(mail.getSubject()).contains("Join Tenant " + tenant);
        String text = SmtpServer.part(mail, "text/plain");
        assertThat(text).contains(invited).contains("Test User");
        String token = token(text);

        tenantService().body(Map.of("token", token)).post("/v1/invitations/preview").then().statusCode(200)
                .body("tenantId", equalTo(tenant)).body("email", equalTo(invited));

        // Someone else who got hold of the link: refused, and told which address to use, masked.
        String stranger = Gatehouse.newUser(Gatehouse.newTenant(), List.of());
        asUser(sessionOf(stranger, null)).body(Map.of("token", token)).post("/v1/mgmt/invitations/accept").then()
                .statusCode(403).body("detail", containsString("i***@example.org"));

        String invitee = Gatehouse.management().body(Map.of("email", invited, "name", "Invited Person"))
                .post("/v1/mgmt/users").then().statusCode(201).extract().path("userId");
        String refresh = exchange(Gatehouse.codeFor(codes, invitee, null)).statusCode(200).extract().path("refreshJwt");
        String session = withRefresh(refresh).post("/v1/auth/refresh").then().statusCode(200).extract().path("sessionJwt");
        asUser(session).body(Map.of("token", token)).post("/v1/mgmt/invitations/accept").then().statusCode(200)
                .body("tenantId", equalTo(tenant)).body("roleNames", hasItem("Tenant Admin"));

        // The next refresh carries the tenant and its role; the link is spent.
        String after = withRefresh(refresh).post("/v1/auth/refresh").then().statusCode(200).extract().path("sessionJwt");
        @SuppressWarnings("unchecked")
        Map<String, Object> tenants = (Map<String, Object>) Nimbus.verify(after).getJSONObjectClaim("tenants");
        assertThat(tenants).containsKey(tenant);
        asUser(after).body(Map.of("token", token)).post("/v1/mgmt/invitations/accept").then().statusCode(410)
                .body("detail", containsString("already accepted"));
        Gatehouse.management().queryParam("tenant", tenant).queryParam("type", "invitation.accepted")
                .get("/v1/mgmt/events").then().statusCode(200).body("data[0].data.userId", equalTo(invitee));
    }

    @Test
    void aResentLinkReplacesTheOldOneAndARevokedOneAdmitsNobody() throws Exception {
        String tenant = Gatehouse.newTenant();
        String invited = "re-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        String id = Gatehouse.management().body(Map.of("email", invited))
                .post("/v1/mgmt/tenants/" + tenant + "/invitations").then().statusCode(201).body("mailed", equalTo(true))
                .extract().path("invitation.id");
        String first = token(SmtpServer.part(SmtpServer.latestTo(invited), "text/plain"));
        // Resending within a minute is refused; the project admin's clock here is real, so only the refusal is checked.
        Gatehouse.management().post("/v1/mgmt/tenants/" + tenant + "/invitations/" + id + "/resend").then().statusCode(429);

        Gatehouse.management().delete("/v1/mgmt/tenants/" + tenant + "/invitations/" + id).then().statusCode(204);
        tenantService().body(Map.of("token", first)).post("/v1/invitations/preview").then().statusCode(410)
                .body("detail", containsString("revoked"));
        Gatehouse.management().get("/v1/mgmt/tenants/" + tenant + "/invitations").then().statusCode(200)
                .body("[0].status", equalTo("revoked"));
        // Revoked is final; a new invitation is the way.
        Gatehouse.management().post("/v1/mgmt/tenants/" + tenant + "/invitations/" + id + "/resend").then().statusCode(409);
        Gatehouse.management().body(Map.of("email", invited)).post("/v1/mgmt/tenants/" + tenant + "/invitations")
                .then().statusCode(201);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (SmtpServer.countTo(invited) < 2 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        String second = token(SmtpServer.part(SmtpServer.latestTo(invited), "text/plain"));
        assertThat(second).isNotEqualTo(first);
        tenantService().body(Map.of("token", second)).post("/v1/invitations/preview").then().statusCode(200);
    }

    private String sessionOf(String userId, String tenant) {
        return exchange(Gatehouse.codeFor(codes, userId, tenant)).statusCode(200).extract().path("sessionJwt");
    }

    private static RequestSpecification tenantService() {
        return RestAssured.given().baseUri(TenantServiceStack.tenantServiceUrl()).contentType(ContentType.JSON);
    }

    private static RequestSpecification asUser(String sessionJwt) {
        return tenantService().header("Authorization", "Bearer " + sessionJwt);
    }

    private static String token(String mailText) {
        Matcher matcher = Pattern.compile("[?&]invitation=([^\\s&]+)").matcher(mailText);
        if (!matcher.find()) {
            throw new AssertionError("no invitation link in " + mailText);
        }
        return URLDecoder.decode(matcher.group(1), StandardCharsets.UTF_8);
    }
}
