package dev.gatehouse.auth.common;

import dev.gatehouse.auth.support.Gatehouse;
import dev.gatehouse.auth.support.MockOAuth2ServerResource;
import dev.gatehouse.auth.support.TenantServiceStack;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rate limits key on the real client: the address a trusted proxy (app-ui, the Ingress) forwards. One noisy
 * client never throttles the rest (design.md §6).
 */
@QuarkusTest
@TestProfile(ClientRateLimitTest.TightLimitsBehindATrustedProxy.class)
@WithTestResource(value = TenantServiceStack.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MockOAuth2ServerResource.class, scope = TestResourceScope.GLOBAL)
class ClientRateLimitTest {

    public static class TightLimitsBehindATrustedProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gatehouse.rate-limit.login-per-minute", "2");
        }
    }

    @Test
    void aClientOverItsLimitLeavesTheOthersUnaffected() {
        String noisy = anAddress();
        String quiet = noisy.replace("203.0.", "198.51.");
        Response throttled = untilThrottled(noisy);
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.header("Retry-After")).isNotBlank();
        assertThat(startLogin(quiet).statusCode()).isEqualTo(200);
    }

    /**
     * Login starts from one client until one is refused. Windows are whole minutes, so a minute may turn in
     * between; with a limit of two, the fifth start is refused at the latest.
     */
    static Response untilThrottled(String client) {
        Response last = null;
        for (int i = 0; i < 5 && (last == null || last.statusCode() == 200); i++) {
            last = startLogin(client);
        }
        return last;
    }

    static Response startLogin(String forwardedFor) {
        var request = RestAssured.given().header("Authorization", "Bearer " + Gatehouse.PROJECT_ID)
                .queryParam("provider", "google").queryParam("redirectURL", Gatehouse.REDIRECT);
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return request.post("/v1/auth/oauth/authorize");
    }

    static String anAddress() {
        return "203.0." + (UUID.randomUUID().hashCode() & 0x7f) + "." + (UUID.randomUUID().hashCode() & 0x7f);
    }
}
