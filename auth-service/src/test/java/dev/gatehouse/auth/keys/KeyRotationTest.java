package dev.gatehouse.auth.keys;

import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.auth.session.OneTimeCodes;
import dev.gatehouse.auth.support.Gatehouse;
import dev.gatehouse.auth.support.Nimbus;
import dev.gatehouse.auth.support.TenantServiceStack;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.text.ParseException;
import java.util.List;
import javax.sql.DataSource;

import static dev.gatehouse.auth.support.Gatehouse.exchange;
import static dev.gatehouse.auth.support.Gatehouse.withRefresh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

@QuarkusTest
@WithTestResource(value = TenantServiceStack.class, scope = TestResourceScope.GLOBAL)
class KeyRotationTest {

    @Inject
    OneTimeCodes codes;

    @Inject
    KeyRing keyRing;

    @Inject
    DataSource dataSource;

    @Test
    void jwksIsPublishedAtBothPathsWithCacheHeaders() {
        String kid = RestAssured.get("/v2/keys/" + Gatehouse.PROJECT_ID).then().statusCode(200)
                .header("Cache-Control", containsString("max-age=300"))
                .body("keys[0].kty", org.hamcrest.Matchers.equalTo("RSA"))
                .body("keys[0].alg", org.hamcrest.Matchers.equalTo("RS256"))
                .body("keys[0].use", org.hamcrest.Matchers.equalTo("sig"))
                .body("keys[0].d", org.hamcrest.Matchers.nullValue())
                .extract().path("keys[0].kid");
        RestAssured.get("/oauth2/jwks").then().statusCode(200).body("keys.kid", hasItem(kid));
        RestAssured.get("/v2/keys/PwrongProjectId00000000000001").then().statusCode(404);
    }

    @Test
    void afterRotationOldTokensStayValidAndNewOnesCarryTheNewKid() throws Exception {
        var before = signIn();
        String oldKid = kidOf(before.path("sessionJwt"));

        String newKid = RestAssured.given().header("Authorization", "Bearer test-internal-token")
                .post("/internal/keys/rotate").then().statusCode(200).extract().path("kid");
        assertThat(newKid).isNotEqualTo(oldKid);

        Nimbus.verify(before.path("sessionJwt"));
        assertRefreshedWithTheNewKeyAndBothPublished(before, oldKid, newKid);
    }

    @Test
    void aRevokedKeyLeavesTheJwksAtOnceAndEndsTheSessionsItSigned() throws Exception {
        String tenant = Gatehouse.newTenant();
        String user = Gatehouse.newUser(tenant, List.of());
        var leaked = signIn(tenant, user);
        String kid = kidOf(leaked.path("sessionJwt"));

        var revocation = RestAssured.given().header("Authorization", "Bearer test-internal-token")
                .post("/internal/keys/" + kid + "/revoke").then().statusCode(200).extract();
        assertThat(revocation.<String>path("activeKid")).isNotBlank().isNotEqualTo(kid);
        assertThat(revocation.<Integer>path("sessionsEnded")).isGreaterThanOrEqualTo(1);

        RestAssured.get("/oauth2/jwks").then().body("keys.kid", not(hasItem(kid)))
                .body("keys.kid", hasItem(revocation.<String>path("activeKid")));
        withRefresh(leaked.path("refreshJwt")).post("/v1/auth/refresh").then().statusCode(401);
        // New sign-ins carry on with the new key.
        var fresh = signIn(tenant, user);
        assertThat(kidOf(fresh.path("sessionJwt"))).isEqualTo(revocation.<String>path("activeKid"));
        withRefresh(fresh.path("refreshJwt")).post("/v1/auth/refresh").then().statusCode(200);
        RestAssured.given().header("Authorization", "Bearer test-internal-token")
                .post("/internal/keys/" + kid + "/revoke").then().statusCode(404);
    }

    /**
     * The hourly job: nothing before the interval (30 days); past it a new key signs and the old one stays published
     * for the tokens it signed; once those can no longer be valid the old key is dropped and leaves the JWKS.
     */
    @Test
    void theScheduledRotationReplacesAKeyPastTheIntervalAndDropsItWhenItsTokensAreGone() throws Exception {
        var before = signIn();
        String oldKid = kidOf(before.path("sessionJwt"));

        keyRing.rotateWhenDue();
        assertThat(keyRing.active().kid()).isEqualTo(oldKid);

        age(oldKid, "created_at = created_at - interval '31 days'");
        keyRing.rotateWhenDue();
        String newKid = keyRing.active().kid();
        assertThat(newKid).isNotEqualTo(oldKid);
        assertRefreshedWithTheNewKeyAndBothPublished(before, oldKid, newKid);

        age(oldKid, "publish_until = now() - interval '1 second'");
        keyRing.rotateWhenDue();
        RestAssured.get("/oauth2/jwks").then().body("keys.kid", not(hasItem(oldKid))).body("keys.kid", hasItem(newKid));
        assertThat(keyRing.active().kid()).isEqualTo(newKid);
    }

    /** A new user's first tokens. */
    private ExtractableResponse<Response> signIn() {
        String tenant = Gatehouse.newTenant();
        return signIn(tenant, Gatehouse.newUser(tenant, List.of()));
    }

    /** The tokens of a sign-in of {@code user} into {@code tenant}. */
    private ExtractableResponse<Response> signIn(String tenant, String user) {
        return exchange(Gatehouse.codeFor(codes, user, tenant)).statusCode(200).extract();
    }

    private static String kidOf(String jwt) throws ParseException {
        return SignedJWT.parse(jwt).getHeader().getKeyID();
    }

    /** The tokens from before the rotation refresh to ones signed with the new key; the JWKS publishes both keys. */
    private static void assertRefreshedWithTheNewKeyAndBothPublished(ExtractableResponse<Response> before, String oldKid,
                                                                    String newKid) throws ParseException {
        String after = withRefresh(before.path("refreshJwt")).post("/v1/auth/refresh").then().statusCode(200)
                .extract().path("sessionJwt");
        assertThat(kidOf(after)).isEqualTo(newKid);
        RestAssured.get("/oauth2/jwks").then().body("keys.kid", hasItem(oldKid)).body("keys.kid", hasItem(newKid));
    }

    private void age(String kid, String assignment) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("update signing_key set " + assignment + " where kid = ?")) {
            update.setString(1, kid);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    @Test
    void revocationNeedsTheInternalToken() {
        RestAssured.given().post("/internal/keys/some-kid/revoke").then().statusCode(401);
    }

    @Test
    void rotationNeedsTheInternalToken() {
        RestAssured.given().post("/internal/keys/rotate").then().statusCode(401);
        RestAssured.given().header("Authorization", "Bearer wrong").post("/internal/keys/rotate").then().statusCode(401);
    }

    @Test
    void healthMetricsAndOpenApi() {
        RestAssured.get("/q/health/ready").then().statusCode(200).body(containsString("Database"));
        RestAssured.get("/q/metrics").then().statusCode(200);
        RestAssured.get("/q/openapi").then().statusCode(200).body(containsString("/v1/auth/refresh"));
    }
}
