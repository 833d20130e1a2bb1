package dev.gatehouse.tenant.tenants;

import dev.gatehouse.embeddeddb.EmbeddedPostgresResource;
import dev.gatehouse.tenant.support.PeerHttpServer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import dev.gatehouse.tenant.support.Api;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.gatehouse.tenant.support.Api.asProjectAdmin;
import static dev.gatehouse.tenant.support.Api.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PeerHttpServer.class, scope = TestResourceScope.GLOBAL)
class TenantApiTest {

    @Test
    void createsTenantWithNormalisedDomains() {
        String id = unique("acme-");
        asProjectAdmin().body(Map.of("id", id, "name", "Acme " + id, "domains", List.of("Acme-" + id + ".TEST.")))
                .post("/v1/mgmt/tenants")
                .then().statusCode(201)
                .body("id", equalTo(id))
                .body("domains", equalTo(List.of("acme-" + id + ".test")))
                .body("selfProvisioning", equalTo(false));
        asProjectAdmin().get("/v1/mgmt/tenants/" + id).then().statusCode(200).body("name", equalTo("Acme " + id));
    }

    @Test
    void generatesAnIdWhenNoneIsGiven() {
        asProjectAdmin().body(Map.of("name", unique("Generated ")))
                .post("/v1/mgmt/tenants").then().statusCode(201).body("id", startsWith("T"));
    }

