package dev.gatehouse.auth.oauth;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.gatehouse.auth.support.Browser;
import dev.gatehouse.auth.support.Gatehouse;
import dev.gatehouse.auth.support.MockOAuth2ServerResource;
import dev.gatehouse.auth.support.Nimbus;
import dev.gatehouse.auth.support.TenantServiceStack;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.gatehouse.auth.support.Gatehouse.PROJECT_ID;
import static dev.gatehouse.auth.support.Gatehouse.REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** A tenant's own OIDC IdP (mock-oauth2-server issuer "acme-…"), found by the user's email domain. */
@QuarkusTest
@WithTestResource(value = TenantServiceStack.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MockOAuth2ServerResource.class, scope = TestResourceScope.GLOBAL)
class TenantOidcSsoTest {

    @Test
    void signsInThroughTheTenantsIdpFoundByEmailDomainWithMappedRoles() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String tenant = "acme-" + suffix;
        String domain = "acme-" + suffix + ".test";
        String issuerId = "idp-" + suffix;
        Gatehouse.management().body(Map.of("id", tenant, "name", "Acme " + suffix, "domains", List.of(domain)))
                .post("/v1/mgmt/tenants").then().statusCode(201);
        Gatehouse.management().body(Map.of("type", "oidc",
                        "oidc", Map.of("issuer", MockOAuth2ServerResource.issuer(issuerId),
                                "clientId", MockOAuth2ServerResource.CLIENT_ID, "clientSecret", MockOAuth2ServerResource.CLIENT_SECRET),
                        "mappings", Map.of("groupMappings", List.of(Map.of("group", "admins", "role", "Tenant Admin")))))
                .put("/v1/mgmt/tenants/" + tenant + "/sso").then().statusCode(200);

        String email = "alice@" + domain;
        MockOAuth2ServerResource.server().enqueueCallback(new DefaultOAuth2TokenCallback(issuerId, "alice-" + suffix, "JWT",
                List.of(MockOAuth2ServerResource.CLIENT_ID),
                Map.of("email", email, "given_name", "Alice", "family_name", "Admin", "groups", List.of("admins", "staff")), 3600));

        String url = RestAssured.given().header("Authorization", "Bearer " + PROJECT_ID)
                .queryParam("tenant", email).queryParam("redirectURL", REDIRECT)
                .post("/v1/auth/sso/authorize").then().statusCode(200).extract().path("url");
        assertThat(url).startsWith(MockOAuth2ServerResource.issuer(issuerId)).contains("login_hint=alice%40" + domain);

        URI back = Browser.callback(Browser.visitIdp(url));
        String code = Browser.query(back.toString()).get("code");
        var session = Gatehouse.exchange(code).statusCode(200)
                .body("user.email", equalTo(email)).body("user.name", equalTo("Alice Admin")).extract();
        JWTClaimsSet claims = Nimbus.verify(session.path("sessionJwt"));
        assertThat(claims.getStringClaim("dct")).isEqualTo(tenant);
        assertThat(claims.getStringListClaim("groups")).containsExactly("Tenant Admin");
        assertThat(claims.getStringListClaim("amr")).containsExactly("oidc");
    }

    @Test
    void unknownDomainIs404AndTenantWithoutSsoIs400() {
        RestAssured.given().header("Authorization", "Bearer " + PROJECT_ID)
                .queryParam("tenant", "bob@nobody-" + UUID.randomUUID() + ".test").queryParam("redirectURL", REDIRECT)
                .post("/v1/auth/sso/authorize").then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("SSO domain"));
        String tenant = Gatehouse.newTenant();
        RestAssured.given().header("Authorization", "Bearer " + PROJECT_ID)
                .queryParam("tenant", tenant).queryParam("redirectURL", REDIRECT)
                .post("/v1/auth/saml/authorize").then().statusCode(400).body("detail", containsString("no SSO connection"));
        RestAssured.given().header("Authorization", "Bearer " + PROJECT_ID).queryParam("redirectURL", REDIRECT)
                .post("/v1/auth/sso/authorize").then().statusCode(400).body("detail", containsString("tenant is required"));
    }
}
