package dev.gatehouse.ui;

import dev.gatehouse.ui.support.AuthPeer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * app-ui follows auth-service's keys (design.md §6): a new kid is fetched at once, and a key that left the JWKS
 * (rotated out or revoked) stops signing anyone in within the JWKS max age (here one second; five minutes in
 * production).
 */
@QuarkusTest
@TestProfile(JwksRotationTest.ShortJwksCache.class)
@WithTestResource(value = AuthPeer.class, scope = TestResourceScope.GLOBAL)
class JwksRotationTest {

    public static class ShortJwksCache implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gatehouse.auth.jwks-max-age", "PT1S", "gatehouse.auth.jwks-refetch-gap", "PT0S");
        }
    }

    @AfterEach
    void restoreTheKeys() {
        AuthPeer.publishKeys(AuthPeer.mainKey());
    }

    @Test
    void aSessionSignedByANewlyPublishedKeyIsAcceptedAtOnce() {
        assertThat(page(AuthPeer.session("k1", false))).contains("Welcome! you're logged in");
        AuthPeer.publishKeys(AuthPeer.mainKey(), AuthPeer.OTHER_KEY);
        assertThat(page(AuthPeer.session("k2", false, c -> { }, AuthPeer.OTHER_KEY))).contains("Welcome! you're logged in");
    }

    @Test
    void aKeyThatLeftTheJwksIsForgottenWithinTheMaxAge() throws InterruptedException {
        AuthPeer.publishKeys(AuthPeer.mainKey(), AuthPeer.OTHER_KEY);
        String signedByOther = AuthPeer.session("k3", false, c -> { }, AuthPeer.OTHER_KEY);
        assertThat(page(signedByOther)).contains("Welcome! you're logged in");
        AuthPeer.publishKeys(AuthPeer.mainKey());
        Thread.sleep(1500);
        assertThat(page(signedByOther)).contains("You're not logged in");
    }

    private static String page(String sessionJwt) {
        return RestAssured.given().cookie("DS", sessionJwt).get("/").asString();
    }
}
