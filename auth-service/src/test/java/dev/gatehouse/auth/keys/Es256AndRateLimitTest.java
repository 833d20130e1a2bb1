package dev.gatehouse.auth.keys;

import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.auth.session.OneTimeCodes;
import dev.gatehouse.auth.support.Gatehouse;
import dev.gatehouse.auth.support.Nimbus;
import dev.gatehouse.auth.support.TenantServiceStack;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.List;
import java.util.Map;

import static dev.gatehouse.auth.support.Gatehouse.exchange;
import static dev.gatehouse.auth.support.Gatehouse.withRefresh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** auth-service booted with ES256 keys and tight rate limits. */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestProfile(Es256AndRateLimitTest.Es256TightLimits.class)
@WithTestResource(value = TenantServiceStack.class, scope = TestResourceScope.GLOBAL)
class Es256AndRateLimitTest {

    public static class Es256TightLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gatehouse.keys.algorithm", "ES256",
                    "gatehouse.rate-limit.exchange-per-minute", "3",
                    "gatehouse.rate-limit.refresh-per-minute", "1000");
        }
    }

    @Inject
    OneTimeCodes codes;

    @Test
    @Order(1)
    void signsWithEs256WhenConfigured() throws Exception {
        RestAssured.get("/oauth2/jwks").then().statusCode(200)
                .body("keys[0].kty", equalTo("EC")).body("keys[0].crv", equalTo("P-256")).body("keys[0].alg", equalTo("ES256"));
        String tenant = Gatehouse.newTenant();
        String user = Gatehouse.newUser(tenant, List.of());
        var tokens = exchange(Gatehouse.codeFor(codes, user, tenant)).statusCode(200).extract();
        assertThat(SignedJWT.parse(tokens.<String>path("sessionJwt")).getHeader().getAlgorithm().getName()).isEqualTo("ES256");
        assertThat(Nimbus.verify(tokens.path("sessionJwt")).getSubject()).isEqualTo(user);
        withRefresh(tokens.path("refreshJwt")).post("/v1/auth/refresh").then().statusCode(200);
    }

    /** Runs last: it uses up this client's exchanges. Three per minute; a minute boundary may reset once. */
    @Test
    @Order(2)
    void exchangeIsRateLimitedPerClientWith429AndRetryAfter() {
        io.restassured.response.ValidatableResponse last = null;
        for (int i = 0; i < 10; i++) {
            last = exchange("no-such-code-" + i);
            if (last.extract().statusCode() == 429) {
                break;
            }
        }
        last.statusCode(429).contentType("application/problem+json")
                .header("Retry-After", notNullValue()).body("errorCode", equalTo("E429000"));
    }
}
