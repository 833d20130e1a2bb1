package dev.gatehouse.auth.keys;

import dev.gatehouse.auth.support.Sql;
import dev.gatehouse.auth.support.TenantServiceStack;
import dev.gatehouse.common.Sealer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

/**
 * Rotating the key-encryption key (issue #15): auth-service runs with the new KEK current and the old one
 * listed as previous, still opens what the old one sealed, and the re-seal moves every private key over.
 */
@QuarkusTest
@TestProfile(KeyEncryptionRotationTest.OldKekStillListed.class)
@WithTestResource(value = TenantServiceStack.class, scope = TestResourceScope.GLOBAL)
class KeyEncryptionRotationTest {

    static final String OLD_KEK = "b2xkLWtleS1lbmNyeXB0aW9uLWtleS1yb3RhdGVkLjA=";

    public static class OldKekStillListed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gatehouse.keys.previous-encryption-keys", OLD_KEK);
        }
    }

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "gatehouse.keys.encryption-key")
    String currentKek;

    @Test
    void privateKeysSealedWithTheOldKekAreResealedWithTheNewOne() {
        // A retired signing key as the old KEK sealed it.
        String kid = "k-old-kek-" + System.nanoTime();
        String sealedWithOld = Sealer.fromBase64(OLD_KEK, "old").seal("not-a-real-private-key");
        Instant retired = Instant.now().minusSeconds(60);
        Sql.update(dataSource, """
                insert into signing_key (kid, algorithm, public_jwk, private_key, created_at, retired_at, publish_until)
                values (?, 'RS256', '{}', ?, ?, ?, ?)""", kid, sealedWithOld, retired, retired, retired);

        RestAssured.given().header("Authorization", "Bearer test-internal-token").post("/internal/keys/reseal")
                .then().statusCode(200).body("onOtherKeys", equalTo(0)).body("resealed", greaterThanOrEqualTo(1));

        String stored = Sql.text(dataSource, "select private_key from signing_key where kid = ?", kid);
        Sealer newKekOnly = Sealer.fromBase64(currentKek, List.of(), "new");
        assertThat(newKekOnly.isSealedWithCurrentKey(stored)).isTrue();
        assertThat(newKekOnly.open(stored)).isEqualTo("not-a-real-private-key");
        RestAssured.given().post("/internal/keys/reseal").then().statusCode(401);
    }
}
