package dev.gatehouse.auth.scim;

import dev.gatehouse.auth.session.OneTimeCodes;
import dev.gatehouse.auth.support.Gatehouse;
import dev.gatehouse.auth.support.TenantServiceStack;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static dev.gatehouse.auth.support.Gatehouse.exchange;
import static dev.gatehouse.auth.support.Gatehouse.withRefresh;
import static org.hamcrest.Matchers.equalTo;

/**
 * Leaving the company ends access at once: a SCIM deactivation or deletion at tenant-service ends the user's sessions
 * here, so the very next refresh is refused (not the refresh token's 30 days later).
 */
@QuarkusTest
@WithTestResource(value = TenantServiceStack.class, scope = TestResourceScope.GLOBAL)
class ScimDeprovisioningTest {

    @Inject
    OneTimeCodes codes;

    @Test
    void deactivationAndDeletionEndTheSessionsAtOnce() {
        String tenant = Gatehouse.newTenant();
        String token = Gatehouse.management().post("/v1/mgmt/tenants/" + tenant + "/scim/tokens").then().statusCode(201)
                .extract().path("secret");
        String leaver = createUser(token, tenant);
        String deleted = createUser(token, tenant);
        String leaverRefresh = signIn(leaver, tenant);
        String deletedRefresh = signIn(deleted, tenant);
        withRefresh(leaverRefresh).post("/v1/auth/refresh").then().statusCode(200);

        scim(token).body("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                        + "\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}")
                .patch("/scim/v2/" + tenant + "/Users/" + leaver).then().statusCode(200).body("active", equalTo(false));
        withRefresh(leaverRefresh).post("/v1/auth/refresh").then().statusCode(401);

        scim(token).delete("/scim/v2/" + tenant + "/Users/" + deleted).then().statusCode(204);
        withRefresh(deletedRefresh).post("/v1/auth/refresh").then().statusCode(401);
        Gatehouse.management().queryParam("tenant", tenant).queryParam("action", "user.sessions.revoke")
                .get("/v1/mgmt/audit").then().body("total", equalTo(2));
    }

    private String signIn(String userId, String tenant) {
        return exchange(Gatehouse.codeFor(codes, userId, tenant)).statusCode(200).extract().path("refreshJwt");
    }

    private static String createUser(String token, String tenant) {
        return scim(token).body(Map.of("userName", "leaver-" + UUID.randomUUID().toString().substring(0, 8)))
                .post("/scim/v2/" + tenant + "/Users").then().statusCode(201).extract().path("id");
    }

    private static RequestSpecification scim(String token) {
        return RestAssured.given().baseUri(TenantServiceStack.tenantServiceUrl()).contentType("application/scim+json")
                .header("Authorization", "Bearer " + token);
    }
}
