package dev.gatehouse.tenant.sso;

import dev.gatehouse.embeddeddb.EmbeddedPostgresResource;
import dev.gatehouse.tenant.support.PeerHttpServer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import dev.gatehouse.tenant.support.Api;
import dev.gatehouse.tenant.support.TestResources;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.gatehouse.tenant.support.Api.asAuthService;
import static dev.gatehouse.tenant.support.Api.asProjectAdmin;
import static dev.gatehouse.tenant.support.Api.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PeerHttpServer.class, scope = TestResourceScope.GLOBAL)
class SsoConnectionApiTest {

    String tenant;

    @BeforeEach
    void aTenant() {
        tenant = Api.createTenant(unique("sso") + ".example.com");
    }

    @Test
    void spDetailsDeriveFromAuthServicePublicUrl() {
        asProjectAdmin().get("/v1/mgmt/tenants/" + tenant + "/sso/sp").then().statusCode(200)
                .body("acsUrl", equalTo("http://localhost:8081/saml/acs/" + tenant))
                .body("entityId", equalTo("http://localhost:8081/saml/metadata/" + tenant))
                .body("metadataUrl", equalTo("http://localhost:8081/saml/metadata/" + tenant));
    }

    @Test
    void samlFromMetadataXmlWithDefaultMappings() {
        asProjectAdmin().body(Map.of("type", "saml", "saml", Map.of("metadataXml", dev.gatehouse.tenant.support.TestResources.metadata("idp-redirect-and-post.xml"))))
                .put("/v1/mgmt/tenants/" + tenant + "/sso").then().statusCode(200)
                .body("saml.entityId", equalTo("https://idp.example.com/saml"))
                .body("saml.ssoUrl", equalTo("https://idp.example.com/sso/redirect"))
                .body("saml.certificates", hasSize(1))
                .body("attributeMapping.email", equalTo("email"))
                .body("attributeMapping.firstName", equalTo("firstName"))
                .body("attributeMapping.lastName", equalTo("lastName"))
                .body("attributeMapping.uid", equalTo("uid"))
                .body("sp.acsUrl", equalTo("http://localhost:8081/saml/acs/" + tenant));
        asProjectAdmin().queryParam("tenant", tenant).get("/v1/mgmt/audit").then().body("items.action", hasItem("sso.connection.set"));
    }

    @Test
    void samlFromMetadataUrlIsFetchedAndRefreshedOnDemand() {
        String path = "/metadata/" + tenant;
        String url = PeerHttpServer.publish(path, dev.gatehouse.tenant.support.TestResources.metadata("idp-redirect-and-post.xml"));
        asProjectAdmin().body(Map.of("type", "saml", "saml", Map.of("metadataUrl", url)))
                .put("/v1/mgmt/tenants/" + tenant + "/sso").then().statusCode(200)
                .body("saml.metadataUrl", equalTo(url)).body("saml.metadataFetchedAt", not(nullValue()));
        // The IdP rolls over to a new endpoint; a refresh picks it up.
        PeerHttpServer.publish(path, dev.gatehouse.tenant.support.TestResources.metadata("idp-redirect-and-post.xml")
                .replace("https://idp.example.com/sso/redirect", "https://idp.example.com/sso/v2"));
        asProjectAdmin().post("/v1/mgmt/tenants/" + tenant + "/sso/metadata/refresh").then().statusCode(200)
                .body("saml.ssoUrl", equalTo("https://idp.example.com/sso/v2"));
    }

    @Inject
    SsoConnectionService connections;

    @Test
    void scheduledRefreshPicksUpACertificateRolloverAndKeepsTheOldSettingsWhenTheIdpIsDown() {
        String path = "/rollover/" + tenant;
        String url = PeerHttpServer.publish(path, TestResources.metadata("okta-format.xml"));
        asProjectAdmin().body(Map.of("type", "saml", "saml", Map.of("metadataUrl", url)))
                .put("/v1/mgmt/tenants/" + tenant + "/sso").then().statusCode(200).body("saml.certificates", hasSize(1));

        PeerHttpServer.publish(path, TestResources.metadata("adfs-format-rollover.xml")
                .replace("http://adfs.acme.example/adfs/services/trust", "http://www.okta.com/exk1a2b3c4d5E6f7G8h9"));
        connections.refreshAllMetadata();
        asProjectAdmin().get("/v1/mgmt/tenants/" + tenant + "/sso").then().body("saml.certificates", hasSize(2));

        PeerHttpServer.publish(path, "<not-metadata/>");
        connections.refreshAllMetadata();
        asProjectAdmin().get("/v1/mgmt/tenants/" + tenant + "/sso").then().body("saml.certificates", hasSize(2));
        asProjectAdmin().queryParam("tenant", tenant).queryParam("action", "sso.metadata.refresh").get("/v1/mgmt/audit")
                .then().body("items[0].outcome", equalTo("failure")).body("items[1].actor", equalTo("system"));
    }

