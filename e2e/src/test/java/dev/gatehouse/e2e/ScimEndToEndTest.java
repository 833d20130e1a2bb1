package dev.gatehouse.e2e;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leaving the company, end to end: a directory (SCIM) user signed in to the demo app in Chromium is deactivated by
 * their tenant's IdP; once the session JWT runs out, the next page load finds the session ended and signs them out.
 * Another tenant's SCIM token gets nothing from any endpoint.
 */
class ScimEndToEndTest extends BrowserSuite {

    @Test
    void aDeactivationAtTheIdpSignsTheUserOutOfTheApp() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String tenant = "umbrella-" + suffix;
        String domain = tenant + ".test";
        String email = "sam@" + domain;
        stack.management().body(Map.of("id", tenant, "name", "Umbrella", "domains", List.of(domain))).post("/v1/mgmt/tenants")
                .then().statusCode(201);
        String token = stack.management().post("/v1/mgmt/tenants/" + tenant + "/scim/tokens").then().statusCode(201)
                .extract().path("secret");
        String id = scim(token).body(Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"),
                        "userName", email, "name", Map.of("givenName", "Sam", "familyName", "Leaver"),
                        "emails", List.of(Map.of("value", email, "primary", true, "type", "work")), "active", true))
                .post("/scim/v2/" + tenant + "/Users").then().statusCode(201).extract().path("id");

        EmailSignInEndToEndTest.signInByCode(browser, stack, email);
        assertThat(browser.text("email")).isEqualTo(email);
        browser.screenshot("scim-01-signed-in");

        scim(token).body("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                        + "\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}")
                .patch("/scim/v2/" + tenant + "/Users/" + id).then().statusCode(200);
        // Past the session JWT's expiry plus the verifiers' 5 s clock-skew allowance: the refresh is refused.
        ServiceProcess.sleep(Stack.SESSION_TTL.toMillis() + 7000);
        browser.open(stack.uiUrl());
        browser.waitFor("login-email");
        assertThat(browser.has("name")).isFalse();
        browser.screenshot("scim-02-signed-out");

        // Another tenant's SCIM token: refused on every endpoint of this tenant's directory.
        String other = "other-" + suffix;
        stack.management().body(Map.of("id", other, "name", "Other")).post("/v1/mgmt/tenants").then().statusCode(201);
        String otherToken = stack.management().post("/v1/mgmt/tenants/" + other + "/scim/tokens").then().statusCode(201)
                .extract().path("secret");
        for (String path : List.of("/Users", "/Users/" + id, "/Groups", "/ServiceProviderConfig", "/ResourceTypes", "/Schemas")) {
            scim(otherToken).get("/scim/v2/" + tenant + path).then().statusCode(401);
        }
        scim(otherToken).body("{\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":true}}]}")
                .patch("/scim/v2/" + tenant + "/Users/" + id).then().statusCode(401);
        scim(otherToken).delete("/scim/v2/" + tenant + "/Users/" + id).then().statusCode(401);
        scim(token).get("/scim/v2/" + tenant + "/Users/" + id).then().statusCode(200)
                .body("active", org.hamcrest.Matchers.equalTo(false));
    }

    private static RequestSpecification scim(String token) {
        return RestAssured.given().baseUri(stack.tenantUrl()).contentType("application/scim+json")
                .header("Authorization", "Bearer " + token);
    }
}
