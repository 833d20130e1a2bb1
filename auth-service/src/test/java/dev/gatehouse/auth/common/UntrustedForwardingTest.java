package dev.gatehouse.auth.common;

import dev.gatehouse.auth.support.MockOAuth2ServerResource;
import dev.gatehouse.auth.support.TenantServiceStack;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.gatehouse.auth.common.ClientRateLimitTest.anAddress;
import static dev.gatehouse.auth.common.ClientRateLimitTest.startLogin;
import static org.assertj.core.api.Assertions.assertThat;

/** X-Forwarded-For from a peer that is not a trusted proxy is ignored: claiming a new address gains nothing. */
@QuarkusTest
@TestProfile(UntrustedForwardingTest.TightLimitsAndNoTrustedProxy.class)
@WithTestResource(value = TenantServiceStack.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MockOAuth2ServerResource.class, scope = TestResourceScope.GLOBAL)
class UntrustedForwardingTest {

    public static class TightLimitsAndNoTrustedProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gatehouse.rate-limit.login-per-minute", "2",
                    "quarkus.http.proxy.trusted-proxies", "192.0.2.1");
        }
    }

    @Test
    void aForwardedAddressFromAnUntrustedPeerIsIgnored() {
        // Each start claims another address; ignored, they all count against this peer's one bucket.
        int status = 200;
        for (int i = 0; i < 5 && status == 200; i++) {
            status = startLogin(anAddress()).statusCode();
        }
        assertThat(status).isEqualTo(429);
    }
}
