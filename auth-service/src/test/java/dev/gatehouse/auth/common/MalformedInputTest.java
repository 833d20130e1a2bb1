package dev.gatehouse.auth.common;

import dev.gatehouse.auth.session.OneTimeCodes;
import dev.gatehouse.auth.support.Gatehouse;
import dev.gatehouse.auth.support.MockOAuth2ServerResource;
import dev.gatehouse.auth.support.TenantServiceStack;
import dev.gatehouse.testing.OpenApiSweep;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/** Malformed input never gives a 5xx: every endpoint of our OpenAPI, swept with hostile values (design.md §7). */
@QuarkusTest
@WithTestResource(value = TenantServiceStack.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MockOAuth2ServerResource.class, scope = TestResourceScope.GLOBAL)
class MalformedInputTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    OneTimeCodes codes;

    @Test
    void aMalformedSamlResponseIsAClearRefusalNotAServerError() {
        RestAssured.given().contentType("application/x-www-form-urlencoded").body("SAMLResponse=%%%&RelayState=x")
                .post("/saml/acs/some-tenant").then().statusCode(400);
        RestAssured.given().contentType("application/x-www-form-urlencoded").body("SAMLResponse=%%%")
                .post("/saml/acs/some-tenant").then().body(containsString("could not"));
    }

    @Test
    void noEndpointAnswersMalformedInputWithA5xx() {
        String tenant = Gatehouse.newTenant();
        String user = Gatehouse.newUser(tenant, List.of());
        String refreshJwt = Gatehouse.exchange(Gatehouse.codeFor(codes, user, tenant)).statusCode(200).extract().path("refreshJwt");
        // Not the internal token: the operator endpoints take no input, and the sweep would rotate the keys
        // that the other tests of this shared database rely on.
        List<String> serverErrors = OpenApiSweep.serverErrors(base.toString(), List.of(
                "Bearer " + Gatehouse.PROJECT_ID,
                "Bearer " + Gatehouse.PROJECT_ID + ":" + refreshJwt));
        assertThat(serverErrors).isEmpty();
    }
}
