package dev.gatehouse.auth.session;

import dev.gatehouse.auth.support.Gatehouse;
import dev.gatehouse.auth.support.MutableClock;
import dev.gatehouse.auth.support.Nimbus;
import dev.gatehouse.auth.support.TenantServiceStack;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.auth.support.Gatehouse.exchange;
import static dev.gatehouse.auth.support.Gatehouse.withRefresh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The claims cache (issues #14 and #15): tenant-service's pushed invalidations take effect at the next refresh,
 * and refreshes go on from the last claims seen for at most 60 s while tenant-service is down, never for a user
 * whose claims were invalidated before the outage.
 */
@QuarkusTest
@WithTestResource(value = TenantServiceStack.class, scope = TestResourceScope.GLOBAL)
class ClaimsCacheTest {

    @Inject
    OneTimeCodes codes;

    @Inject
    MutableClock clock;

    @Test
    void aRoleGrantedByTheManagementApiIsInTheVeryNextRefresh() throws Exception {
        String refreshJwt = signedInThenGrantedTenantAdmin();
        String session = withRefresh(refreshJwt).post("/v1/auth/refresh").then().statusCode(200).extract().path("sessionJwt");
        assertThat(Nimbus.verify(session).getStringListClaim("groups")).containsExactly("Tenant Admin");
    }

    @Test
    void refreshesGoOnFromTheLastClaimsForABoundedTimeWhileTenantServiceIsDown() throws Exception {
        String tenant = Gatehouse.newTenant();
        String admin = Gatehouse.newUser(tenant, List.of("Tenant Admin"));
        String disabled = Gatehouse.newUser(tenant, List.of());
        String adminRefresh = exchange(Gatehouse.codeFor(codes, admin, tenant)).statusCode(200).extract().path("refreshJwt");
        String disabledRefresh = exchange(Gatehouse.codeFor(codes, disabled, tenant)).statusCode(200).extract().path("refreshJwt");
        Gatehouse.management().post("/v1/mgmt/users/" + disabled + "/disable").then().statusCode(200);

        TenantServiceStack.killTenantService();
        try {
            clock.advance(Duration.ofSeconds(10));
            var refreshed = withRefresh(adminRefresh).post("/v1/auth/refresh").then().statusCode(200).extract();
            assertThat(Nimbus.verify(refreshed.path("sessionJwt")).getStringListClaim("groups")).containsExactly("Tenant Admin");
            adminRefresh = refreshed.path("refreshJwt");
            // Invalidated before the outage: no claims to go on from, and the session is not ended for it.
            withRefresh(disabledRefresh).post("/v1/auth/refresh").then().statusCode(503)
                    .body("errorCode", equalTo("E503001"));

            clock.advance(Duration.ofSeconds(55));
            adminRefresh = withRefresh(adminRefresh).post("/v1/auth/refresh").then().statusCode(200).extract().path("refreshJwt");
            clock.advance(Duration.ofSeconds(10));
            withRefresh(adminRefresh).post("/v1/auth/refresh").then().statusCode(503)
                    .contentType(containsString("application/problem+json"))
                    .body("errorCode", equalTo("E503001"))
                    .body("detail", containsString("more than 60 s"));
        } finally {
            TenantServiceStack.startTenantService();
        }
        clock.advance(Duration.ofSeconds(2));
        withRefresh(adminRefresh).post("/v1/auth/refresh").then().statusCode(200);
        withRefresh(disabledRefresh).post("/v1/auth/refresh").then().statusCode(401).body("errorCode", equalTo("E061102"));
    }

    @Test
    void aRefreshRefusedForTheOutageLeavesItsTokenCurrent() throws Exception {
        // The role change invalidated the user's claims: the next refresh must ask tenant-service.
        String refreshJwt = signedInThenGrantedTenantAdmin();

        TenantServiceStack.killTenantService();
        try {
            withRefresh(refreshJwt).post("/v1/auth/refresh").then().statusCode(503).body("errorCode", equalTo("E503001"));
        } finally {
            TenantServiceStack.startTenantService();
        }
        // Well past the reuse interval: had the refused refresh rotated, this would be reuse and end the session.
        clock.advance(Duration.ofSeconds(30));
        String session = withRefresh(refreshJwt).post("/v1/auth/refresh").then().statusCode(200).extract().path("sessionJwt");
        assertThat(Nimbus.verify(session).getStringListClaim("groups")).containsExactly("Tenant Admin");
    }

    @Test
    void aDisabledUsersOtherSessionEndsAtItsNextRefreshFromTheCachedAnswer() {
        String tenant = Gatehouse.newTenant();
        String user = Gatehouse.newUser(tenant, List.of());
        String first = exchange(Gatehouse.codeFor(codes, user, tenant)).statusCode(200).extract().path("refreshJwt");
        String second = exchange(Gatehouse.codeFor(codes, user, tenant)).statusCode(200).extract().path("refreshJwt");
        Gatehouse.management().post("/v1/mgmt/users/" + user + "/disable").then().statusCode(200);

        // The first asks tenant-service and caches "disabled"; the second is refused from that fresh answer, in the
        // same statement that would have rotated it, and its session is ended, not merely refused.
        withRefresh(first).post("/v1/auth/refresh").then().statusCode(401).body("errorCode", equalTo("E061102"));
        withRefresh(second).post("/v1/auth/refresh").then().statusCode(401).body("errorCode", equalTo("E061102"));
        Gatehouse.management().post("/v1/mgmt/users/" + user + "/enable").then().statusCode(200);
        withRefresh(second).post("/v1/auth/refresh").then().statusCode(401).body("errorCode", equalTo("E061101"));
    }

    /**
     * A new user's refresh JWT, taken before a management key grants them Tenant Admin (which invalidates their
     * claims in auth-service).
     */
    private String signedInThenGrantedTenantAdmin() {
        String tenant = Gatehouse.newTenant();
        String user = Gatehouse.newUser(tenant, List.of());
        String refreshJwt = exchange(Gatehouse.codeFor(codes, user, tenant)).statusCode(200).extract().path("refreshJwt");
        Gatehouse.management().put("/v1/mgmt/tenants/" + tenant + "/users/" + user + "/roles/Tenant Admin")
                .then().statusCode(200);
        return refreshJwt;
    }

    @Test
    void onlyTheInternalTokenInvalidates() {
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("everyone", true))
                .post("/internal/claims/invalidate").then().statusCode(401);
        RestAssured.given().contentType(ContentType.JSON).header("Authorization", "Bearer " + TenantServiceStack.INTERNAL_TOKEN)
                .body(Map.of("userIds", List.of("../etc"))).post("/internal/claims/invalidate").then().statusCode(400)
                .body("detail", containsString("userIds"));
        RestAssured.given().contentType(ContentType.JSON).header("Authorization", "Bearer " + TenantServiceStack.INTERNAL_TOKEN)
                .body(Map.of()).post("/internal/claims/invalidate").then().statusCode(400);
        RestAssured.given().contentType(ContentType.JSON).header("Authorization", "Bearer " + TenantServiceStack.INTERNAL_TOKEN)
                .body(Map.of("everyone", true)).post("/internal/claims/invalidate").then().statusCode(204);
    }
}
