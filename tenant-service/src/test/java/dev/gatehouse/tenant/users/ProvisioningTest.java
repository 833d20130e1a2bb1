package dev.gatehouse.tenant.users;

import dev.gatehouse.embeddeddb.EmbeddedPostgresResource;
import dev.gatehouse.tenant.support.PeerHttpServer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import dev.gatehouse.tenant.support.Api;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.tenant.support.Api.asAuthService;
import static dev.gatehouse.tenant.support.Api.asProjectAdmin;
import static dev.gatehouse.tenant.support.Api.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PeerHttpServer.class, scope = TestResourceScope.GLOBAL)
class ProvisioningTest {

    String tenant;
    String domain;

    @BeforeEach
    void aTenantWithAGroupMapping() {
        domain = unique("acme") + ".test";
        tenant = Api.createTenant(domain);
        asProjectAdmin().body(Map.of("type", "saml", "saml", Map.of("entityId", "urn:idp", "ssoUrl", "https://idp.example.com/sso",
                        "certificates", List.of(dev.gatehouse.tenant.support.TestResources.metadata("idp-signing.pem"))),
                        "mappings", Map.of("groupMappings", List.of(Map.of("group", "admins", "role", "Tenant Admin")))))
                .put("/v1/mgmt/tenants/" + tenant + "/sso").then().statusCode(200);
    }

    @Test
    void firstSamlLoginCreatesTheUserInTheTenantWithMappedRoles() {
        provision(samlLogin("alice", "alice@" + domain, List.of("admins", "staff"))).statusCode(200)
                .body("firstSeen", equalTo(true))
                .body("user.email", equalTo("alice@" + domain))
                .body("user.name", equalTo("Alice Example"))
                .body("user.SAML", equalTo(true))
                .body("user.claims.tenants." + tenant + ".roles", equalTo(List.of("Tenant Admin")));
        provision(samlLogin("alice", "alice@" + domain, List.of("admins"))).statusCode(200).body("firstSeen", equalTo(false));
    }

    @Test
    void mappedRolesFollowTheGroupsButManualGrantsStay() {
        String userId = provision(samlLogin("bob", "bob@" + domain, List.of("admins"))).extract().path("user.userId");
        asProjectAdmin().body(Map.of("name", unique("Auditor"))).post("/v1/mgmt/roles").then().statusCode(201);
        String manual = asProjectAdmin().get("/v1/mgmt/roles").then().extract().path("find { it.name.startsWith('Auditor') }.name");
        asProjectAdmin().put("/v1/mgmt/tenants/" + tenant + "/users/" + userId + "/roles/" + manual).then().statusCode(200);
        provision(samlLogin("bob", "bob@" + domain, List.of("staff"))).statusCode(200)
                .body("user.claims.tenants." + tenant + ".roles", equalTo(List.of(manual)));
    }

    @Test
    void noGroupsAttributeLeavesMappedRolesAlone() {
        provision(samlLogin("carol", "carol@" + domain, List.of("admins"))).statusCode(200);
        Map<String, Object> login = samlLogin("carol", "carol@" + domain, null);
        provision(login).statusCode(200).body("user.claims.tenants." + tenant + ".roles", equalTo(List.of("Tenant Admin")));
    }

    @Test
    void anEnterpriseIdpIsNotTrustedForEmailsOutsideItsDomains() {
        String victim = asProjectAdmin().body(Map.of("email", "ceo@" + unique("bank") + ".example"))
                .post("/v1/mgmt/users").then().statusCode(201).extract().path("userId");
        String victimEmail = asProjectAdmin().get("/v1/mgmt/users/" + victim).then().extract().path("email");
        provision(samlLogin("mallory", victimEmail, List.of())).statusCode(200)
                .body("user.userId", not(equalTo(victim)))
                .body("user.email", nullValue());
    }

    @Test
    void socialLoginLinksByVerifiedEmailOnly() {
        String email = unique("dave") + "@example.org";
        String existing = asProjectAdmin().body(Map.of("email", email)).post("/v1/mgmt/users").then().statusCode(201).extract().path("userId");
        provision(socialLogin("g-1-" + existing, email, false)).statusCode(200).body("user.userId", not(equalTo(existing)));
        provision(socialLogin("g-2-" + existing, email, true)).statusCode(200).body("user.userId", equalTo(existing))
                .body("user.oAuth.google", equalTo(true));
    }

