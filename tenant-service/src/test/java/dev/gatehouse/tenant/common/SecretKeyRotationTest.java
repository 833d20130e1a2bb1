package dev.gatehouse.tenant.common;

import dev.gatehouse.common.Sealer;
import dev.gatehouse.embeddeddb.EmbeddedPostgresResource;
import dev.gatehouse.tenant.support.Api;
import dev.gatehouse.tenant.support.PeerHttpServer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.gatehouse.tenant.support.Api.asAuthService;
import static dev.gatehouse.tenant.support.Api.asProjectAdmin;
import static dev.gatehouse.tenant.support.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Rotating tenant-service's secret key (issue #15): the service runs with the new key current and the old one
 * as previous, keeps opening what the old one sealed, and the re-seal moves it over and says when the old key
 * can go.
 */
@QuarkusTest
@TestProfile(SecretKeyRotationTest.OldKeyStillListed.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PeerHttpServer.class, scope = TestResourceScope.GLOBAL)
class SecretKeyRotationTest {

    /** A key no other test uses, which sealed the secret this test plants: the one being rotated out. */
    static final String OLD_KEY = "b2xkLXNlY3JldC1rZXktYmVpbmctcm90YXRlZC1vdXQ=";

    public static class OldKeyStillListed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gatehouse.previous-secret-keys", OLD_KEY);
        }
    }

    @Inject
    Database db;

    @ConfigProperty(name = "gatehouse.secret-key")
    String currentKey;

    @Test
    void aSecretSealedWithTheOldKeyStillWorksAndTheResealMovesItToTheNewOne() {
        String tenant = Api.createTenant(unique("kek") + ".example.com");
        String issuer = PeerHttpServer.url("/oidc/" + tenant);
        PeerHttpServer.publish("/oidc/" + tenant + "/.well-known/openid-configuration",
                "{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + issuer + "/auth\","
                        + "\"token_endpoint\":\"" + issuer + "/token\",\"jwks_uri\":\"" + issuer + "/jwks\"}");
        asProjectAdmin().body(Map.of("type", "oidc", "oidc", Map.of("issuer", issuer, "clientId", "c", "clientSecret", "s3cret")))
                .put("/v1/mgmt/tenants/" + tenant + "/sso").then().statusCode(200);
        // As it was stored before the rotation began: sealed with the old key.
        String sealedWithOld = Sealer.fromBase64(OLD_KEY, "old").seal("old-s3cret");
        db.update("update sso_connection set oidc_client_secret = ? where tenant_id = ?", sealedWithOld, tenant);

        asAuthService().get("/internal/tenants/" + tenant).then().body("connection.oidcClientSecret", equalTo("old-s3cret"));
        // As an operator calls it: no body, no content type.
        io.restassured.RestAssured.given().header("Authorization", "Bearer " + Api.INTERNAL_TOKEN)
                .post("/internal/secrets/reseal").then().statusCode(200)
                .body("onOtherKeys", equalTo(0)).body("resealed", org.hamcrest.Matchers.greaterThanOrEqualTo(1));

        String stored = db.strings("select oidc_client_secret from sso_connection where tenant_id = ?", tenant).get(0);
        Sealer newKeyOnly = Sealer.fromBase64(currentKey, List.of(), "new");
        assertThat(newKeyOnly.isSealedWithCurrentKey(stored)).isTrue();
        assertThat(newKeyOnly.open(stored)).isEqualTo("old-s3cret");
    }
}
