package dev.gatehouse.tenant.boundary;

import dev.gatehouse.embeddeddb.EmbeddedPostgresResource;
import dev.gatehouse.tenant.support.Api;
import dev.gatehouse.tenant.support.PeerHttpServer;
import dev.gatehouse.tenant.support.TestResources;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.tenant.support.Api.asAuthService;
import static dev.gatehouse.tenant.support.Api.asProjectAdmin;
import static dev.gatehouse.tenant.support.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

/**
 * The tenant boundary of design.md §6: an external identity belongs to the connection that asserted it. Each
 * test lets an attacker tenant's IdP claim a victim's IdP name (another tenant's entity ID or issuer, a social
 * issuer) and the victim's subject; each must yield a new user in the attacker's tenant, and leave the victim's
 * account, roles and profile untouched.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PeerHttpServer.class, scope = TestResourceScope.GLOBAL)
class IdentityCollisionTest {

    static final String GOOGLE = "https://accounts.google.com";

    String victimTenant;
    String victimDomain;
    String attackerTenant;

    @BeforeEach
    void aVictimAndAnAttackerTenant() {
        victimDomain = unique("victim") + ".test";
        victimTenant = Api.createTenant(victimDomain);
        attackerTenant = Api.createTenant(unique("attacker") + ".test");
    }

    @Test
    void samlEntityIdOfAnotherTenantReachesNoneOfItsUsers() {
        String entityId = "urn:victim-idp:" + victimTenant;
        samlConnection(victimTenant, entityId, List.of(Map.of("group", "admins", "role", "Tenant Admin")));
        String alice = provision(enterprise(victimTenant, "saml", entityId, "alice", "alice@" + victimDomain, List.of("admins")))
                .statusCode(200).extract().path("user.userId");

        samlConnection(attackerTenant, entityId, List.of(Map.of("group", "admins", "role", "Tenant Admin")));
        provision(enterprise(attackerTenant, "saml", entityId, "alice", "alice@" + victimDomain, List.of("admins")))
                .statusCode(200)
                .body("firstSeen", equalTo(true))
                .body("user.userId", not(equalTo(alice)))
                .body("user.claims.tenants", not(hasKey(victimTenant)));
        victimIsUntouched(alice, "alice@" + victimDomain, "Alice");
    }

    @Test
    void samlEntityIdEqualToASocialIssuerReachesNoSocialUser() {
        String gina = provision(social("google", GOOGLE, "1234567890", "gina@gmail.example")).statusCode(200)
                .extract().path("user.userId");
        samlConnection(attackerTenant, GOOGLE, List.of());
        provision(enterprise(attackerTenant, "saml", GOOGLE, "1234567890", "gina@gmail.example", List.of()))
                .statusCode(200).body("firstSeen", equalTo(true)).body("user.userId", not(equalTo(gina)));
        victimIsUntouched(gina, "gina@gmail.example", "Gina");
    }

    @Test
    void oidcIssuerEqualToASocialIssuerReachesNoSocialUser() {
        String issuer = discovery("social-" + attackerTenant);
        String gina = provision(social("google", issuer, "g-42", "gina42@gmail.example")).statusCode(200)
                .extract().path("user.userId");
        oidcConnection(attackerTenant, issuer);
        provision(enterprise(attackerTenant, "oidc", issuer, "g-42", "gina42@gmail.example", null))
                .statusCode(200).body("firstSeen", equalTo(true)).body("user.userId", not(equalTo(gina)));
        victimIsUntouched(gina, "gina42@gmail.example", "Gina");
    }

    @Test
    void oidcIssuerOfAnotherTenantReachesNoneOfItsUsers() {
        String issuer = discovery("shared-" + victimTenant);
        oidcConnection(victimTenant, issuer);
        String carol = provision(enterprise(victimTenant, "oidc", issuer, "sub-carol", "carol@" + victimDomain, null))
                .statusCode(200).extract().path("user.userId");
        oidcConnection(attackerTenant, issuer);
        provision(enterprise(attackerTenant, "oidc", issuer, "sub-carol", "carol@" + victimDomain, null))
                .statusCode(200).body("firstSeen", equalTo(true)).body("user.userId", not(equalTo(carol)))
                .body("user.email", equalTo(null));
        victimIsUntouched(carol, "carol@" + victimDomain, "Sub-carol");
    }

    @Test
    void anIssuerDeclaredWithATrailingSlashIsTheSameIssuer() {
        String issuer = discovery("slash-" + victimTenant);
        oidcConnection(victimTenant, issuer);
        provision(enterprise(victimTenant, "oidc", issuer + "/", "sub-slash", null, null)).statusCode(200);
    }

    @Test
    void aSocialProviderNeverReachesATenantsUserBySubject() {
        String entityId = "urn:victim-idp:" + victimTenant;
        samlConnection(victimTenant, entityId, List.of());
        String dave = provision(enterprise(victimTenant, "saml", entityId, "dave", "dave@" + victimDomain, List.of()))
                .statusCode(200).extract().path("user.userId");
        provision(social("github", entityId, "dave", null)).statusCode(200)
                .body("firstSeen", equalTo(true)).body("user.userId", not(equalTo(dave)));
    }

    @Test
    void aReplacedConnectionHandsItsUsersToNobody() {
        samlConnection(attackerTenant, "urn:first-idp", List.of());
        String firstConnection = connectionId(attackerTenant);
        String erin = provision(enterprise(attackerTenant, "saml", "urn:first-idp", "erin", null, List.of()))
                .statusCode(200).extract().path("user.userId");

        samlConnection(attackerTenant, "urn:second-idp", List.of());
        assertThat(connectionId(attackerTenant)).isNotEqualTo(firstConnection);
        provision(enterprise(attackerTenant, "saml", "urn:second-idp", "erin", null, List.of()))
                .statusCode(200).body("user.userId", not(equalTo(erin)));

        // Deleted and created again, even with the very same entity ID: still nobody's successor.
        asProjectAdmin().delete("/v1/mgmt/tenants/" + attackerTenant + "/sso").then().statusCode(204);
        samlConnection(attackerTenant, "urn:first-idp", List.of());
        provision(enterprise(attackerTenant, "saml", "urn:first-idp", "erin", null, List.of()))
                .statusCode(200).body("firstSeen", equalTo(true)).body("user.userId", not(equalTo(erin)));
    }

    @Test
    void metadataRefreshOfTheSameIdpKeepsItsUsers() {
        samlConnection(attackerTenant, "urn:steady-idp", List.of());
        String before = connectionId(attackerTenant);
        samlConnection(attackerTenant, "urn:steady-idp", List.of());
        assertThat(connectionId(attackerTenant)).isEqualTo(before);
    }

    @Test
    void aLoginThroughAConnectionThatIsNotTheTenantsCurrentOneIsRefused() {
        String entityId = "urn:victim-idp:" + victimTenant;
        samlConnection(victimTenant, entityId, List.of());
        samlConnection(attackerTenant, entityId, List.of());
        Map<String, Object> forged = enterprise(attackerTenant, "saml", entityId, "alice", null, List.of());
        forged.put("connectionId", connectionId(victimTenant));
        provision(forged).statusCode(409).body("detail", containsString("changed during this sign-in"));

        Map<String, Object> wrongIssuer = enterprise(attackerTenant, "saml", "urn:someone-else", "alice", null, List.of());
        provision(wrongIssuer).statusCode(409);

        Map<String, Object> socialWithoutTenant = enterprise(attackerTenant, "saml", entityId, "alice", null, List.of());
        socialWithoutTenant.remove("tenantId");
        provision(socialWithoutTenant).statusCode(400);
    }

    @Test
    void anEmailLinkedAccountKeepsTheProfileItsOwnerGaveIt() {
        String email = unique("frank") + "@" + victimDomain;
        String frank = provision(social("google", GOOGLE, unique("g-"), email)).statusCode(200).extract().path("user.userId");
        String entityId = "urn:victim-idp:" + victimTenant;
        samlConnection(victimTenant, entityId, List.of());
        Map<String, Object> login = enterprise(victimTenant, "saml", entityId, "frank", email, List.of());
        login.put("givenName", "Renamed");
        provision(login).statusCode(200).body("user.userId", equalTo(frank)).body("user.name", equalTo("Gina"));
    }

    private void victimIsUntouched(String userId, String email, String firstName) {
        ValidatableResponse user = asProjectAdmin().get("/v1/mgmt/users/" + userId).then().statusCode(200)
                .body("email", equalTo(email));
        String name = user.extract().path("name");
        assertThat(name).startsWith(firstName);
    }

    private static ValidatableResponse provision(Map<String, Object> login) {
        return asAuthService().body(login).post("/internal/users/provision").then();
    }

    private static Map<String, Object> enterprise(String tenant, String kind, String issuer, String subject, String email,
                                                  List<String> groups) {
        Map<String, Object> login = new HashMap<>();
        login.put("issuer", issuer);
        login.put("subject", subject);
        login.put("kind", kind);
        login.put("provider", tenant);
        login.put("tenantId", tenant);
        login.put("connectionId", connectionId(tenant));
        login.put("email", email);
        login.put("emailVerified", true);
        login.put("givenName", subject.substring(0, 1).toUpperCase() + subject.substring(1));
        login.put("familyName", "Forged");
        login.put("groups", groups);
        return login;
    }

    private static Map<String, Object> social(String provider, String issuer, String subject, String email) {
        Map<String, Object> login = new HashMap<>();
        login.put("issuer", issuer);
        login.put("subject", subject);
        login.put("kind", "oauth");
        login.put("provider", provider);
        login.put("email", email);
        login.put("emailVerified", email != null);
        login.put("name", "Gina");
        return login;
    }

    static String connectionId(String tenant) {
        return asAuthService().get("/internal/tenants/" + tenant).then().statusCode(200).extract().path("connection.connectionId");
    }

    private static void samlConnection(String tenant, String entityId, List<Map<String, String>> groupMappings) {
        asProjectAdmin().body(Map.of("type", "saml",
                        "saml", Map.of("entityId", entityId, "ssoUrl", "https://idp.example.com/sso",
                                "certificates", List.of(TestResources.metadata("idp-signing.pem"))),
                        "mappings", Map.of("groupMappings", groupMappings)))
                .put("/v1/mgmt/tenants/" + tenant + "/sso").then().statusCode(200);
    }

    private static void oidcConnection(String tenant, String issuer) {
        asProjectAdmin().body(Map.of("type", "oidc", "oidc", Map.of("issuer", issuer, "clientId", "gatehouse", "clientSecret", "s")))
                .put("/v1/mgmt/tenants/" + tenant + "/sso").then().statusCode(200);
    }

    /** An OIDC issuer with a discovery document on the test's peer server. */
    private static String discovery(String name) {
        String issuer = PeerHttpServer.url("/oidc/" + name);
        PeerHttpServer.publish("/oidc/" + name + "/.well-known/openid-configuration",
                "{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + issuer + "/auth\","
                        + "\"token_endpoint\":\"" + issuer + "/token\",\"jwks_uri\":\"" + issuer + "/jwks\"}");
        return issuer;
    }
}
