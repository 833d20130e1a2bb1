package dev.gatehouse.tenant.tenants;

import dev.gatehouse.embeddeddb.EmbeddedPostgresResource;
import dev.gatehouse.tenant.support.Api;
import dev.gatehouse.tenant.support.DnsServer;
import dev.gatehouse.tenant.support.PeerHttpServer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.gatehouse.tenant.support.Api.asAuthService;
import static dev.gatehouse.tenant.support.Api.asProjectAdmin;
import static dev.gatehouse.tenant.support.Api.asUser;
import static dev.gatehouse.tenant.support.Api.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** Domains prove ownership by a TXT record before they route anyone; checked against a real dnsmasq. */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PeerHttpServer.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = DnsServer.class, scope = TestResourceScope.GLOBAL)
class DomainVerificationTest {

    @Inject
    PendingDomains pendingDomains;

    String tenant;
    String admin;
    String domain;

    @BeforeEach
    void aTenantAdminWithAPendingDomain() {
        tenant = Api.createTenant(unique("v") + ".example.com");
        admin = Api.createTenantAdmin(tenant);
        domain = unique("acme") + ".test";
        asUser(admin).body(Map.of("domain", domain)).post("/v1/mgmt/tenants/" + tenant + "/domains").then().statusCode(200)
                .body("domains", hasSize(1))
                .body("pendingDomains[0].domain", equalTo(domain))
                .body("pendingDomains[0].txtName", equalTo("_gatehouse-challenge." + domain));
    }

    @Test
    void theRightTxtRecordVerifiesTheDomainAndOnlyThenItRoutes() {
        asAuthService().queryParam("email", "alice@" + domain).get("/internal/tenants/by-email").then().statusCode(404);
        DnsServer.publishTxt("_gatehouse-challenge." + domain, txtValue());
        verify().statusCode(200).body("domains", org.hamcrest.Matchers.hasItem(domain)).body("pendingDomains", hasSize(0));
        asAuthService().queryParam("email", "alice@" + domain).get("/internal/tenants/by-email").then().statusCode(200)
                .body("id", equalTo(tenant));
        asProjectAdmin().queryParam("tenant", tenant).queryParam("action", "tenant.domain.verify").get("/v1/mgmt/audit")
                .then().body("items[0].outcome", equalTo("success"));
    }

    @Test
    void aWrongTokenIsRefused() {
        DnsServer.publishTxt("_gatehouse-challenge." + domain, "gh-verify=not-the-token");
        verify().statusCode(409).contentType("application/problem+json").body("detail", containsString("does not hold"));
    }

    @Test
    void aMissingRecordIsRefused() {
        verify().statusCode(409).body("detail", containsString("NXDOMAIN"));
    }

    @Test
    void aNameWithoutTxtIsRefused() {
        String nodata = "nodata.test";
        String other = Api.createTenant(unique("n") + ".example.com");
        asProjectAdmin().body(Map.of("domain", nodata, "verified", false)).post("/v1/mgmt/tenants/" + other + "/domains")
                .then().statusCode(200);
        asProjectAdmin().post("/v1/mgmt/tenants/" + other + "/domains/" + nodata + "/verify").then().statusCode(409)
                .body("detail", containsString("no TXT record"));
    }

    @Test
    void aSilentDnsServerIsATimeoutNotAProof() {
        DnsServer.silence();
        try {
            verify().statusCode(409).body("detail", containsString("did not answer"));
        } finally {
            DnsServer.resume();
        }
    }

    @Test
    void aPendingClaimNeitherBlocksNorTakesOverAVerifiedOne() {
        String owner = Api.createTenant(unique("o") + ".example.com");
        asProjectAdmin().body(Map.of("domain", domain)).post("/v1/mgmt/tenants/" + owner + "/domains").then().statusCode(200)
                .body("domains", org.hamcrest.Matchers.hasItem(domain));
        DnsServer.publishTxt("_gatehouse-challenge." + domain, txtValue());
        verify().statusCode(409).body("detail", containsString("already verified by another tenant"));
        String third = Api.createTenant(unique("t") + ".example.com");
        String thirdAdmin = Api.createTenantAdmin(third);
        asUser(thirdAdmin).body(Map.of("domain", domain)).post("/v1/mgmt/tenants/" + third + "/domains").then().statusCode(409)
                .body("detail", containsString("by another tenant"));
        asAuthService().queryParam("email", "bob@" + domain).get("/internal/tenants/by-email").then().body("id", equalTo(owner));
    }

    @Test
    void consumerMailDomainsAndPublicSuffixesCannotBeClaimed() {
        asUser(admin).body(Map.of("domain", "gmail.com")).post("/v1/mgmt/tenants/" + tenant + "/domains").then().statusCode(400)
                .body("detail", containsString("consumer mail domain"));
        asProjectAdmin().body(Map.of("domain", "co.uk")).post("/v1/mgmt/tenants/" + tenant + "/domains").then().statusCode(400)
                .body("detail", containsString("public suffix"));
        asProjectAdmin().body(Map.of("domain", "github.io")).post("/v1/mgmt/tenants/" + tenant + "/domains").then().statusCode(400);
    }

    @Test
    void onlyAProjectAdminMayVerifyWithoutProof() {
        asUser(admin).body(Map.of("force", true)).post("/v1/mgmt/tenants/" + tenant + "/domains/" + domain + "/verify")
                .then().statusCode(403);
        asProjectAdmin().body(Map.of("force", true)).post("/v1/mgmt/tenants/" + tenant + "/domains/" + domain + "/verify")
                .then().statusCode(200).body("pendingDomains", hasSize(0));
    }

    @Test
    void theScheduledRecheckVerifiesOnceTheRecordAppears() {
        DnsServer.publishTxt("_gatehouse-challenge." + domain, txtValue());
        pendingDomains.recheck();
        asProjectAdmin().get("/v1/mgmt/tenants/" + tenant).then().body("domains", org.hamcrest.Matchers.hasItem(domain));
    }

    private String txtValue() {
        return asProjectAdmin().get("/v1/mgmt/tenants/" + tenant).then().extract()
                .path("pendingDomains.find { it.domain == '" + domain + "' }.txtValue");
    }

    private ValidatableResponse verify() {
        return asUser(admin).body(Map.of()).post("/v1/mgmt/tenants/" + tenant + "/domains/" + domain + "/verify").then();
    }
}
