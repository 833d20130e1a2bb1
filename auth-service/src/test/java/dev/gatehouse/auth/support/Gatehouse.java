package dev.gatehouse.auth.support;

import dev.gatehouse.auth.session.OneTimeCodes;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the tests do through the real services' APIs. */
public final class Gatehouse {

    public static final String PROJECT_ID = "PgatehouseDemoProjectId00001";
    public static final String REDIRECT = "http://localhost:8080/auth/callback";

    private Gatehouse() {
    }

    /** tenant-service's management API, as a project admin. */
    public static RequestSpecification management() {
        return RestAssured.given().baseUri(TenantServiceStack.tenantServiceUrl()).contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + PROJECT_ID + ":" + TenantServiceStack.MANAGEMENT_KEY);
    }

    public static String newTenant() {
        String id = "t-" + UUID.randomUUID().toString().substring(0, 8);
        management().body(Map.of("id", id, "name", "Tenant " + id)).post("/v1/mgmt/tenants").then().statusCode(201);
        return id;
    }

    /**
     * A tenant that owns {@code domain} and signs in through its own OIDC IdP, mock-oauth2-server's issuer
     * {@code issuerId}.
     */
    public static void newOidcTenant(String id, String domain, String issuerId) {
        management().body(Map.of("id", id, "name", "Tenant " + id, "domains", List.of(domain)))
                .post("/v1/mgmt/tenants").then().statusCode(201);
        management().body(Map.of("type", "oidc", "oidc", Map.of("issuer", MockOAuth2ServerResource.issuer(issuerId),
                        "clientId", MockOAuth2ServerResource.CLIENT_ID, "clientSecret", MockOAuth2ServerResource.CLIENT_SECRET)))
                .put("/v1/mgmt/tenants/" + id + "/sso").then().statusCode(200);
    }

    /** A user who is a member of the tenant with the given roles; returns the user id. */
    public static String newUser(String tenantId, List<String> roles) {
        return management()
                .body(Map.of("email", "u" + UUID.randomUUID().toString().substring(0, 8) + "@example.org",
                        "name", "Test User",
                        "tenants", List.of(Map.of("tenantId", tenantId, "roleNames", roles))))
                .post("/v1/mgmt/users").then().statusCode(201).extract().path("userId");
    }

    /** A one-time code as a finished login leaves it (the login flows call the same method). */
    public static String codeFor(OneTimeCodes codes, String userId, String tenantId) {
        return codes.issue(new OneTimeCodes.CompletedLogin(userId, tenantId, "saml", REDIRECT, false));
    }

    public static ValidatableResponse exchange(String code) {
        return RestAssured.given().contentType(ContentType.JSON).header("Authorization", "Bearer " + PROJECT_ID)
                .body(Map.of("code", code)).post("/v1/auth/sso/exchange").then();
    }

    public static RequestSpecification withRefresh(String refreshJwt) {
        return RestAssured.given().header("Authorization", "Bearer " + PROJECT_ID + ":" + refreshJwt);
    }
}
