package dev.gatehouse.tenant.scim;

import dev.gatehouse.embeddeddb.EmbeddedPostgresResource;
import dev.gatehouse.tenant.support.Api;
import dev.gatehouse.tenant.support.PeerHttpServer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.tenant.support.Api.asAuthService;
import static dev.gatehouse.tenant.support.Api.asProjectAdmin;
import static dev.gatehouse.tenant.support.Api.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * The request bodies Okta's and Entra ID's provisioning documentation publish, as they send them; the tenant
 * boundary (another tenant's token, ids and addresses); RFC 7644 errors; and SSO sign-ins meeting SCIM users.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PeerHttpServer.class, scope = TestResourceScope.GLOBAL)
class ScimIdpShapesTest {

    private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    @Test
    void oktaCreatesFindsDeactivatesAndPushesGroups() {
        String domain = unique("okta") + ".test";
        String tenant = Api.createTenant(domain);
        ScimFixtures.samlWithMapping(tenant, "Test SCIMv2", "Tenant Admin");
        String token = ScimFixtures.token(tenant);
        String user = "test.user@" + domain;
        String id = scim(token).body("""
                        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s",
                         "name":{"givenName":"Test","familyName":"User"},
                         "emails":[{"primary":true,"value":"%s","type":"work"}],"displayName":"Test User","locale":"en-US",
                         "externalId":"00ujl29u0le5T6Aj10h7","groups":[],"password":"1mz050nq","active":true}""".formatted(user, user))
                .post(base(tenant) + "/Users").then().statusCode(201).contentType(containsString("application/scim+json"))
                .header("ETag", "W/\"1\"").body("id", notNullValue()).body("password", nullValue())
                .body("meta.location", containsString("/scim/v2/" + tenant + "/Users/")).extract().path("id");
        scim(token).queryParam("filter", "userName eq \"" + user + "\"").queryParam("startIndex", 1).queryParam("count", 100)
                .get(base(tenant) + "/Users").then().statusCode(200)
                .body("totalResults", equalTo(1)).body("Resources[0].id", equalTo(id)).body("itemsPerPage", equalTo(1));

        String group = scim(token).body("""
                        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Test SCIMv2","members":[]}""")
                .post(base(tenant) + "/Groups").then().statusCode(201).extract().path("id");
        scim(token).body("""
                        {"schemas":["%s"],"Operations":[{"op":"replace","value":{"id":"%s","displayName":"Test SCIMv2"}}]}"""
                        .formatted(PATCH_OP, group)).patch(base(tenant) + "/Groups/" + group).then().statusCode(200);
        scim(token).body("""
                        {"schemas":["%s"],"Operations":[{"op":"add","path":"members","value":[{"value":"%s","display":"%s"}]}]}"""
                        .formatted(PATCH_OP, id, user)).patch(base(tenant) + "/Groups/" + group).then().statusCode(200)
                .body("members[0].value", equalTo(id));
        asProjectAdmin().get("/v1/mgmt/users/" + id).then()
                .body("userTenants.find { it.tenantId == '" + tenant + "' }.roleNames", hasItem("Tenant Admin"));

        scim(token).body("""
                        {"schemas":["%s"],"Operations":[{"op":"replace","value":{"active":false}}]}""".formatted(PATCH_OP))
                .patch(base(tenant) + "/Users/" + id).then().statusCode(200).body("active", equalTo(false))
                .header("ETag", "W/\"2\"");
        asProjectAdmin().get("/v1/mgmt/users/" + id).then()
                .body("userTenants.tenantId", not(hasItem(tenant)));
        asProjectAdmin().queryParam("tenant", tenant).queryParam("action", "scim.user.deactivate").get("/v1/mgmt/audit")
                .then().body("items[0].actor", containsString("scim:"));
    }

    @Test
    void entraIdSendsCapitalisedOpsStringBooleansFilteredPathsAndTheEnterpriseExtension() {
        String tenant = Api.createTenant(unique("entra") + ".test");
        String token = ScimFixtures.token(tenant);
        String userName = "Test_User_" + unique("");
        String id = scim(token).body("""
                        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                         "externalId":"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef","userName":"%s","active":true,
                         "emails":[{"primary":true,"type":"work","value":"%s@testuser.com"}],"meta":{"resourceType":"User"},
                         "name":{"formatted":"givenName familyName","familyName":"familyName","givenName":"givenName"},"roles":[],
                         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Sales"}}""".formatted(userName, userName))
                .post(base(tenant) + "/Users").then().statusCode(201).extract().path("id");
        scim(token).body("""
                        {"schemas":["%s"],"Operations":[
                          {"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"updatedEmail@microsoft.com"},
                          {"op":"Replace","path":"name.familyName","value":"updatedFamilyName"},
                          {"op":"Add","path":"phoneNumbers[type eq \\"mobile\\"].value","value":"+1 555 0100"},
                          {"op":"Add","value":{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"701984",
                                               "displayName":"Updated Name"}}]}""".formatted(PATCH_OP))
                .patch(base(tenant) + "/Users/" + id).then().statusCode(200)
                .body("emails[0].value", equalTo("updatedEmail@microsoft.com"))
                .body("name.familyName", equalTo("updatedFamilyName"))
                .body("phoneNumbers[0].value", equalTo("+1 555 0100"))
                .body("displayName", equalTo("Updated Name"))
                .body("'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'.employeeNumber", equalTo("701984"))
                .body("'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'.department", equalTo("Sales"));
        scim(token).body("""
                        {"schemas":["%s"],"Operations":[{"op":"Replace","path":"active","value":"False"}]}""".formatted(PATCH_OP))
                .patch(base(tenant) + "/Users/" + id).then().statusCode(200).body("active", equalTo(false));
        scim(token).queryParam("filter", "userName eq \"" + userName + "\"").get(base(tenant) + "/Users").then()
                .body("totalResults", equalTo(1));
        String group = scim(token).body("""
                        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Sales","externalId":"8aa1a0c0"}""")
                .post(base(tenant) + "/Groups").then().statusCode(201).extract().path("id");
        scim(token).queryParam("excludedAttributes", "members").queryParam("filter", "displayName eq \"Sales\"")
                .get(base(tenant) + "/Groups").then().body("Resources[0].id", equalTo(group))
                .body("Resources[0].members", nullValue());
        scim(token).body("""
                        {"schemas":["%s"],"Operations":[{"op":"Add","path":"members","value":[{"$ref":null,"value":"%s"}]}]}"""
                        .formatted(PATCH_OP, id)).patch(base(tenant) + "/Groups/" + group).then().statusCode(200)
                .body("members.value", hasItem(id));
        scim(token).body("""
                        {"schemas":["%s"],"Operations":[{"op":"Remove","path":"members","value":[{"$ref":null,"value":"%s"}]}]}"""
                        .formatted(PATCH_OP, id)).patch(base(tenant) + "/Groups/" + group).then().statusCode(200)
                .body("members", org.hamcrest.Matchers.empty());
        scim(token).queryParam("attributes", "userName").get(base(tenant) + "/Users/" + id).then()
                .body("userName", equalTo(userName)).body("emails", nullValue()).body("id", equalTo(id));
    }

    @Test
    void anotherTenantsTokenIdsAndAddressesGetNowhere() {
        String domainA = unique("sa") + ".test";
        String tenantA = Api.createTenant(domainA);
        String tenantB = Api.createTenant(unique("sb") + ".test");
        String tokenA = ScimFixtures.token(tenantA);
        String tokenB = ScimFixtures.token(tenantB);
        String ada = scim(tokenA).body(Map.of("userName", "ada@" + domainA)).post(base(tenantA) + "/Users").then()
                .statusCode(201).extract().path("id");

        for (String path : List.of("/Users", "/Users/" + ada, "/Groups", "/ServiceProviderConfig", "/Schemas", "/ResourceTypes")) {
            scim(tokenB).get(base(tenantA) + path).then().statusCode(401)
                    .body("schemas[0]", equalTo("urn:ietf:params:scim:api:messages:2.0:Error")).body("status", equalTo("401"));
        }
        scim(tokenB).body(Map.of("userName", "x")).post(base(tenantA) + "/Users").then().statusCode(401);
        scim(tokenB).delete(base(tenantA) + "/Users/" + ada).then().statusCode(401);
        RestAssured.given().header("Authorization", "Bearer " + dev.gatehouse.tenant.support.TestTokens.PROJECT_ID + ":"
                + Api.MANAGEMENT_KEY).get(base(tenantA) + "/Users").then().statusCode(401);
        RestAssured.given().get(base(tenantA) + "/Users").then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"));
        // A tenant admin's session (of A itself, even) is not a SCIM credential either.
        String adminOfA = Api.createTenantAdmin(tenantA);
        Api.asUser(adminOfA).get(base(tenantA) + "/Users").then().statusCode(401);

        // B's own directory: A's user id is nobody there, and cannot be made a member of B's groups.
        scim(tokenB).get(base(tenantB) + "/Users/" + ada).then().statusCode(404);
        // ... and A's group id is no group there: neither it nor its members are read.
        String groupOfA = scim(tokenA).body(Map.of("displayName", "Admins", "members", List.of(Map.of("value", ada))))
                .post(base(tenantA) + "/Groups").then().statusCode(201).extract().path("id");
        scim(tokenB).get(base(tenantB) + "/Groups/" + groupOfA).then().statusCode(404);
        scim(tokenB).body(Map.of("displayName", "Admins", "members", List.of(Map.of("value", ada))))
                .post(base(tenantB) + "/Groups").then().statusCode(400).body("scimType", equalTo("invalidValue"));
        // B naming A's verified address gets a separate account without that address, never A's user.
        String lookalike = scim(tokenB).body(Map.of("userName", "ada@" + domainA,
                        "emails", List.of(Map.of("value", "ada@" + domainA, "primary", true))))
                .post(base(tenantB) + "/Users").then().statusCode(201).extract().path("id");
        org.assertj.core.api.Assertions.assertThat(lookalike).isNotEqualTo(ada);
        asProjectAdmin().get("/v1/mgmt/users/" + lookalike).then().body("email", nullValue())
                .body("userTenants.tenantId", not(hasItem(tenantA)));
        asProjectAdmin().get("/v1/mgmt/users/" + ada).then().body("email", equalTo("ada@" + domainA))
                .body("userTenants.tenantId", not(hasItem(tenantB)));
        // A tenant admin of B cannot mint A's tokens; a revoked token stops at once.
        String adminOfB = Api.createTenantAdmin(tenantB);
        Api.asUser(adminOfB).post("/v1/mgmt/tenants/" + tenantA + "/scim/tokens").then().statusCode(404);
        String tokenId = Api.asUser(adminOfB).get("/v1/mgmt/tenants/" + tenantB + "/scim/tokens").then().statusCode(200)
                .body("baseUrl", containsString("/scim/v2/" + tenantB)).extract().path("tokens[0].id");
        Api.asUser(adminOfB).delete("/v1/mgmt/tenants/" + tenantB + "/scim/tokens/" + tokenId).then().statusCode(204);
        scim(tokenB).get(base(tenantB) + "/Users").then().statusCode(401);
    }

    @Test
    void errorsFollowRfc7644AndChangeNothing() {
        String tenant = Api.createTenant(unique("serr") + ".test");
        String token = ScimFixtures.token(tenant);
        String id = scim(token).body(Map.of("userName", "grace", "externalId", "ext-grace")).post(base(tenant) + "/Users")
                .then().statusCode(201).extract().path("id");
        scim(token).body(Map.of("userName", "GRACE")).post(base(tenant) + "/Users").then().statusCode(409)
                .body("scimType", equalTo("uniqueness")).body("status", equalTo("409"));
        scim(token).body(Map.of("userName", "other", "externalId", "ext-grace")).post(base(tenant) + "/Users").then().statusCode(409);
        scim(token).body(Map.of("displayName", "no userName")).post(base(tenant) + "/Users").then().statusCode(400)
                .body("scimType", equalTo("invalidValue")).body("detail", containsString("userName"));
        scim(token).body("{not json").post(base(tenant) + "/Users").then().statusCode(400).body("scimType", equalTo("invalidSyntax"));
        scim(token).queryParam("filter", "userName eq").get(base(tenant) + "/Users").then().statusCode(400)
                .body("scimType", equalTo("invalidFilter"));
        scim(token).queryParam("filter", "userName xx \"grace\"").get(base(tenant) + "/Users").then().statusCode(400)
                .body("detail", containsString("xx"));
        scim(token).body("{\"Operations\":[{\"op\":\"merge\",\"path\":\"active\",\"value\":false}]}")
                .patch(base(tenant) + "/Users/" + id).then().statusCode(400).body("detail", containsString("merge"));
        scim(token).header("If-Match", "W/\"7\"").body(Map.of("userName", "grace2")).put(base(tenant) + "/Users/" + id)
                .then().statusCode(412);
        scim(token).header("If-Match", "W/\"1\"").body(Map.of("userName", "grace2")).put(base(tenant) + "/Users/" + id)
                .then().statusCode(200).header("ETag", "W/\"2\"");
        scim(token).get(base(tenant) + "/Users/nobody").then().statusCode(404).body("status", equalTo("404"));
        scim(token).get(base(tenant) + "/Users/" + id).then().body("userName", equalTo("grace2")).body("active", equalTo(true));
    }

    @Test
    void anSsoSignInMeetsItsDirectoryUserAndADeactivatedOneIsRefused() {
        String domain = unique("ssoscim") + ".test";
        String tenant = Api.createTenant(domain);
        ScimFixtures.samlWithMapping(tenant, "admins", "Tenant Admin");
        String token = ScimFixtures.token(tenant);
        String id = scim(token).body(Map.of("userName", "carol@" + domain, "externalId", "00u-carol"))
                .post(base(tenant) + "/Users").then().statusCode(201).extract().path("id");
        // Okta's NameID is the userName; Entra's can be the externalId (objectId): either one is the same user.
        asAuthService().body(samlLogin(tenant, "carol@" + domain, "carol@" + domain)).post("/internal/users/provision").then()
                .statusCode(200).body("user.userId", equalTo(id)).body("firstSeen", equalTo(false));
        String other = scim(token).body(Map.of("userName", "dave", "externalId", "a1b2-dave")).post(base(tenant) + "/Users")
                .then().statusCode(201).extract().path("id");
        asAuthService().body(samlLogin(tenant, "a1b2-dave", null)).post("/internal/users/provision").then()
                .statusCode(200).body("user.userId", equalTo(other));

        scim(token).body("{\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}")
                .patch(base(tenant) + "/Users/" + id).then().statusCode(200);
        asAuthService().body(samlLogin(tenant, "carol@" + domain, "carol@" + domain)).post("/internal/users/provision").then()
                .statusCode(403).body("detail", containsString("deactivated in the directory"));
        asProjectAdmin().get("/v1/mgmt/users/" + id).then().body("userTenants.tenantId", not(hasItem(tenant)));
    }

    @Test
    void aDeactivatedDirectoryUserIsNotLetBackInBySelfProvisioning() {
        String domain = unique("selfprov") + ".test";
        String tenant = Api.createTenant(domain);
        asProjectAdmin().body(Map.of("selfProvisioning", true)).patch("/v1/mgmt/tenants/" + tenant).then().statusCode(200);
        String token = ScimFixtures.token(tenant);
        String id = scim(token).body(Map.of("userName", "erin@" + domain, "active", false)).post(base(tenant) + "/Users")
                .then().statusCode(201).extract().path("id");
        Map<String, Object> google = new HashMap<>(Map.of("issuer", "https://accounts.google.com", "subject", unique("g-"),
                "kind", "oauth", "provider", "google", "email", "erin@" + domain, "emailVerified", true));
        asAuthService().body(google).post("/internal/users/provision").then().statusCode(200)
                .body("user.userId", equalTo(id));
        asProjectAdmin().get("/v1/mgmt/users/" + id).then().body("userTenants.tenantId", not(hasItem(tenant)));
    }

    private static Map<String, Object> samlLogin(String tenant, String subject, String email) {
        Map<String, Object> login = new HashMap<>();
        login.put("issuer", "urn:idp:" + tenant);
        login.put("subject", subject);
        login.put("kind", "saml");
        login.put("provider", tenant);
        login.put("tenantId", tenant);
        login.put("connectionId", asAuthService().get("/internal/tenants/" + tenant).then().extract().path("connection.connectionId"));
        login.put("email", email);
        login.put("emailVerified", false);
        return login;
    }

    private static RequestSpecification scim(String token) {
        return RestAssured.given().contentType("application/scim+json").header("Authorization", "Bearer " + token);
    }

    private static String base(String tenant) {
        return "/scim/v2/" + tenant;
    }
}
