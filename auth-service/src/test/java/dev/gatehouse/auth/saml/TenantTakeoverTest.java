package dev.gatehouse.auth.saml;

import dev.gatehouse.auth.support.Browser;
import dev.gatehouse.auth.support.Gatehouse;
import dev.gatehouse.auth.support.MockOAuth2ServerResource;
import dev.gatehouse.auth.support.Nimbus;
import dev.gatehouse.auth.support.SamlFlow;
import dev.gatehouse.auth.support.SamlIdp;
import dev.gatehouse.auth.support.TenantServiceStack;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attack that opened issue #12, replayed through the real ACS and tenant-service: a setup-link holder of a
 * fresh tenant points its SAML connection at the victim tenant's entity ID with a certificate of its own, and
 * signs an assertion for the victim's uid and email. The result must be a new, separate user in the attacker's
 * tenant; the victim's account, roles and profile stay as they were.
 */
@QuarkusTest
@WithTestResource(value = TenantServiceStack.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MockOAuth2ServerResource.class, scope = TestResourceScope.GLOBAL)
class TenantTakeoverTest {

    @Test
    void aSetupLinkHolderNamingAnotherTenantsIdpSignsInAsNobodyOfThatTenant() throws Exception {
        String victimTenant = SamlFlow.tenant(false);
        String aliceEmail = "alice@" + victimTenant + ".test";
        String aliceId = signIn(victimTenant, aliceEmail, "idp");

        String attackerTenant = Gatehouse.newTenant();
        String link = Gatehouse.management().body(Map.of()).post("/v1/mgmt/tenants/" + attackerTenant + "/setup-links")
                .then().statusCode(201).extract().path("secret");
        RestAssured.given().baseUri(TenantServiceStack.tenantServiceUrl()).contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + Gatehouse.PROJECT_ID + ":" + link)
                .body(Map.of("type", "saml",
                        "saml", Map.of("entityId", SamlIdp.ENTITY_ID, "ssoUrl", "https://idp.saml-test.example/sso",
                                "certificates", List.of(SamlIdp.resource("saml/other-cert.pem"))),
                        "mappings", Map.of("groupMappings", List.of(Map.of("group", "admins", "role", "Tenant Admin")))))
                .put("/v1/mgmt/tenants/" + attackerTenant + "/sso").then().statusCode(200);

        SamlFlow.Started started = SamlFlow.start(attackerTenant);
        Map<String, String> forged = SamlIdp.response(SamlFlow.acsUrl(attackerTenant), SamlFlow.spEntityId(attackerTenant),
                started.requestId(), aliceEmail);
        forged.put("uid", "uid-" + aliceEmail);
        forged.put("firstName", "Mallory");
        var back = Browser.query(SamlFlow.post(attackerTenant,
                SamlIdp.signedAssertion(forged, "other", SamlIdp.RSA_SHA256, SamlIdp.SHA256), started.relayState())
                .header("Location"));
        var session = Gatehouse.exchange(back.get("code")).statusCode(200).extract();

        assertThat(session.<String>path("user.userId")).isNotEqualTo(aliceId);
        var claims = Nimbus.verify(session.path("sessionJwt"));
        assertThat(claims.getJSONObjectClaim("tenants")).doesNotContainKey(victimTenant).containsKey(attackerTenant);
        assertThat(session.<String>path("user.email")).isNull();
        var alice = Gatehouse.management().get("/v1/mgmt/users/" + aliceId).then().statusCode(200).extract();
        assertThat(alice.<String>path("email")).isEqualTo(aliceEmail);
        assertThat(alice.<String>path("name")).isEqualTo("Sam Example");
    }

    /** A genuine sign-in through the tenant's own IdP; returns the user id. */
    private static String signIn(String tenant, String email, String keyName) {
        SamlFlow.Started started = SamlFlow.start(tenant);
        Map<String, String> fields = SamlIdp.response(SamlFlow.acsUrl(tenant), SamlFlow.spEntityId(tenant), started.requestId(), email);
        var back = Browser.query(SamlFlow.post(tenant,
                SamlIdp.signedAssertion(fields, keyName, SamlIdp.RSA_SHA256, SamlIdp.SHA256), started.relayState())
                .header("Location"));
        return Gatehouse.exchange(back.get("code")).statusCode(200).extract().path("user.userId");
    }
}
