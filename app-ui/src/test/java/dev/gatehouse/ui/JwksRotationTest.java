package dev.gatehouse.ui;

import dev.gatehouse.ui.support.AuthPeer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * app-ui follows auth-service's keys (design.md §6): a new kid is fetched at once, and a key that left the JWKS
 * (rotated out or revoked) stops signing anyone in within the JWKS's own max-age (here one second; five minutes
 * from auth-service). An unknown kid re-reads the JWKS at once (at most once a minute in production, every time here).
 */
@QuarkusTest
@TestProfile(JwksRotationTest.ShortJwksCache.class)
@WithTestResource(value = AuthPeer.class, scope = TestResourceScope.GLOBAL)
class JwksRotationTest {

    public static class ShortJwksCache implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("smallrye.jwt.jwks.forced-refresh-interval", "0");
        }
    }

    @BeforeEach
    void shortJwksMaxAge() {
        AuthPeer.jwksMaxAgeSeconds = 1;
    }

    @AfterEach
    void restoreTheKeys() {
        AuthPeer.publishKeys(AuthPeer.mainKey());
        AuthPeer.jwksMaxAgeSeconds = 300;
    }

    @Test
    void aSessionSignedByANewlyPublishedKeyIsAcceptedAtOnce() throws InterruptedException {
        assertThat(page(AuthPeer.session("k1", false))).contains("Welcome! you're logged in");
        AuthPeer.publishKeys(AuthPeer.mainKey(), AuthPeer.OTHER_KEY);
        // jose4j folds JWKS fetches less than 300 ms apart into one; auth-service's keys never change that fast.
        Thread.sleep(400);
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
