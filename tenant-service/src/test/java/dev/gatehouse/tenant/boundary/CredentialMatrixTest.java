package dev.gatehouse.tenant.boundary;

import dev.gatehouse.embeddeddb.EmbeddedPostgresResource;
import dev.gatehouse.tenant.support.Api;
import dev.gatehouse.tenant.support.PeerHttpServer;
import dev.gatehouse.tenant.support.TestResources;
import dev.gatehouse.tenant.support.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static dev.gatehouse.tenant.support.Api.asProjectAdmin;
import static dev.gatehouse.tenant.support.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every credential that speaks for tenant A, or for no tenant, against every management endpoint of tenant B:
 * each is refused (401, 403 or 404, never 2xx), and B is unchanged afterwards. A project's management key is
 * project-wide by design, so its row here is a revoked one.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PeerHttpServer.class, scope = TestResourceScope.GLOBAL)
class CredentialMatrixTest {

    /** Two tenants and one credential of each kind, made once for the whole matrix. */
    static final class World {
        final String tenantA = Api.createTenant(unique("a") + ".example.com");
        final String domainB = unique("b") + ".example.com";
        final String tenantB = Api.createTenant(domainB);
        final String adminOfA = Api.createTenantAdmin(tenantA);
        final String memberOfB = Api.createMember(tenantB);
        final String adminOfB = Api.createTenantAdmin(tenantB);
        final String setupLinkOfA = asProjectAdmin().body(Map.of()).post("/v1/mgmt/tenants/" + tenantA + "/setup-links")
                .then().statusCode(201).extract().path("secret");
        final String linkOfB = asProjectAdmin().body(Map.of()).post("/v1/mgmt/tenants/" + tenantB + "/setup-links")
                .then().statusCode(201).extract().path("link.id");
        final String revokedKey;

        World() {
            asProjectAdmin().body(Map.of("type", "saml", "saml", Map.of("entityId", "urn:b", "ssoUrl", "https://idp.example.com/sso",
                    "certificates", List.of(TestResources.metadata("idp-signing.pem"))))).put("/v1/mgmt/tenants/" + tenantB + "/sso")
                    .then().statusCode(200);
            var key = asProjectAdmin().body(Map.of("name", "soon revoked")).post("/v1/mgmt/keys").then().statusCode(201).extract();
            asProjectAdmin().delete("/v1/mgmt/keys/" + key.path("key.id")).then().statusCode(204);
            revokedKey = key.path("secret");
        }

        String snapshotOfB() {
            return asProjectAdmin().get("/v1/mgmt/tenants/" + tenantB).then().statusCode(200).extract().asString()
                    + asProjectAdmin().get("/v1/mgmt/tenants/" + tenantB + "/sso").then().statusCode(200).extract().asString()
                    + asProjectAdmin().get("/v1/mgmt/tenants/" + tenantB + "/users").then().statusCode(200).extract().asString()
                    + asProjectAdmin().get("/v1/mgmt/tenants/" + tenantB + "/setup-links").then().statusCode(200).extract().asString();
        }
    }

    static World world;

    static World world() {
        if (world == null) {
            world = new World();
        }
        return world;
    }

