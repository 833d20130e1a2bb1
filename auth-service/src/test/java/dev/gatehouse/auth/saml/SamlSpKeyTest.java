package dev.gatehouse.auth.saml;

import dev.gatehouse.auth.support.Browser;
import dev.gatehouse.auth.support.Gatehouse;
import dev.gatehouse.auth.support.MockOAuth2ServerResource;
import dev.gatehouse.auth.support.SamlFlow;
import dev.gatehouse.auth.support.SamlIdp;
import dev.gatehouse.auth.support.TenantServiceStack;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/** The SP key pair: signed AuthnRequests and encrypted assertions, per tenant. */
@QuarkusTest
@WithTestResource(value = TenantServiceStack.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MockOAuth2ServerResource.class, scope = TestResourceScope.GLOBAL)
class SamlSpKeyTest {

    @Test
    void authnRequestsAreSignedForTenantsThatAskAndVerifyWithTheMetadataCertificate() throws Exception {
        String tenant = SamlFlow.tenant(Map.of("signRequests", true));
        SamlFlow.Started started = SamlFlow.start(tenant);
        String query = URI.create(started.url()).getRawQuery();
        int signatureAt = query.indexOf("&Signature=");
        assertThat(signatureAt).isPositive();
        assertThat(query).contains("SigAlg=http%3A%2F%2Fwww.w3.org%2F2001%2F04%2Fxmldsig-more%23rsa-sha256");
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(SamlFlow.spCertificatePem(tenant).getBytes(StandardCharsets.US_ASCII)));
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(query.substring(0, signatureAt).getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(Base64.getDecoder().decode(
                java.net.URLDecoder.decode(query.substring(signatureAt + "&Signature=".length()), StandardCharsets.UTF_8)))).isTrue();
        io.restassured.RestAssured.get("/saml/metadata/" + tenant).then().body(containsString("AuthnRequestsSigned=\"true\""));
    }

    @Test
    void unsignedByDefault() {
        String tenant = SamlFlow.tenant(false);
        assertThat(SamlFlow.start(tenant).url()).doesNotContain("Signature=");
    }

    @Test
    void anAssertionEncryptedToOurCertificateSignsTheUserIn() {
        String tenant = SamlFlow.tenant(Map.of("encryptAssertions", true));
        SamlFlow.Started started = SamlFlow.start(tenant);
        Map<String, String> fields = SamlIdp.response(SamlFlow.acsUrl(tenant), SamlFlow.spEntityId(tenant), started.requestId(),
                "enc@" + tenant + ".test");
        String encrypted = SamlIdp.encryptAssertion(SamlIdp.signedAssertion(fields), SamlFlow.spCertificatePem(tenant), SamlIdp.RSA_OAEP);
        assertThat(encrypted).contains("EncryptedAssertion").doesNotContain("enc@" + tenant);
        Response acs = SamlFlow.post(tenant, encrypted, started.relayState());
        assertThat(Browser.query(acs.header("Location"))).containsKey("code");
    }

    @Test
    void whenEncryptionIsOnAPlainAssertionIsRefused() {
        String tenant = SamlFlow.tenant(Map.of("encryptAssertions", true));
        SamlFlow.Started started = SamlFlow.start(tenant);
        Map<String, String> fields = SamlIdp.response(SamlFlow.acsUrl(tenant), SamlFlow.spEntityId(tenant), started.requestId(),
                "plain@" + tenant + ".test");
        assertRefused(SamlFlow.post(tenant, SamlIdp.signedAssertion(fields), started.relayState()), "requires encrypted assertions");
    }

    @Test
    void whenEncryptionIsOffAnEncryptedAssertionIsRefused() {
        String tenant = SamlFlow.tenant(false);
        SamlFlow.Started started = SamlFlow.start(tenant);
        Map<String, String> fields = SamlIdp.response(SamlFlow.acsUrl(tenant), SamlFlow.spEntityId(tenant), started.requestId(),
                "x@" + tenant + ".test");
        String encrypted = SamlIdp.encryptAssertion(SamlIdp.signedAssertion(fields), SamlFlow.spCertificatePem(tenant), SamlIdp.RSA_OAEP);
        assertRefused(SamlFlow.post(tenant, encrypted, started.relayState()), "not enabled");
    }

    @Test
    void rsaV15KeyTransportIsRefused() {
        String tenant = SamlFlow.tenant(Map.of("encryptAssertions", true));
        SamlFlow.Started started = SamlFlow.start(tenant);
        Map<String, String> fields = SamlIdp.response(SamlFlow.acsUrl(tenant), SamlFlow.spEntityId(tenant), started.requestId(),
                "old@" + tenant + ".test");
        String encrypted = SamlIdp.encryptAssertion(SamlIdp.signedAssertion(fields), SamlFlow.spCertificatePem(tenant), SamlIdp.RSA_1_5);
        assertRefused(SamlFlow.post(tenant, encrypted, started.relayState()), "rsa-1_5 is not allowed");
    }

    @Test
    void aesCbcIsRefusedUnlessTheTenantAllowsItAndTheResponseIsSigned() {
        String tenant = SamlFlow.tenant(Map.of("encryptAssertions", true));
        SamlFlow.Started started = SamlFlow.start(tenant);
        Map<String, String> fields = SamlIdp.response(SamlFlow.acsUrl(tenant), SamlFlow.spEntityId(tenant), started.requestId(),
                "cbc@" + tenant + ".test");
        String cbc = SamlIdp.encryptedThenResponseSigned(fields, SamlFlow.spCertificatePem(tenant), SamlIdp.AES256_CBC);
        assertRefused(SamlFlow.post(tenant, cbc, started.relayState()), "AES-CBC");
    }

    @Test
    void aesCbcWithTheOptInButOnlyASignedAssertionIsRefused() {
        String tenant = SamlFlow.tenant(Map.of("encryptAssertions", true, "allowCbcEncryption", true));
        SamlFlow.Started started = SamlFlow.start(tenant);
        Map<String, String> fields = SamlIdp.response(SamlFlow.acsUrl(tenant), SamlFlow.spEntityId(tenant), started.requestId(),
                "cbc2@" + tenant + ".test");
        String cbc = SamlIdp.encryptAssertion(SamlIdp.signedAssertion(fields), SamlFlow.spCertificatePem(tenant),
                SamlIdp.RSA_OAEP, SamlIdp.AES256_CBC);
        assertRefused(SamlFlow.post(tenant, cbc, started.relayState()), "signs the whole Response");
    }

    @Test
    void aesCbcWithTheOptInAndASignedResponseSignsTheUserIn() {
        String tenant = SamlFlow.tenant(Map.of("encryptAssertions", true, "allowCbcEncryption", true));
        SamlFlow.Started started = SamlFlow.start(tenant);
        Map<String, String> fields = SamlIdp.response(SamlFlow.acsUrl(tenant), SamlFlow.spEntityId(tenant), started.requestId(),
                "cbc3@" + tenant + ".test");
        String cbc = SamlIdp.encryptedThenResponseSigned(fields, SamlFlow.spCertificatePem(tenant), SamlIdp.AES256_CBC);
        assertThat(Browser.query(SamlFlow.post(tenant, cbc, started.relayState()).header("Location"))).containsKey("code");
    }

    private static void assertRefused(Response acs, String reason) {
        Map<String, String> back = Browser.query(acs.header("Location"));
        assertThat(back).doesNotContainKey("code");
        assertThat(back.get("error")).isEqualTo("invalid_response");
        Gatehouse.management().queryParam("action", "login.failure").get("/v1/mgmt/audit")
                .then().body("items[0].detail", containsString(reason));
    }
}
