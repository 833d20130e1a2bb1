package dev.gatehouse.auth.session;

import dev.gatehouse.auth.support.Gatehouse;
import dev.gatehouse.auth.support.MockOAuth2ServerResource;
import dev.gatehouse.auth.support.SmtpServer;
import dev.gatehouse.auth.support.TenantServiceStack;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.gatehouse.auth.support.Gatehouse.PROJECT_ID;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.hasItem;

/**
 * Ending sessions without their refresh tokens: the user's own list ("Your sessions": one device, every other one),
 * a tenant admin's view of a member (through tenant-service, which decides and audits), and Descope's logoutUser with
 * a management key.
 */
@QuarkusTest
@WithTestResource(value = TenantServiceStack.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MockOAuth2ServerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = SmtpServer.class, scope = TestResourceScope.GLOBAL)
class SessionManagementTest {

    @Inject
    OneTimeCodes codes;

    @Test
    void aUserSeesTheirSessionsAndSignsOutOneDeviceThenAllOthers() {
        String tenant = Gatehouse.newTenant();
        String userId = Gatehouse.newUser(tenant, List.of());
        JsonPath laptop = signIn(userId, tenant, "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0", "203.0.113.7");
        JsonPath phone = signIn(userId, tenant, "Mozilla/5.0 (iPhone) Safari/605.1", "198.51.100.9");
        JsonPath tablet = signIn(userId, tenant, "Mozilla/5.0 (Android) Firefox/133.0", "192.0.2.44");

        asSession(laptop).get("/v1/auth/sessions").then().statusCode(200)
                .body("sessions", hasSize(3))
                .body("sessions.clientAddress", containsInAnyOrder("203.0.113.7", "198.51.100.9", "192.0.2.44"))
                .body("sessions.find { it.current }.userAgent", containsString("Chrome"))
                .body("sessions.find { it.current }.methods", equalTo(List.of("saml")))
                .body("sessions[0]", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("refreshJwt")));

        String phoneSid = sid(phone);
        asSession(laptop).delete("/v1/auth/sessions/" + phoneSid).then().statusCode(200);
        refresh(phone).statusCode(401);
        asSession(laptop).delete("/v1/auth/sessions/" + phoneSid).then().statusCode(404).body("errorCode", equalTo("E061201"));

        // Another user's session id is not this user's to end.
        JsonPath stranger = signIn(Gatehouse.newUser(tenant, List.of()), tenant, "curl/8", "192.0.2.1");
        asSession(stranger).delete("/v1/auth/sessions/" + sid(laptop)).then().statusCode(404);
        asSession(laptop).get("/v1/auth/sessions").then().statusCode(200).body("sessions", hasSize(2));

