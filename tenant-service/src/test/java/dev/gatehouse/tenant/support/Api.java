package dev.gatehouse.tenant.support;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Requests as each kind of caller makes them. */
public final class Api {

    public static final String MANAGEMENT_KEY = "test-management-key";
    public static final String INTERNAL_TOKEN = "test-internal-token";

    private Api() {
    }

    public static RequestSpecification asProjectAdmin() {
        return RestAssured.given().contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + TestTokens.PROJECT_ID + ":" + MANAGEMENT_KEY);
    }

    public static RequestSpecification asUser(String userId) {
        return RestAssured.given().contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + TestTokens.session(userId));
    }

    public static RequestSpecification asAuthService() {
        return RestAssured.given().contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + INTERNAL_TOKEN);
    }

    public static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates a tenant with one domain and returns its id. */
    public static String createTenant(String domain) {
        String id = unique("t-");
        asProjectAdmin().body(Map.of("id", id, "name", "Tenant " + id, "domains", List.of(domain)))
                .post("/v1/mgmt/tenants").then().statusCode(201);
        return id;
    }

    /** Creates a user who is Tenant Admin of the tenant and returns their id. */
    public static String createTenantAdmin(String tenantId) {
        return asProjectAdmin()
                .body(Map.of("email", unique("admin-") + "@example.org",
                        "tenants", List.of(Map.of("tenantId", tenantId, "roleNames", List.of("Tenant Admin")))))
                .post("/v1/mgmt/users").then().statusCode(201).extract().path("userId");
    }

    public static String createMember(String tenantId) {
        return asProjectAdmin()
                .body(Map.of("email", unique("user-") + "@example.org",
                        "tenants", List.of(Map.of("tenantId", tenantId))))
                .post("/v1/mgmt/users").then().statusCode(201).extract().path("userId");
    }
}
