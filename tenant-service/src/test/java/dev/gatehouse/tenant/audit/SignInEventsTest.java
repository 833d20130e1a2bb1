package dev.gatehouse.tenant.audit;

import dev.gatehouse.embeddeddb.EmbeddedPostgresResource;
import dev.gatehouse.tenant.support.Api;
import dev.gatehouse.tenant.support.PeerHttpServer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static dev.gatehouse.tenant.support.Api.asAuthService;
import static dev.gatehouse.tenant.support.Api.asProjectAdmin;
import static dev.gatehouse.tenant.support.Api.asUser;
import static dev.gatehouse.tenant.support.Api.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/**
 * A tenant's sign-in events for the admins setting up its SSO: newest first, failures in plain words with what to
 * change at the IdP, filterable, paged, and never another tenant's.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PeerHttpServer.class, scope = TestResourceScope.GLOBAL)
class SignInEventsTest {

    @Test
    void failuresComeWithAdviceAndATenantSeesOnlyItsOwn() {
        String tenantA = Api.createTenant(unique("sia") + ".example.com");
        String tenantB = Api.createTenant(unique("sib") + ".example.com");
        String adminOfA = Api.createTenantAdmin(tenantA);
        String adminOfB = Api.createTenantAdmin(tenantB);
        String member = Api.createMember(tenantA);
        report("provider:saml-1", "login.failure", tenantA, "saml", "failure",
                "signature algorithm http://www.w3.org/2000/09/xmldsig#rsa-sha1 is not allowed");
        report("user:" + member, "user.login", tenantA, "saml:okta", "success", null);
        report("provider:saml-1", "login.failure", tenantA, "saml", "failure",
                "Audience is not our SP entity ID https://auth.example.com/saml/metadata");
        report("provider:saml-2", "login.failure", tenantB, "saml", "failure", "secret of B: IdP status Responder");

        asUser(adminOfA).get("/v1/mgmt/tenants/" + tenantA + "/sign-in-events").then().statusCode(200)
                .body("total", equalTo(3))
                .body("items[0].reason", containsString("Audience"))
                .body("items[0].whatToChange", containsString("SP entity ID"))
                .body("items[1].outcome", equalTo("success")).body("items[1].userId", equalTo(member))
                .body("items[1].userEmail", containsString("@example.org")).body("items[1].plainWords", nullValue())
                .body("items[2].plainWords", containsString("weak"))
                .body("items[2].whatToChange", containsString("RSA-SHA256"));
        asUser(adminOfA).queryParam("outcome", "failure").queryParam("size", 1).queryParam("page", 1)
                .get("/v1/mgmt/tenants/" + tenantA + "/sign-in-events").then().statusCode(200)
                .body("total", equalTo(2)).body("items", hasSize(1)).body("items[0].reason", containsString("rsa-sha1"));
        asUser(adminOfA).queryParam("user", member).get("/v1/mgmt/tenants/" + tenantA + "/sign-in-events").then()
                .body("items.userId", everyItem(equalTo(member))).body("total", equalTo(1));

        // B's events stay B's: A's admin gets a 404 for B, as if it did not exist.
        asUser(adminOfA).get("/v1/mgmt/tenants/" + tenantB + "/sign-in-events").then().statusCode(404);
        asUser(adminOfB).get("/v1/mgmt/tenants/" + tenantB + "/sign-in-events").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].whatToChange", containsString("assign the user"));
        // A setup link of A reads A's (its holder configures the IdP), not B's.
        String link = dev.gatehouse.tenant.support.TestTokens.PROJECT_ID + ":" + asProjectAdmin().body(Map.of())
                .post("/v1/mgmt/tenants/" + tenantA + "/setup-links").then().statusCode(201).extract().path("secret");
        io.restassured.RestAssured.given().header("Authorization", "Bearer " + link)
                .get("/v1/mgmt/tenants/" + tenantA + "/sign-in-events").then().statusCode(200).body("total", equalTo(3));
        io.restassured.RestAssured.given().header("Authorization", "Bearer " + link)
                .get("/v1/mgmt/tenants/" + tenantB + "/sign-in-events").then().statusCode(404);
        asUser(adminOfA).queryParam("outcome", "maybe").get("/v1/mgmt/tenants/" + tenantA + "/sign-in-events")
                .then().statusCode(400).body("detail", containsString("success or failure"));
    }

    private static void report(String actor, String action, String tenant, String target, String outcome, String detail) {
        Map<String, Object> entry = new HashMap<>(Map.of("actor", actor, "action", action, "tenantId", tenant,
                "target", target, "outcome", outcome));
        if (detail != null) {
            entry.put("detail", detail);
        }
        asAuthService().body(entry).post("/internal/audit").then().statusCode(204);
    }
}