    record Credential(String name, Supplier<String> bearer) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Call(String method, String path, Object body) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static Stream<Arguments> everyCredentialAgainstEveryEndpointOfB() {
        List<Credential> credentials = List.of(
                new Credential("tenant admin of A", () -> TestTokens.session(world().adminOfA)),
                new Credential("setup link of A", () -> TestTokens.PROJECT_ID + ":" + world().setupLinkOfA),
                new Credential("plain member of B", () -> TestTokens.session(world().memberOfB)),
                new Credential("revoked management key", () -> TestTokens.PROJECT_ID + ":" + world().revokedKey));
        String b = "{B}";
        List<Call> calls = List.of(
                new Call("GET", "/v1/mgmt/tenants/" + b, null),
                new Call("PATCH", "/v1/mgmt/tenants/" + b, Map.of("name", "taken over")),
                new Call("DELETE", "/v1/mgmt/tenants/" + b, null),
                new Call("POST", "/v1/mgmt/tenants/" + b + "/domains", Map.of("domain", "evil-" + b + ".example.com")),
                new Call("POST", "/v1/mgmt/tenants/" + b + "/domains/{domainB}/verify", null),
                new Call("DELETE", "/v1/mgmt/tenants/" + b + "/domains/{domainB}", null),
                new Call("GET", "/v1/mgmt/tenants/" + b + "/sso", null),
                new Call("GET", "/v1/mgmt/tenants/" + b + "/sso/sp", null),
                new Call("PUT", "/v1/mgmt/tenants/" + b + "/sso", Map.of("type", "saml", "saml",
                        Map.of("entityId", "urn:evil", "ssoUrl", "https://evil.example.com/sso", "certificates",
                                List.of(TestResources.metadata("idp-signing.pem"))))),
                new Call("PUT", "/v1/mgmt/tenants/" + b + "/sso/mappings",
                        Map.of("groupMappings", List.of(Map.of("group", "everyone", "role", "Tenant Admin")))),
                new Call("POST", "/v1/mgmt/tenants/" + b + "/sso/metadata/refresh", null),
                new Call("DELETE", "/v1/mgmt/tenants/" + b + "/sso", null),
                new Call("GET", "/v1/mgmt/tenants/" + b + "/users", null),
                new Call("PUT", "/v1/mgmt/tenants/" + b + "/users/{memberOfB}/roles/Tenant Admin", null),
                new Call("DELETE", "/v1/mgmt/tenants/" + b + "/users/{adminOfB}/roles/Tenant Admin", null),
                new Call("POST", "/v1/mgmt/tenants/" + b + "/setup-links", Map.of()),
                new Call("GET", "/v1/mgmt/tenants/" + b + "/setup-links", null),
                new Call("DELETE", "/v1/mgmt/tenants/" + b + "/setup-links/{linkOfB}", null),
                new Call("GET", "/v1/mgmt/audit?tenant=" + b, null),
                new Call("GET", "/v1/mgmt/users/{memberOfB}", null),
                new Call("PATCH", "/v1/mgmt/users/{memberOfB}", Map.of("name", "renamed")),
                new Call("DELETE", "/v1/mgmt/users/{memberOfB}", null),
                new Call("POST", "/v1/mgmt/users/{adminOfB}/disable", null),
                new Call("POST", "/v1/mgmt/users/{memberOfB}/enable", null),
                new Call("PUT", "/v1/mgmt/users/{memberOfB}/roles/Tenant Admin", null),
                new Call("PUT", "/v1/mgmt/users/{memberOfB}/tenants/" + b, Map.of("roleNames", List.of("Tenant Admin"))),
                new Call("DELETE", "/v1/mgmt/users/{adminOfB}/tenants/" + b, null));
        List<Arguments> matrix = new ArrayList<>();
        for (Credential credential : credentials) {
            for (Call call : calls) {
                matrix.add(Arguments.of(credential, call));
            }
        }
        return matrix.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("everyCredentialAgainstEveryEndpointOfB")
    void isRefusedAndChangesNothing(Credential credential, Call call) {
        World w = world();
        String before = w.snapshotOfB();
        String path = call.path().replace("{B}", w.tenantB).replace("{domainB}", w.domainB)
                .replace("{memberOfB}", w.memberOfB).replace("{adminOfB}", w.adminOfB).replace("{linkOfB}", w.linkOfB);
        RequestSpecification request = RestAssured.given().contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + credential.bearer().get());
        if (call.body() != null) {
            request.body(call.body());
        }
        int status = request.request(call.method(), path).then().extract().statusCode();
        assertThat(status).as(credential + " on " + call.method() + " " + path).isIn(401, 403, 404);
        assertThat(w.snapshotOfB()).isEqualTo(before);
    }
}
