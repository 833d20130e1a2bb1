package dev.gatehouse.tenant.scim;

import dev.gatehouse.embeddeddb.EmbeddedPostgresResource;
import dev.gatehouse.tenant.support.Api;
import dev.gatehouse.tenant.support.PeerHttpServer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.gatehouse.tenant.support.Api.unique;
import static org.hamcrest.Matchers.equalTo;

/** Each SCIM token has its own budget: one IdP's burst is throttled (429, SCIM error) without touching another's. */
@QuarkusTest
@TestProfile(ScimRateLimitTest.ThreePerMinute.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PeerHttpServer.class, scope = TestResourceScope.GLOBAL)
class ScimRateLimitTest {

    public static class ThreePerMinute implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gatehouse.scim.requests-per-minute", "3");
        }
    }

    @Test
    void aTokenBeyondItsBudgetIsThrottledAndAnotherIsNot() {
        String tenant = Api.createTenant(unique("rl") + ".test");
        String noisy = ScimFixtures.token(tenant);
        String quiet = ScimFixtures.token(tenant);
        for (int i = 0; i < 3; i++) {
            get(noisy, tenant).then().statusCode(200);
        }
        get(noisy, tenant).then().statusCode(429).header("Retry-After", "60").body("status", equalTo("429"));
        get(quiet, tenant).then().statusCode(200);
    }

    private static io.restassured.response.Response get(String token, String tenant) {
        return RestAssured.given().header("Authorization", "Bearer " + token).get("/scim/v2/" + tenant + "/Users");
    }
}