        asSession(laptop).post("/v1/auth/sessions/others/revoke").then().statusCode(200).body("ended", equalTo(1));
        refresh(tablet).statusCode(401);
        asSession(laptop).get("/v1/auth/sessions").then().statusCode(200).body("sessions", hasSize(1));
        RestAssured.given().header("Authorization", "Bearer " + PROJECT_ID).get("/v1/auth/sessions").then().statusCode(401);
    }

    @Test
    void aTenantAdminSeesAndEndsAMembersSessionsAndOnlyThere() {
        String tenant = Gatehouse.newTenant();
        String admin = Gatehouse.newUser(tenant, List.of("Tenant Admin"));
        String member = Gatehouse.newUser(tenant, List.of());
        String adminJwt = signIn(admin, tenant, "admin-browser", "192.0.2.10").getString("sessionJwt");
        JsonPath memberSession = signIn(member, tenant, "member-browser", "192.0.2.11");

        tenantService(adminJwt).get("/v1/mgmt/tenants/" + tenant + "/users/" + member + "/sessions").then().statusCode(200)
                .body("sessions", hasSize(1)).body("sessions[0].userAgent", equalTo("member-browser"));

        String other = Gatehouse.newTenant();
        String otherJwt = signIn(Gatehouse.newUser(other, List.of("Tenant Admin")), other, "x", "192.0.2.12").getString("sessionJwt");
        tenantService(otherJwt).get("/v1/mgmt/tenants/" + tenant + "/users/" + member + "/sessions").then().statusCode(404);
        tenantService(otherJwt).delete("/v1/mgmt/tenants/" + other + "/users/" + member + "/sessions").then().statusCode(404);
        tenantService(adminJwt).get("/v1/mgmt/tenants/" + tenant + "/users/" + member + "/sessions").then().statusCode(200)
                .body("sessions", hasSize(1));

        tenantService(adminJwt).delete("/v1/mgmt/tenants/" + tenant + "/users/" + member + "/sessions").then().statusCode(200)
                .body("ended", equalTo(1));
        refresh(memberSession).statusCode(401);
        Gatehouse.management().queryParam("tenant", tenant).queryParam("action", "user.sessions.revoke").get("/v1/mgmt/audit")
                .then().statusCode(200).body("items.target", hasItem(member));

        // A member of another tenant too: only a project admin ends their sessions.
        Gatehouse.management().put("/v1/mgmt/users/" + member + "/tenants/" + other).then().statusCode(200);
        tenantService(adminJwt).delete("/v1/mgmt/tenants/" + tenant + "/users/" + member + "/sessions").then().statusCode(403);
    }

    @Test
    void descopesLogoutUserEndsEverySessionWithAManagementKey() {
        String tenant = Gatehouse.newTenant();
        String userId = Gatehouse.newUser(tenant, List.of());
        JsonPath one = signIn(userId, tenant, "a", "192.0.2.20");
        JsonPath two = signIn(userId, tenant, "b", "192.0.2.21");
        String loginId = one.getString("user.email");

        RestAssured.given().contentType(ContentType.JSON).header("Authorization", "Bearer " + PROJECT_ID)
                .body(Map.of("loginId", loginId)).post("/v1/mgmt/user/logout").then().statusCode(401);
        management().body(Map.of()).post("/v1/mgmt/user/logout").then().statusCode(400).body("errorCode", equalTo("E011009"));
        management().body(Map.of("loginId", "nobody-" + loginId)).post("/v1/mgmt/user/logout").then().statusCode(404);
        management().body(Map.of("loginId", loginId)).post("/v1/mgmt/user/logout").then().statusCode(200);
        refresh(one).statusCode(401);
        refresh(two).statusCode(401);
    }

    private JsonPath signIn(String userId, String tenant, String userAgent, String address) {
        return RestAssured.given().contentType(ContentType.JSON).header("Authorization", "Bearer " + PROJECT_ID)
                .header("User-Agent", userAgent).header("X-Forwarded-For", address)
                .body(Map.of("code", Gatehouse.codeFor(codes, userId, tenant))).post("/v1/auth/sso/exchange")
                .then().statusCode(200).extract().jsonPath();
    }

    private static String sid(JsonPath session) {
        return JsonPath.from(new String(java.util.Base64.getUrlDecoder().decode(session.getString("sessionJwt").split("\\.")[1])))
                .getString("sid");
    }

    private static RequestSpecification asSession(JsonPath session) {
        return RestAssured.given().contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + PROJECT_ID + ":" + session.getString("refreshJwt"));
    }

    private static io.restassured.response.ValidatableResponse refresh(JsonPath session) {
        return asSession(session).body(Map.of()).post("/v1/auth/refresh").then();
    }

    private static RequestSpecification tenantService(String sessionJwt) {
        return RestAssured.given().baseUri(TenantServiceStack.tenantServiceUrl()).contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + sessionJwt);
    }

    private static RequestSpecification management() {
        return RestAssured.given().contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + PROJECT_ID + ":" + TenantServiceStack.MANAGEMENT_KEY);
    }
}
