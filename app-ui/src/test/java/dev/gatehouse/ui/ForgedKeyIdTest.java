package dev.gatehouse.ui;

import dev.gatehouse.ui.support.AuthPeer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Session JWTs naming kids auth-service never published are refused, and cannot make app-ui hammer auth-service:
 * an unknown kid re-reads the JWKS at most once a minute (smallrye.jwt.jwks.forced-refresh-interval).
 */
@QuarkusTest
@WithTestResource(value = AuthPeer.class, scope = TestResourceScope.GLOBAL)
class ForgedKeyIdTest {

    @Test
    void tokensSignedWithUnpublishedKeysAreRefusedWithAtMostOneJwksFetch() throws Exception {
        assertThat(page(AuthPeer.session("forged-0", true))).contains("Welcome! you're logged in");
        int fetchesBefore = AuthPeer.JWKS_FETCHES.get();
        for (int i = 0; i < 10; i++) {
            RsaJsonWebKey forged = RsaJwkGenerator.generateJwk(2048);
            forged.setKeyId("forged-kid-" + i);
            assertThat(page(AuthPeer.session("forged-" + i, true, c -> { }, forged))).contains("You're not logged in");
        }
        assertThat(AuthPeer.JWKS_FETCHES.get() - fetchesBefore).isLessThanOrEqualTo(1);
    }

    @Test
    void aForgedTokenUnderThePublishedKidIsRefused() throws Exception {
        RsaJsonWebKey impostor = RsaJwkGenerator.generateJwk(2048);
        impostor.setKeyId(AuthPeer.mainKey().getKeyId());
        assertThat(page(AuthPeer.session("impostor", true, c -> { }, impostor))).contains("You're not logged in");
    }

    private static String page(String sessionJwt) {
        return RestAssured.given().cookie("DS", sessionJwt).get("/").asString();
    }
}
