package dev.gatehouse.auth.saml;

import com.nimbusds.jwt.JWTClaimsSet;
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
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** SP-initiated SAML login with responses signed by xmlsec1, and the SP metadata. */
@QuarkusTest
@WithTestResource(value = TenantServiceStack.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MockOAuth2ServerResource.class, scope = TestResourceScope.GLOBAL)
class SamlLoginTest {

    String tenant;

    @BeforeEach
    void aSamlTenant() {
        tenant = SamlFlow.tenant(false);
    }

    @Test
    void authnRequestGoesToTheIdpOverHttpRedirect() {
        SamlFlow.Started started = SamlFlow.start(tenant);
        assertThat(started.url()).startsWith("https://idp.saml-test.example/sso?SAMLRequest=");
        assertThat(started.authnRequest())
                .contains("AssertionConsumerServiceURL=\"" + SamlFlow.acsUrl(tenant) + "\"")
                .contains("<saml:Issuer>" + SamlFlow.spEntityId(tenant) + "</saml:Issuer>")
                .contains("Destination=\"https://idp.saml-test.example/sso\"");
        assertThat(started.requestId()).startsWith("_");
    }

    @Test
    void emailFindsTheTenantAndASignedAssertionSignsTheUserInWithMappedRoles() throws Exception {
        String email = "sam@" + tenant + ".test";
        SamlFlow.Started started = SamlFlow.start(email);
        Map<String, String> fields = SamlIdp.response(SamlFlow.acsUrl(tenant), SamlFlow.spEntityId(tenant), started.requestId(), email);
        Response acs = SamlFlow.post(tenant, SamlIdp.signedAssertion(fields), started.relayState());
        assertThat(acs.statusCode()).isEqualTo(303);
        Map<String, String> back = Browser.query(acs.header("Location"));
        assertThat(back).containsKey("code");

        var session = Gatehouse.exchange(back.get("code")).statusCode(200)
                .body("user.email", equalTo(email)).body("user.SAML", equalTo(true))
                .body("user.name", equalTo("Sam Example")).extract();
        JWTClaimsSet claims = Nimbus.verify(session.path("sessionJwt"));
        assertThat(claims.getStringClaim("dct")).isEqualTo(tenant);
        assertThat(claims.getStringListClaim("groups")).containsExactly("Tenant Admin");
        assertThat(claims.getStringListClaim("amr")).containsExactly("saml");
    }

    @Test
    void aSignedResponseIsAcceptedToo() {
        SamlFlow.Started started = SamlFlow.start(tenant);
        Map<String, String> fields = SamlIdp.response(SamlFlow.acsUrl(tenant), SamlFlow.spEntityId(tenant), started.requestId(),
                "rita@" + tenant + ".test");
        fields.put("groups", SamlIdp.groups(List.of("staff")));
        Response acs = SamlFlow.post(tenant, SamlIdp.signedResponse(fields), started.relayState());
        assertThat(Browser.query(acs.header("Location"))).containsKey("code");
    }

    @Test
    void spMetadataNamesOurEntityIdAndAcs() {
        RestAssured.get("/saml/metadata/" + tenant).then().statusCode(200)
                .contentType(containsString("samlmetadata+xml"))
                .body(containsString("entityID=\"" + SamlFlow.spEntityId(tenant) + "\""))
                .body(containsString("Location=\"" + SamlFlow.acsUrl(tenant) + "\""))
                .body(containsString("WantAssertionsSigned=\"true\""));
        RestAssured.get("/saml/metadata/no-such-tenant").then().statusCode(404);
    }
}