    @Test
    void disabledUserCannotSignIn() {
        String userId = provision(samlLogin("erin", "erin@" + domain, List.of())).extract().path("user.userId");
        asProjectAdmin().post("/v1/mgmt/users/" + userId + "/disable").then().statusCode(200);
        provision(samlLogin("erin", "erin@" + domain, List.of())).statusCode(403);
    }

    @Test
    void unknownTenantAndInvalidLoginsAreRefused() {
        Map<String, Object> login = samlLogin("frank", "frank@" + domain, List.of());
        login.put("tenantId", "no-such-tenant");
        provision(login).statusCode(404);
        login = samlLogin("frank", "frank@" + domain, List.of());
        login.put("kind", "kerberos");
        provision(login).statusCode(400);
    }

    @Test
    void signInsAreAudited() {
        provision(samlLogin("gina", "gina@" + domain, List.of())).statusCode(200);
        asProjectAdmin().queryParam("tenant", tenant).queryParam("action", "user.login").get("/v1/mgmt/audit")
                .then().body("items.detail", hasItem("first sign-in"));
    }

    @Test
    void currentClaimsByUserId() {
        String userId = provision(samlLogin("hank", "hank@" + domain, List.of("admins"))).extract().path("user.userId");
        asAuthService().get("/internal/users/" + userId).then().statusCode(200)
                .body("status", equalTo("enabled"))
                .body("claims.tenants." + tenant + ".roles", equalTo(List.of("Tenant Admin")));
        asAuthService().get("/internal/users/nobody").then().statusCode(404);
    }

    @Test
    void anEmailSignInIsItsOwnProvenAddressAndRespectsATenantThatRequiresSso() {
        String address = unique("mo") + "@mail.example";
        provision(emailLogin(address, address, true)).statusCode(200).body("user.email", equalTo(address))
                .body("firstSeen", equalTo(true));
        provision(emailLogin(address, address, true)).statusCode(200).body("firstSeen", equalTo(false));
        // Only a proven address, naming itself as the subject, is an email identity.
        provision(emailLogin(address, address, false)).statusCode(400);
        provision(emailLogin("someone-else@mail.example", address, true)).statusCode(400);

        asProjectAdmin().body(Map.of("ssoRequired", true)).patch("/v1/mgmt/tenants/" + tenant).then().statusCode(200)
                .body("ssoRequired", equalTo(true));
        asAuthService().get("/internal/tenants/" + tenant).then().body("ssoRequired", equalTo(true));
        provision(emailLogin("carol@" + domain, "carol@" + domain, true)).statusCode(403);
    }

    private static Map<String, Object> emailLogin(String subject, String email, boolean verified) {
        Map<String, Object> login = new HashMap<>();
        login.put("issuer", "gatehouse:email");
        login.put("subject", subject);
        login.put("kind", "email");
        login.put("provider", "email");
        login.put("email", email);
        login.put("emailVerified", verified);
        return login;
    }

    private io.restassured.response.ValidatableResponse provision(Map<String, Object> login) {
        return asAuthService().body(login).post("/internal/users/provision").then();
    }

    private Map<String, Object> samlLogin(String subject, String email, List<String> groups) {
        Map<String, Object> login = new HashMap<>();
        login.put("issuer", "urn:idp");
        login.put("subject", subject);
        login.put("kind", "saml");
        login.put("provider", tenant);
        login.put("tenantId", tenant);
        login.put("connectionId", asAuthService().get("/internal/tenants/" + tenant).then().extract().path("connection.connectionId"));
        login.put("email", email);
        login.put("emailVerified", false);
        login.put("givenName", subject.substring(0, 1).toUpperCase() + subject.substring(1));
        login.put("familyName", "Example");
        login.put("groups", groups);
        return login;
    }

    private static Map<String, Object> socialLogin(String subject, String email, boolean verified) {
        Map<String, Object> login = new HashMap<>();
        login.put("issuer", "https://accounts.google.com");
        login.put("subject", subject);
        login.put("kind", "oauth");
        login.put("provider", "google");
        login.put("email", email);
        login.put("emailVerified", verified);
        login.put("name", "Dave");
        return login;
    }
}
