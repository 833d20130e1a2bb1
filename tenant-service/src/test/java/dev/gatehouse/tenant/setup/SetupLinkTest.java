package dev.gatehouse.tenant.setup;

import dev.gatehouse.embeddeddb.EmbeddedPostgresResource;
import dev.gatehouse.tenant.support.Api;
import dev.gatehouse.tenant.support.PeerHttpServer;
import dev.gatehouse.tenant.support.TestResources;
import dev.gatehouse.tenant.support.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.gatehouse.tenant.support.Api.asProjectAdmin;
import static dev.gatehouse.tenant.support.Api.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PeerHttpServer.class, scope = TestResourceScope.GLOBAL)
class SetupLinkTest {

    String tenant;
    String linkId;
    String secret;

    @BeforeEach
    void aSetupLink() {
        tenant = Api.createTenant(unique("setup") + ".example.com");
        var created = asProjectAdmin().body(Map.of()).post("/v1/mgmt/tenants/" + tenant + "/setup-links")
                .then().statusCode(201).body("secret", startsWith("gsl_")).extract();
        linkId = created.path("link.id");
        secret = created.path("secret");
    }

    @Test
    void linkHolderSetsUpSsoDomainsAndMappingsOfItsTenant() {
        asLink().get("/v1/mgmt/tenants/" + tenant).then().statusCode(200);
        asLink().get("/v1/mgmt/tenants/" + tenant + "/sso/sp").then().statusCode(200)
                .body("acsUrl", equalTo("http://localhost:8081/saml/acs/" + tenant));
        asLink().body(Map.of("type", "saml", "saml", Map.of("metadataXml", TestResources.metadata("idp-redirect-and-post.xml"))))
                .put("/v1/mgmt/tenants/" + tenant + "/sso").then().statusCode(200);
        asLink().body(Map.of("groupMappings", List.of(Map.of("group", "admins", "role", "Tenant Admin"))))
                .put("/v1/mgmt/tenants/" + tenant + "/sso/mappings").then().statusCode(200);
        asLink().body(Map.of("domain", unique("more") + ".example.com")).post("/v1/mgmt/tenants/" + tenant + "/domains")
                .then().statusCode(200);
        asLink().get("/v1/mgmt/roles").then().statusCode(200).body("name", hasItem("Tenant Admin"));
        asLink().get("/v1/mgmt/setup-link").then().statusCode(200).body("tenantId", equalTo(tenant)).body("linkId", equalTo(linkId));
        asProjectAdmin().get("/v1/mgmt/setup-link").then().statusCode(400);
    }

    @Test
    void linkHolderCanDoNothingElse() {
        asLink().get("/v1/mgmt/tenants/" + tenant + "/users").then().statusCode(403);
        asLink().queryParam("tenant", tenant).get("/v1/mgmt/audit").then().statusCode(403);
        asLink().delete("/v1/mgmt/tenants/" + tenant).then().statusCode(403);
        asLink().get("/v1/mgmt/tenants").then().statusCode(403);
        asLink().body(Map.of("name", "k")).post("/v1/mgmt/keys").then().statusCode(403);
        asLink().body(Map.of()).post("/v1/mgmt/tenants/" + tenant + "/setup-links").then().statusCode(403);
        asLink().get("/v1/mgmt/users").then().statusCode(403);
    }

    @Test
    void linkOfOneTenantSeesNothingOfAnother() {
        String other = Api.createTenant(unique("other") + ".example.com");
        asLink().get("/v1/mgmt/tenants/" + other).then().statusCode(404);
        asLink().get("/v1/mgmt/tenants/" + other + "/sso/sp").then().statusCode(404);
        asLink().body(Map.of("domain", unique("x") + ".example.com")).post("/v1/mgmt/tenants/" + other + "/domains")
                .then().statusCode(404);
    }

    @Test
    void everyUseIsAuditedAndTheSecretIsNeverListed() {
        asLink().get("/v1/mgmt/tenants/" + tenant).then().statusCode(200);
        asProjectAdmin().queryParam("tenant", tenant).queryParam("action", "setup-link.use").get("/v1/mgmt/audit")
                .then().body("items[0].actor", equalTo("link:" + linkId))
                .body("items[0].target", equalTo("/v1/mgmt/tenants/" + tenant));
        asProjectAdmin().get("/v1/mgmt/tenants/" + tenant + "/setup-links").then().statusCode(200)
                .body("[0].id", equalTo(linkId)).body("[0].secret", nullValue()).body("[0].lastUsedAt", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void revokedLinkIsRefused() {
        asProjectAdmin().delete("/v1/mgmt/tenants/" + tenant + "/setup-links/" + linkId).then().statusCode(204);
        asLink().get("/v1/mgmt/tenants/" + tenant).then().statusCode(401).body("detail", containsString("setup link"));
    }

    @Test
    void expiredLinkIsRefused() throws InterruptedException {
        String shortLived = asProjectAdmin().body(Map.of("validFor", "PT1S")).post("/v1/mgmt/tenants/" + tenant + "/setup-links")
                .then().statusCode(201).extract().path("secret");
        Thread.sleep(1100);
        bearer(TestTokens.PROJECT_ID + ":" + shortLived).get("/v1/mgmt/tenants/" + tenant).then().statusCode(401);
    }

    @Test
    void lifetimeIsBounded() {
        asProjectAdmin().body(Map.of("validFor", "P31D")).post("/v1/mgmt/tenants/" + tenant + "/setup-links")
                .then().statusCode(400).body("detail", containsString("P30D"));
        asProjectAdmin().body(Map.of()).post("/v1/mgmt/tenants/no-such-tenant/setup-links").then().statusCode(404);
    }

    @Test
    void onlyProjectAdminsCreateLinks() {
        String admin = Api.createTenantAdmin(tenant);
        Api.asUser(admin).body(Map.of()).post("/v1/mgmt/tenants/" + tenant + "/setup-links").then().statusCode(403);
    }

    private RequestSpecification asLink() {
        return bearer(TestTokens.PROJECT_ID + ":" + secret);
    }

    private static RequestSpecification bearer(String token) {
        return RestAssured.given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token);
    }
}
