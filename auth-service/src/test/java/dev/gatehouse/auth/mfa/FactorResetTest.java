package dev.gatehouse.auth.mfa;

import dev.gatehouse.auth.session.OneTimeCodes;
import dev.gatehouse.auth.support.Gatehouse;
import dev.gatehouse.auth.support.MockOAuth2ServerResource;
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

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * A tenant admin sees which members enrolled a second factor and resets a member's after a lost phone, through
 * tenant-service (which decides and audits) and auth-service (which holds the factors): the member's factor and
 * sessions end. Another tenant's admin sees nothing, and a member of two tenants is reset only by a project admin.
 */
@QuarkusTest
@WithTestResource(value = TenantServiceStack.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MockOAuth2ServerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = SmtpServer.class, scope = TestResourceScope.GLOBAL)
class FactorResetTest {

    @Inject
    OneTimeCodes codes;

    @Test
    void aTenantAdminSeesEnrolmentAndResetsAMembersFactorsWhoseSessionsEnd() {
        String tenant = Gatehouse.newTenant();
        String admin = Gatehouse.newUser(tenant, List.of("Tenant Admin"));
        String member = Gatehouse.newUser(tenant, List.of());
        String adminJwt = session(admin, tenant).getString("sessionJwt");
        var memberSession = session(member, tenant);
        String memberRefresh = memberSession.getString("refreshJwt");
        Gatehouse.withRefresh(memberRefresh).contentType(ContentType.JSON).body(Map.of("loginId", memberSession.getString("user.email")))
                .post("/v1/auth/totp/update").then().statusCode(200);

        asUser(adminJwt).body(Map.of("userIds", List.of(member, admin))).post("/v1/mgmt/tenants/" + tenant + "/users/factors")
                .then().statusCode(200).body(member + ".totp", equalTo(true)).body(member + ".passkeys", equalTo(0))
                .body(admin + ".totp", equalTo(false));

        // Another tenant's admin can neither see nor reset this tenant's members (the 404 of a tenant that does not
        // exist, so tenant ids cannot be probed), nor reach them through their own tenant.
        String other = Gatehouse.newTenant();
        String otherJwt = session(Gatehouse.newUser(other, List.of("Tenant Admin")), other).getString("sessionJwt");
        asUser(otherJwt).body(Map.of("userIds", List.of(member))).post("/v1/mgmt/tenants/" + tenant + "/users/factors")
                .then().statusCode(404);
        asUser(otherJwt).delete("/v1/mgmt/tenants/" + tenant + "/users/" + member + "/factors").then().statusCode(404);
        asUser(otherJwt).body(Map.of("userIds", List.of(member))).post("/v1/mgmt/tenants/" + other + "/users/factors")
                .then().statusCode(404);
        asUser(otherJwt).delete("/v1/mgmt/tenants/" + other + "/users/" + member + "/factors").then().statusCode(404);

        asUser(adminJwt).delete("/v1/mgmt/tenants/" + tenant + "/users/" + member + "/factors").then().statusCode(200)
                .body("totpRemoved", equalTo(true)).body("sessionsEnded", greaterThanOrEqualTo(1));
        Gatehouse.withRefresh(memberRefresh).contentType(ContentType.JSON).body(Map.of()).post("/v1/auth/refresh").then().statusCode(401);
        asUser(adminJwt).body(Map.of("userIds", List.of(member))).post("/v1/mgmt/tenants/" + tenant + "/users/factors")
                .then().statusCode(200).body(member + ".totp", equalTo(false));
        Gatehouse.management().queryParam("tenant", tenant).queryParam("action", "user.factors.reset").get("/v1/mgmt/audit")
                .then().statusCode(200).body("items.target", hasItem(member)).body("items.actor", hasItem("user:" + admin));
    }

    @Test
    void aMemberOfTwoTenantsIsResetOnlyByAProjectAdmin() {
        String tenant = Gatehouse.newTenant();
        String elsewhere = Gatehouse.newTenant();
        String admin = Gatehouse.newUser(tenant, List.of("Tenant Admin"));
        String member = Gatehouse.newUser(tenant, List.of());
        Gatehouse.management().put("/v1/mgmt/users/" + member + "/tenants/" + elsewhere).then().statusCode(200);
        String adminJwt = session(admin, tenant).getString("sessionJwt");

        asUser(adminJwt).delete("/v1/mgmt/tenants/" + tenant + "/users/" + member + "/factors").then().statusCode(403)
                .body("detail", containsString("another tenant"));
        Gatehouse.management().delete("/v1/mgmt/tenants/" + tenant + "/users/" + member + "/factors").then().statusCode(200);
    }

    private io.restassured.path.json.JsonPath session(String userId, String tenant) {
        return Gatehouse.exchange(Gatehouse.codeFor(codes, userId, tenant)).statusCode(200).extract().jsonPath();
    }

    private static RequestSpecification asUser(String sessionJwt) {
        return RestAssured.given().baseUri(TenantServiceStack.tenantServiceUrl()).contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + sessionJwt);
    }

}
