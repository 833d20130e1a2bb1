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
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

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

    @Test
    void theSpKeyRotatesWithAnOverlapDuringWhichEveryPublishedKeyDecrypts() {
        String tenant = SamlFlow.tenant(Map.of("encryptAssertions", true));
        if (spCertificates(tenant).size() > 2) {
            operator().post("/internal/saml/sp-key/rotate").then().statusCode(200); // finish a rotation left staged
        }
        operator().post("/internal/saml/sp-key/retire-previous").then().statusCode(200);
        List<String> before = spCertificates(tenant);
        assertThat(before).hasSize(2); // signing and encryption descriptors of the one active key

        // Step 1: the next key is published beside the active one and already decrypts.
        operator().post("/internal/saml/sp-key/rotate").then().statusCode(200).body("stage", equalTo("next-published"));
        List<String> staged = spCertificates(tenant);
        assertThat(staged).hasSize(4).startsWith(before.get(0));
        String nextCertificate = staged.stream().filter(c -> !c.equals(before.get(0))).findFirst().orElseThrow();
        assertThat(encryptedLogin(tenant, pem(nextCertificate))).containsKey("code");
        assertThat(encryptedLogin(tenant, pem(before.get(0)))).containsKey("code");

        // Step 2: the next key is active (first in metadata); the old one still decrypts until it is retired.
        operator().post("/internal/saml/sp-key/rotate").then().statusCode(200).body("stage", equalTo("next-activated"));
        assertThat(spCertificates(tenant).get(0)).isEqualTo(nextCertificate);
        assertThat(encryptedLogin(tenant, pem(before.get(0)))).containsKey("code");
        operator().post("/internal/saml/sp-key/retire-previous").then().statusCode(200).body("retired", equalTo(true));
        assertThat(encryptedLogin(tenant, pem(before.get(0)))).doesNotContainKey("code");
        assertThat(encryptedLogin(tenant, pem(nextCertificate))).containsKey("code");
        RestAssured.given().post("/internal/saml/sp-key/rotate").then().statusCode(401);
    }

    private static Map<String, String> encryptedLogin(String tenant, String spCertificatePem) {
        SamlFlow.Started started = SamlFlow.start(tenant);
        Map<String, String> fields = SamlIdp.response(SamlFlow.acsUrl(tenant), SamlFlow.spEntityId(tenant), started.requestId(),
                "rot" + UUID.randomUUID().toString().substring(0, 6) + "@" + tenant + ".test");
        String encrypted = SamlIdp.encryptAssertion(SamlIdp.signedAssertion(fields), spCertificatePem, SamlIdp.RSA_OAEP);
        return Browser.query(SamlFlow.post(tenant, encrypted, started.relayState()).header("Location"));
    }

    private static List<String> spCertificates(String tenant) {
        String metadata = RestAssured.get("/saml/metadata/" + tenant).then().statusCode(200).extract().asString();
        Matcher certificate = Pattern.compile("<ds:X509Certificate>([^<]+)</ds:X509Certificate>").matcher(metadata);
        List<String> found = new ArrayList<>();
        while (certificate.find()) {
            found.add(certificate.group(1));
        }
        return found;
    }

    private static String pem(String base64) {
        return "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n";
    }

    private static io.restassured.specification.RequestSpecification operator() {
        return RestAssured.given().header("Authorization", "Bearer test-internal-token");
    }

    private static void assertRefused(Response acs, String reason) {
        Map<String, String> back = Browser.query(acs.header("Location"));
        assertThat(back).doesNotContainKey("code");
        assertThat(back.get("error")).isEqualTo("invalid_response");
        Gatehouse.management().queryParam("action", "login.failure").get("/v1/mgmt/audit")
                .then().body("items[0].detail", containsString(reason));
    }
}
