package dev.gatehouse.tenant.access;

import dev.gatehouse.embeddeddb.EmbeddedPostgresResource;
import dev.gatehouse.tenant.support.PeerHttpServer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import dev.gatehouse.tenant.support.Api;
import dev.gatehouse.tenant.support.TestTokens;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.gatehouse.tenant.support.Api.asProjectAdmin;
import static dev.gatehouse.tenant.support.Api.asUser;
import static dev.gatehouse.tenant.support.Api.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PeerHttpServer.class, scope = TestResourceScope.GLOBAL)
class AccessRulesTest {

    String tenantA;
    String tenantB;
    String adminOfA;
    String plainUserOfA;

    @BeforeEach
    void twoTenants() {
        tenantA = Api.createTenant(unique("a") + ".example.com");
        tenantB = Api.createTenant(unique("b") + ".example.com");
        adminOfA = Api.createTenantAdmin(tenantA);
        plainUserOfA = Api.createMember(tenantA);
    }

    @Test
    void tenantAdminReadsAndChangesOwnTenant() {
        asUser(adminOfA).get("/v1/mgmt/tenants/" + tenantA).then().statusCode(200);
        asUser(adminOfA).body(Map.of("domain", unique("new") + ".example.com"))
                .post("/v1/mgmt/tenants/" + tenantA + "/domains").then().statusCode(200)
                .body("domains", hasSize(1)).body("pendingDomains", hasSize(1));
        asUser(adminOfA).get("/v1/mgmt/tenants/" + tenantA + "/users").then().statusCode(200).body("total", equalTo(2));
        asUser(adminOfA).put("/v1/mgmt/tenants/" + tenantA + "/users/" + plainUserOfA + "/roles/Tenant Admin")
                .then().statusCode(200).body("userTenants[0].roleNames", equalTo(List.of("Tenant Admin")));
    }

    @Test
    void tenantAdminGets404OnEveryEndpointOfAnotherTenant() {
        String userOfB = Api.createMember(tenantB);
        String base = "/v1/mgmt/tenants/" + tenantB;
        asUser(adminOfA).get(base).then().statusCode(404);
        asUser(adminOfA).body(Map.of("domain", unique("x") + ".example.com")).post(base + "/domains").then().statusCode(404);
        asUser(adminOfA).delete(base + "/domains/whatever.example.com").then().statusCode(404);
        asUser(adminOfA).get(base + "/sso").then().statusCode(404);
        asUser(adminOfA).get(base + "/sso/sp").then().statusCode(404);
        asUser(adminOfA).body(Map.of("type", "saml", "saml", Map.of("metadataUrl", "https://idp.example.com/md")))
                .put(base + "/sso").then().statusCode(404);
        asUser(adminOfA).body(Map.of("groupMappings", List.of())).put(base + "/sso/mappings").then().statusCode(404);
        asUser(adminOfA).delete(base + "/sso").then().statusCode(404);
        asUser(adminOfA).get(base + "/users").then().statusCode(404);
        asUser(adminOfA).put(base + "/users/" + userOfB + "/roles/Tenant Admin").then().statusCode(404);
        asUser(adminOfA).queryParam("tenant", tenantB).get("/v1/mgmt/audit").then().statusCode(404);
        asProjectAdmin().get("/v1/mgmt/users/" + userOfB).then().body("userTenants[0].roleNames", hasSize(0));
    }

    @Test
    void tenantAdminCannotUseProjectWideEndpoints() {
        asUser(adminOfA).get("/v1/mgmt/tenants").then().statusCode(403);
        asUser(adminOfA).body(Map.of("name", unique("T "))).post("/v1/mgmt/tenants").then().statusCode(403);
        asUser(adminOfA).get("/v1/mgmt/users").then().statusCode(403);
        asUser(adminOfA).body(Map.of("name", "k")).post("/v1/mgmt/keys").then().statusCode(403);
        asUser(adminOfA).delete("/v1/mgmt/tenants/" + tenantA).then().statusCode(403);
        asUser(adminOfA).get("/v1/mgmt/audit").then().statusCode(403);
    }

    @Test
    void tenantAdminCannotPullOutsidersIntoTheirTenant() {
        String outsider = Api.createMember(tenantB);
        asUser(adminOfA).put("/v1/mgmt/tenants/" + tenantA + "/users/" + outsider + "/roles/Tenant Admin")
                .then().statusCode(404).body("detail", containsString("no member"));
    }

