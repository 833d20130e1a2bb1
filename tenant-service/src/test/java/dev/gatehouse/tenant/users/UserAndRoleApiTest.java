package dev.gatehouse.tenant.users;

import dev.gatehouse.embeddeddb.EmbeddedPostgresResource;
import dev.gatehouse.tenant.support.Api;
import dev.gatehouse.tenant.support.PeerHttpServer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.gatehouse.tenant.support.Api.asProjectAdmin;
import static dev.gatehouse.tenant.support.Api.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PeerHttpServer.class, scope = TestResourceScope.GLOBAL)
class UserAndRoleApiTest {

    @Test
    void emailsAreNormalisedAndUnique() {
        String email = unique("Ann") + "@Example.ORG";
        asProjectAdmin().body(Map.of("email", email, "name", "Ann")).post("/v1/mgmt/users").then().statusCode(201)
                .body("email", equalTo(email.toLowerCase())).body("loginIds", equalTo(List.of(email.toLowerCase())))
                .body("status", equalTo("enabled"));
        asProjectAdmin().body(Map.of("email", email.toUpperCase())).post("/v1/mgmt/users").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("already has the email"));
        asProjectAdmin().body(Map.of("email", "not-an-email")).post("/v1/mgmt/users").then().statusCode(400);
    }

    @Test
    void searchesByEmailTextAndTenant() {
        String tenant = Api.createTenant(unique("u") + ".example.com");
        String marker = unique("zed");
        String id = asProjectAdmin().body(Map.of("email", marker + "@example.org", "name", "Zed " + marker,
                        "tenants", List.of(Map.of("tenantId", tenant))))
                .post("/v1/mgmt/users").then().statusCode(201).extract().path("userId");
        asProjectAdmin().queryParam("email", marker.toUpperCase() + "@example.org").get("/v1/mgmt/users")
                .then().body("items.userId", equalTo(List.of(id)));
        asProjectAdmin().queryParam("text", marker).get("/v1/mgmt/users").then().body("total", equalTo(1));
        asProjectAdmin().queryParam("tenant", tenant).get("/v1/mgmt/users").then().body("items.userId", equalTo(List.of(id)));
    }

    @Test
    void updatesDeletesAndGrantsProjectRoles() {
        String role = unique("Reviewer");
        asProjectAdmin().body(Map.of("name", "read:reports-" + role)).post("/v1/mgmt/permissions").then().statusCode(201);
        asProjectAdmin().body(Map.of("name", role, "permissions", List.of("read:reports-" + role)))
                .post("/v1/mgmt/roles").then().statusCode(201);
        String id = asProjectAdmin().body(Map.of("email", unique("pat") + "@example.org")).post("/v1/mgmt/users")
                .then().statusCode(201).extract().path("userId");
        asProjectAdmin().body(Map.of("givenName", "Pat", "familyName", "Doe")).patch("/v1/mgmt/users/" + id)
                .then().statusCode(200).body("givenName", equalTo("Pat"));
        asProjectAdmin().put("/v1/mgmt/users/" + id + "/roles/" + role).then().statusCode(200)
                .body("roleNames", equalTo(List.of(role)))
                .body("claims.permissions", equalTo(List.of("read:reports-" + role)));
        asProjectAdmin().delete("/v1/mgmt/users/" + id + "/roles/" + role).then().statusCode(200).body("roleNames", hasSize(0));
        asProjectAdmin().delete("/v1/mgmt/users/" + id + "/roles/" + role).then().statusCode(404);
        asProjectAdmin().delete("/v1/mgmt/users/" + id).then().statusCode(204);
        asProjectAdmin().get("/v1/mgmt/users/" + id).then().statusCode(404);
    }

    @Test
    void tenantAdminRoleCannotBeDeletedOrRenamed() {
        asProjectAdmin().delete("/v1/mgmt/roles/Tenant Admin").then().statusCode(400).body("detail", containsString("built-in"));
        asProjectAdmin().body(Map.of("name", "Boss")).put("/v1/mgmt/roles/Tenant Admin").then().statusCode(400)
                .body("detail", containsString("cannot be renamed"));
    }

    @Test
    void renamingARoleKeepsItsGrants() {
        String tenant = Api.createTenant(unique("r") + ".example.com");
        String oldName = unique("Editor");
        String newName = unique("Author");
        asProjectAdmin().body(Map.of("name", oldName)).post("/v1/mgmt/roles").then().statusCode(201);
        String user = asProjectAdmin().body(Map.of("email", unique("ed") + "@example.org",
                        "tenants", List.of(Map.of("tenantId", tenant, "roleNames", List.of(oldName)))))
                .post("/v1/mgmt/users").then().statusCode(201).extract().path("userId");
        asProjectAdmin().body(Map.of("name", newName, "description", "writes")).put("/v1/mgmt/roles/" + oldName)
                .then().statusCode(200).body("name", equalTo(newName));
        asProjectAdmin().get("/v1/mgmt/users/" + user).then().body("userTenants[0].roleNames", equalTo(List.of(newName)));
        asProjectAdmin().get("/v1/mgmt/roles").then().body("name", hasItem(newName));
    }

    @Test
    void unknownRoleOrPermissionIsRefused() {
        asProjectAdmin().body(Map.of("name", unique("X"), "permissions", List.of("no-such-permission")))
                .post("/v1/mgmt/roles").then().statusCode(400).body("detail", containsString("no permission"));
        String id = asProjectAdmin().body(Map.of("email", unique("q") + "@example.org")).post("/v1/mgmt/users")
                .then().statusCode(201).extract().path("userId");
        asProjectAdmin().put("/v1/mgmt/users/" + id + "/roles/No Such Role").then().statusCode(404);
    }
}