    @Test
    void unreachableOrBrokenMetadataUrlIsA400ThatSaysWhy() {
        asProjectAdmin().body(Map.of("type", "saml", "saml", Map.of("metadataUrl", PeerHttpServer.url("/missing"))))
                .put("/v1/mgmt/tenants/" + tenant + "/sso").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("HTTP 404"));
        asProjectAdmin().body(Map.of("type", "saml", "saml", Map.of("metadataUrl", "ftp://idp.example.com/md")))
                .put("/v1/mgmt/tenants/" + tenant + "/sso").then().statusCode(400).body("detail", containsString("http or https"));
        asProjectAdmin().get("/v1/mgmt/tenants/" + tenant + "/sso").then().statusCode(404);
    }

    @Test
    void hostileMetadataIsRefusedAndNothingIsSaved() {
        asProjectAdmin().body(Map.of("type", "saml", "saml", Map.of("metadataXml",
                        "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>")))
                .put("/v1/mgmt/tenants/" + tenant + "/sso").then().statusCode(400).body("detail", containsString("DOCTYPE"));
        asProjectAdmin().get("/v1/mgmt/tenants/" + tenant + "/sso").then().statusCode(404);
    }

    @Test
    void samlFromExplicitSettings() {
        String pem = dev.gatehouse.tenant.support.TestResources.metadata("idp-signing.pem");
        asProjectAdmin().body(Map.of("type", "saml", "saml", Map.of("entityId", "urn:idp", "ssoUrl", "https://idp.example.com/sso",
                        "certificates", List.of(pem), "idpInitiated", true)))
                .put("/v1/mgmt/tenants/" + tenant + "/sso").then().statusCode(200)
                .body("saml.entityId", equalTo("urn:idp")).body("saml.idpInitiated", equalTo(true));
        asProjectAdmin().body(Map.of("type", "saml", "saml", Map.of("entityId", "urn:idp")))
                .put("/v1/mgmt/tenants/" + tenant + "/sso").then().statusCode(400).body("detail", containsString("certificate"));
    }

    @Test
    void samlNeedsExactlyOneSource() {
        asProjectAdmin().body(Map.of("type", "saml", "saml", Map.of("metadataUrl", "https://a.example", "metadataXml", "<x/>")))
                .put("/v1/mgmt/tenants/" + tenant + "/sso").then().statusCode(400).body("detail", containsString("exactly one"));
    }

    @Test
    void oidcConnectionChecksDiscoveryAndNeverReturnsTheSecret() {
        String issuer = PeerHttpServer.url("/oidc/" + tenant);
        PeerHttpServer.publish("/oidc/" + tenant + "/.well-known/openid-configuration",
                "{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + issuer + "/auth\","
                        + "\"token_endpoint\":\"" + issuer + "/token\",\"jwks_uri\":\"" + issuer + "/jwks\"}");
        asProjectAdmin().body(Map.of("type", "oidc", "oidc", Map.of("issuer", issuer, "clientId", "gatehouse", "clientSecret", "s3cret")))
                .put("/v1/mgmt/tenants/" + tenant + "/sso").then().statusCode(200)
                .body("oidc.clientSecretSet", equalTo(true))
                .body(not(containsString("s3cret")));
        asProjectAdmin().get("/v1/mgmt/tenants/" + tenant + "/sso").then().body(not(containsString("s3cret")));
        asAuthService().get("/internal/tenants/" + tenant).then().statusCode(200)
                .body("connection.oidcClientSecret", equalTo("s3cret"));
    }

    @Test
    void oidcIssuerMismatchIsRefused() {
        String issuer = PeerHttpServer.url("/oidc-bad/" + tenant);
        PeerHttpServer.publish("/oidc-bad/" + tenant + "/.well-known/openid-configuration",
                "{\"issuer\":\"https://someone-else.example\",\"authorization_endpoint\":\"x\",\"token_endpoint\":\"x\",\"jwks_uri\":\"x\"}");
        asProjectAdmin().body(Map.of("type", "oidc", "oidc", Map.of("issuer", issuer, "clientId", "gatehouse")))
                .put("/v1/mgmt/tenants/" + tenant + "/sso").then().statusCode(400).body("detail", containsString("does not match"));
    }

    @Test
    void mappingsAreSetAndUnknownRolesRefused() {
        asProjectAdmin().body(Map.of("type", "saml", "saml", Map.of("metadataXml", dev.gatehouse.tenant.support.TestResources.metadata("idp-redirect-and-post.xml"))))
                .put("/v1/mgmt/tenants/" + tenant + "/sso").then().statusCode(200);
        asProjectAdmin().body(Map.of("attributeMapping", Map.of("email", "mail"),
                        "groupMappings", List.of(Map.of("group", "admins", "role", "Tenant Admin"))))
                .put("/v1/mgmt/tenants/" + tenant + "/sso/mappings").then().statusCode(200)
                .body("attributeMapping.email", equalTo("mail"))
                .body("attributeMapping.firstName", equalTo("firstName"))
                .body("groupMappings[0].group", equalTo("admins"));
        asProjectAdmin().body(Map.of("groupMappings", List.of(Map.of("group", "x", "role", "No Such Role"))))
                .put("/v1/mgmt/tenants/" + tenant + "/sso/mappings").then().statusCode(404);
        asProjectAdmin().get("/v1/mgmt/tenants/" + tenant + "/sso").then().body("groupMappings", hasSize(1));
    }

    @Test
    void homeRealmDiscoveryByEmailDomain() {
        String domain = unique("hrd") + ".example.com";
        String id = Api.createTenant(domain);
        asAuthService().queryParam("email", "alice@" + domain.toUpperCase()).get("/internal/tenants/by-email")
                .then().statusCode(200).body("id", equalTo(id));
        asAuthService().queryParam("email", "alice@unknown-" + domain).get("/internal/tenants/by-email")
                .then().statusCode(404);
        asAuthService().queryParam("email", "not-an-email").get("/internal/tenants/by-email").then().statusCode(400);
    }
}