    @Test
    void refusesBodiesThatBreakTheirRulesNamingEveryField() {
        asProjectAdmin().body(Map.of("id", "x".repeat(65), "name", " ")).post("/v1/mgmt/tenants")
                .then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Invalid request"))
                .body("detail", equalTo("id: size must be between 0 and 64; name: must not be blank"));
        asProjectAdmin().contentType(ContentType.JSON).body("null").post("/v1/mgmt/tenants")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("request: must not be null"));
        asProjectAdmin().get("/v1/mgmt/tenants/" + "x".repeat(65)).then().statusCode(404);
    }

    @Test
    void refusesDuplicateNameIgnoringCase() {
        String name = unique("Globex ");
        asProjectAdmin().body(Map.of("name", name)).post("/v1/mgmt/tenants").then().statusCode(201);
        asProjectAdmin().body(Map.of("name", name.toUpperCase())).post("/v1/mgmt/tenants")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("already exists"));
    }

    @Test
    void refusesDomainClaimedByAnotherTenantAndNamesTheOwnerToProjectAdmins() {
        String domain = unique("d") + ".example.com";
        String owner = Api.createTenant(domain);
        String other = Api.createTenant(unique("o") + ".example.com");
        asProjectAdmin().body(Map.of("domain", domain.toUpperCase())).post("/v1/mgmt/tenants/" + other + "/domains")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("by tenant " + owner));
        asProjectAdmin().get("/v1/mgmt/tenants/" + other).then().body("domains", hasSize(1));
    }

    @Test
    void tenantAdminLearnsOnlyThatTheDomainIsTaken() {
        String domain = unique("d") + ".example.com";
        String owner = Api.createTenant(domain);
        String other = Api.createTenant(unique("o") + ".example.com");
        String admin = Api.createTenantAdmin(other);
        Api.asUser(admin).body(Map.of("domain", domain)).post("/v1/mgmt/tenants/" + other + "/domains")
                .then().statusCode(409).body("detail", containsString("by another tenant"))
                .body("detail", org.hamcrest.Matchers.not(containsString(owner)));
    }

    @Test
    void rejectsInvalidDomains() {
        String id = Api.createTenant(unique("v") + ".example.com");
        for (String bad : List.of("localhost", "no spaces.com", "-bad.com", "1.2.3.4", "a..b.com", "x".repeat(64) + ".com")) {
            asProjectAdmin().body(Map.of("domain", bad)).post("/v1/mgmt/tenants/" + id + "/domains")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("detail", containsString("domain"));
        }
    }

    @Test
    void rejectsUnsafeTenantIds() {
        asProjectAdmin().body(Map.of("id", "../etc", "name", unique("Bad "))).post("/v1/mgmt/tenants")
                .then().statusCode(400).body("detail", containsString("tenant id"));
    }

    @Test
    void unknownTenantIs404ProblemJson() {
        asProjectAdmin().get("/v1/mgmt/tenants/no-such-tenant").then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404)).body("title", equalTo("Not found"))
                .body("detail", equalTo("no tenant no-such-tenant"));
    }

    @Test
    void malformedJsonIsProblemJson() {
        asProjectAdmin().body("{\"name\": ").post("/v1/mgmt/tenants").then().statusCode(400)
                .contentType("application/problem+json").body("title", equalTo("Malformed JSON"));
    }

    @Test
    void missingNameIsAValidationProblem() {
        asProjectAdmin().body(Map.of("id", unique("x"))).post("/v1/mgmt/tenants").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("name"));
    }

    @Test
    void oversizedBodyIs413() {
        // Expect: 100-continue, as a careful client sends it: the server answers 413 from the Content-Length
        // alone, and the client never starts writing a body the server would cut off (a broken pipe otherwise).
        asProjectAdmin().header("Expect", "100-continue").body(Map.of("name", "x".repeat(3 * 1024 * 1024)))
                .post("/v1/mgmt/tenants").then().statusCode(413);
    }

    @Test
    void listsWithPagingAndSearch() {
        String marker = unique("page");
        for (int i = 0; i < 5; i++) {
            asProjectAdmin().body(Map.of("name", marker + " " + i)).post("/v1/mgmt/tenants").then().statusCode(201);
        }
        asProjectAdmin().queryParam("search", marker).queryParam("size", 2).queryParam("page", 1)
                .get("/v1/mgmt/tenants").then().statusCode(200)
                .body("total", equalTo(5)).body("items", hasSize(2))
                .body("items[0].name", equalTo(marker + " 2"));
        asProjectAdmin().queryParam("size", 0).get("/v1/mgmt/tenants").then().statusCode(400);
    }

    @Test
    void searchFindsByDomain() {
        String domain = unique("s") + ".example.net";
        String id = Api.createTenant(domain);
        asProjectAdmin().queryParam("search", domain).get("/v1/mgmt/tenants").then()
                .body("items.id", equalTo(List.of(id)));
    }

    @Test
    void deleteRemovesTenantAndFreesItsDomain() {
        String domain = unique("f") + ".example.com";
        String id = Api.createTenant(domain);
        asProjectAdmin().delete("/v1/mgmt/tenants/" + id).then().statusCode(204);
        asProjectAdmin().get("/v1/mgmt/tenants/" + id).then().statusCode(404);
        Api.createTenant(domain);
    }

    @Test
    void everyChangeIsAudited() {
        String domain = unique("a") + ".example.com";
        String id = Api.createTenant(domain);
        asProjectAdmin().body(Map.of("name", "Renamed " + id)).patch("/v1/mgmt/tenants/" + id).then().statusCode(200);
        asProjectAdmin().queryParam("tenant", id).get("/v1/mgmt/audit").then().statusCode(200)
                .body("items.action", hasItem("tenant.create"))
                .body("items.action", hasItem("tenant.domain.add"))
                .body("items.action", hasItem("tenant.update"))
                .body("items[0].actor", equalTo("key:bootstrap"));
    }

    @Test
    void noCredentialIs401ProblemJson() {
        given().get("/v1/mgmt/tenants").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer");
    }

    @Test
    void wrongManagementKeyIs401AndAudited() {
        given().contentType(ContentType.JSON)
                .header("Authorization", "Bearer PgatehouseDemoProjectId00001:not-a-key")
                .get("/v1/mgmt/tenants").then().statusCode(401).body("detail", containsString("management key"));
        asProjectAdmin().queryParam("action", "management-key.authenticate").get("/v1/mgmt/audit")
                .then().body("items[0].outcome", equalTo("failure"));
    }
}
