package dev.gatehouse.tenant.invitations;

import dev.gatehouse.embeddeddb.EmbeddedPostgresResource;
import dev.gatehouse.tenant.support.Api;
import dev.gatehouse.tenant.support.PeerHttpServer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.gatehouse.tenant.support.Api.asProjectAdmin;
import static dev.gatehouse.tenant.support.Api.asUser;
import static dev.gatehouse.tenant.support.Api.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/**
 * Invitations as tenant admins manage them, and who may not. Mail and acceptance run against the real auth-service
 * in auth-service's InvitationTest; here auth-service is absent, so an invitation is kept and reported unmailed.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PeerHttpServer.class, scope = TestResourceScope.GLOBAL)
class InvitationApiTest {

    @Test
    void aTenantAdminInvitesListsAndRevokesAndAnUnsentMailLosesNothing() {
        String tenant = Api.createTenant(unique("inv") + ".example.com");
        String admin = Api.createTenantAdmin(tenant);
        String address = unique("new-") + "@Example.ORG";
        String id = asUser(admin).body(Map.of("email", address, "roleNames", List.of("Tenant Admin")))
                .post("/v1/mgmt/tenants/" + tenant + "/invitations").then().statusCode(201)
                .body("mailed", equalTo(false)).body("mailProblem", containsString("not configured"))
                .body("invitation.email", equalTo(address.toLowerCase())).body("invitation.status", equalTo("pending"))
                .body("invitation.roleNames", hasItems("Tenant Admin"))
                .extract().path("invitation.id");
        asUser(admin).body(Map.of("email", address)).post("/v1/mgmt/tenants/" + tenant + "/invitations").then()
                .statusCode(409).body("detail", containsString("pending invitation"));
        asUser(admin).get("/v1/mgmt/tenants/" + tenant + "/invitations").then().statusCode(200)
                .body("[0].id", equalTo(id)).body("[0].sentCount", equalTo(0));
        // A resend makes a new link (here too unmailed, so it can be resent at once); the old one would stop working.
        asUser(admin).post("/v1/mgmt/tenants/" + tenant + "/invitations/" + id + "/resend").then().statusCode(200)
                .body("invitation.status", equalTo("pending")).body("mailed", equalTo(false));
        asUser(admin).delete("/v1/mgmt/tenants/" + tenant + "/invitations/" + id).then().statusCode(204);
        asUser(admin).get("/v1/mgmt/tenants/" + tenant + "/invitations").then().body("[0].status", equalTo("revoked"));
        asProjectAdmin().queryParam("tenant", tenant).queryParam("type", "invitation.created").queryParam("type", "invitation.revoked")
                .queryParam("type", "invitation.resent").get("/v1/mgmt/events").then().statusCode(200)
                .body("data.type", hasItems("invitation.created", "invitation.resent", "invitation.revoked"));
    }

    @Test
    void anotherTenantsAdminAMemberAndBadInputAreRefused() {
        String tenantA = Api.createTenant(unique("ia") + ".example.com");
        String tenantB = Api.createTenant(unique("ib") + ".example.com");
        String adminOfB = Api.createTenantAdmin(tenantB);
        String memberOfA = Api.createMember(tenantA);
        String id = asProjectAdmin().body(Map.of("email", unique("x-") + "@example.org"))
                .post("/v1/mgmt/tenants/" + tenantA + "/invitations").then().statusCode(201).extract().path("invitation.id");

        asUser(adminOfB).body(Map.of("email", "someone@example.org")).post("/v1/mgmt/tenants/" + tenantA + "/invitations")
                .then().statusCode(404);
        asUser(adminOfB).get("/v1/mgmt/tenants/" + tenantA + "/invitations").then().statusCode(404);
        asUser(adminOfB).delete("/v1/mgmt/tenants/" + tenantA + "/invitations/" + id).then().statusCode(404);
        // B's admin naming A's invitation under B: not found either, and A's invitation is untouched.
        asUser(adminOfB).delete("/v1/mgmt/tenants/" + tenantB + "/invitations/" + id).then().statusCode(404);
        asProjectAdmin().get("/v1/mgmt/tenants/" + tenantA + "/invitations").then().body("[0].status", equalTo("pending"));
        asUser(memberOfA).body(Map.of("email", "someone@example.org")).post("/v1/mgmt/tenants/" + tenantA + "/invitations")
                .then().statusCode(403);

        asProjectAdmin().body(Map.of("email", "not-an-address")).post("/v1/mgmt/tenants/" + tenantA + "/invitations")
                .then().statusCode(400);
        asProjectAdmin().body(Map.of("email", "r@example.org", "roleNames", List.of("No Such Role")))
                .post("/v1/mgmt/tenants/" + tenantA + "/invitations").then().statusCode(404)
                .body("detail", containsString("No Such Role"));
        asProjectAdmin().body(Map.of("email", "r@example.org")).post("/v1/mgmt/tenants/no-such-tenant/invitations")
                .then().statusCode(404);
        // A member already: nothing to invite.
        String memberEmail = asProjectAdmin().get("/v1/mgmt/users/" + memberOfA).then().extract().path("email");
        asProjectAdmin().body(Map.of("email", memberEmail)).post("/v1/mgmt/tenants/" + tenantA + "/invitations")
                .then().statusCode(409).body("detail", containsString("already a member"));

        // The link's side: a wrong token is simply unknown; accepting needs the invitee's own session.
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("token", "forged")).post("/v1/invitations/preview")
                .then().statusCode(404).contentType(containsString("problem+json"));
        asProjectAdmin().body(Map.of("token", "forged")).post("/v1/mgmt/invitations/accept").then().statusCode(403);
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("token", "forged")).post("/v1/mgmt/invitations/accept")
                .then().statusCode(401);
    }
}