    @Test
    void plainUserGets403() {
        asUser(plainUserOfA).get("/v1/mgmt/tenants/" + tenantA).then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("Tenant Admin"));
        asUser(plainUserOfA).get("/v1/mgmt/tenants/" + tenantB).then().statusCode(403);
    }

    @Test
    void revokedAdminRoleStopsWorkingAtOnce() {
        asProjectAdmin().delete("/v1/mgmt/tenants/" + tenantA + "/users/" + adminOfA + "/roles/Tenant Admin")
                .then().statusCode(200);
        asUser(adminOfA).get("/v1/mgmt/tenants/" + tenantA).then().statusCode(403);
    }

    @Test
    void disabledAdminIsRefused() {
        asProjectAdmin().post("/v1/mgmt/users/" + adminOfA + "/disable").then().statusCode(200).body("status", equalTo("disabled"));
        asUser(adminOfA).get("/v1/mgmt/tenants/" + tenantA).then().statusCode(403);
    }

    @Test
    void rejectsSessionJwtSignedByAnotherKey() {
        bearer(TestTokens.signedByAnotherKey(adminOfA)).get("/v1/mgmt/tenants/" + tenantA).then().statusCode(401);
    }

    @Test
    void rejectsUnsignedJwt() {
        bearer(TestTokens.unsigned(adminOfA)).get("/v1/mgmt/tenants/" + tenantA).then().statusCode(401);
    }

    @Test
    void rejectsExpiredJwt() {
        bearer(TestTokens.session(adminOfA, c -> c.setExpirationTimeMinutesInTheFuture(-5)))
                .get("/v1/mgmt/tenants/" + tenantA).then().statusCode(401);
    }

    @Test
    void rejectsWrongIssuer() {
        bearer(TestTokens.session(adminOfA, c -> c.setIssuer("https://evil.example/PgatehouseDemoProjectId00001")))
                .get("/v1/mgmt/tenants/" + tenantA).then().statusCode(401);
    }

    @Test
    void rejectsWrongAudience() {
        bearer(TestTokens.session(adminOfA, c -> c.setAudience("PanotherProjectId0000000000001")))
                .get("/v1/mgmt/tenants/" + tenantA).then().statusCode(401);
    }

    @Test
    void rejectsRefreshJwtUsedAsSessionJwt() {
        bearer(TestTokens.session(adminOfA, c -> c.setClaim("drn", "DSR")))
                .get("/v1/mgmt/tenants/" + tenantA).then().statusCode(401);
    }

    @Test
    void rejectsTamperedJwt() {
        String[] parts = TestTokens.session(plainUserOfA).split("\\.");
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1])).replace(plainUserOfA, adminOfA).getBytes());
        bearer(parts[0] + "." + forged + "." + parts[2]).get("/v1/mgmt/tenants/" + tenantA).then().statusCode(401);
    }

    @Test
    void managementKeysAreShownOnceStoredHashedAndRevocable() {
        String secret = asProjectAdmin().body(Map.of("name", "ci")).post("/v1/mgmt/keys")
                .then().statusCode(201).extract().path("secret");
        String keyId = managementKey(secret).get("/v1/mgmt/keys").then().statusCode(200)
                .body("find { it.name == 'ci' }.secret", org.hamcrest.Matchers.nullValue())
                .extract().path("find { it.name == 'ci' }.id");
        asProjectAdmin().delete("/v1/mgmt/keys/" + keyId).then().statusCode(204);
        managementKey(secret).get("/v1/mgmt/keys").then().statusCode(401);
    }

    @Test
    void expiredManagementKeyIsRefused() {
        asProjectAdmin().body(Map.of("name", "old", "expiresAt", "2001-01-01T00:00:00Z")).post("/v1/mgmt/keys")
                .then().statusCode(400).body("detail", containsString("future"));
    }

    @Test
    void internalApiNeedsTheServiceToken() {
        given().get("/internal/tenants/" + tenantA).then().statusCode(401);
        bearer("wrong").get("/internal/tenants/" + tenantA).then().statusCode(401);
        asUser(adminOfA).get("/internal/tenants/" + tenantA).then().statusCode(401);
        Api.asAuthService().get("/internal/tenants/" + tenantA).then().statusCode(200).body("id", equalTo(tenantA));
    }

    private static io.restassured.specification.RequestSpecification bearer(String token) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token);
    }

    private static io.restassured.specification.RequestSpecification managementKey(String secret) {
        return bearer(TestTokens.PROJECT_ID + ":" + secret);
    }
}
