package dev.gatehouse.tenant.sso;

import dev.gatehouse.tenant.common.ApiException;
import dev.gatehouse.tenant.support.TestResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamlMetadataParserTest {

    private static final int LIMIT = 1_048_576;
    private static final Instant NOW = Instant.parse("2026-11-28T00:00:00Z");

    @Test
    void readsEntityIdRedirectEndpointSigningCertificateAndNameIdFormat() {
        IdpMetadata metadata = parse(TestResources.metadata("idp-redirect-and-post.xml"));
        assertEquals("https://idp.example.com/saml", metadata.entityId());
        assertEquals("https://idp.example.com/sso/redirect", metadata.ssoUrl());
        assertEquals(IdpMetadata.HTTP_REDIRECT, metadata.ssoBinding());
        assertEquals(1, metadata.certificates().size(), "the encryption key is not a signing certificate");
        assertTrue(metadata.certificates().get(0).startsWith("-----BEGIN CERTIFICATE-----"));
        assertEquals("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress", metadata.nameIdFormats().get(0));
        assertTrue(metadata.warnings().isEmpty());
    }

    @Test
    void findsTheIdpInsideAnEntitiesDescriptorAndTakesAKeyWithoutUse() {
        IdpMetadata metadata = parse(TestResources.metadata("entities-with-idp.xml"));
        assertEquals("https://idp.example.org/idp", metadata.entityId());
        assertEquals(IdpMetadata.HTTP_POST, metadata.ssoBinding());
        assertEquals(1, metadata.certificates().size());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "keycloak-26.5.6-realm-descriptor.xml, http://127.0.0.1:18080/realms/master, http://127.0.0.1:18080/realms/master/protocol/saml, 1",
            "simplesamlphp-1.19.7.xml, http://127.0.0.1:18081/saml2/idp/metadata.php, http://127.0.0.1:18081/saml2/idp/SSOService.php, 1",
            "samlify-2.13.1.xml, https://idp.samlify.example/metadata, https://idp.samlify.example/sso/redirect, 1",
            "okta-format.xml, http://www.okta.com/exk1a2b3c4d5E6f7G8h9, https://acme.okta.example/app/acme_gatehouse_1/exk1a2b3c4d5E6f7G8h9/sso/saml, 1",
            "entra-format.xml, https://sts.windows.net/0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9/, https://login.microsoftonline.example/0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9/saml2, 1",
            "google-format.xml, https://accounts.google.com/o/saml2?idpid=C01abc2de, https://accounts.google.com/o/saml2/idp?idpid=C01abc2de, 1",
            "adfs-format-rollover.xml, http://adfs.acme.example/adfs/services/trust, https://adfs.acme.example/adfs/ls/, 2"})
    void readsMetadataOfRealIdpsAndTheShapesOfCommonOnes(String file, String entityId, String ssoUrl, int signingCertificates) {
        IdpMetadata metadata = parse(TestResources.metadata(file));
        assertEquals(entityId, metadata.entityId());
        assertEquals(ssoUrl, metadata.ssoUrl());
        assertEquals(IdpMetadata.HTTP_REDIRECT, metadata.ssoBinding());
        assertEquals(signingCertificates, metadata.certificates().size(),
                "only the IDPSSODescriptor's signing keys count: not the metadata signature's, not encryption keys");
    }

    @Test
    void warnsAboutExpiredCertificates() {
        IdpMetadata metadata = SamlMetadataParser.parse(TestResources.metadata("idp-redirect-and-post.xml"), LIMIT,
                Instant.parse("2100-01-01T00:00:00Z"));
        assertTrue(metadata.warnings().get(0).contains("expired"));
    }

    @Test
    void refusesNonXml() {
        assertRefused("{\"not\": \"xml\"}", "not well-formed XML");
    }

    @Test
    void refusesDoctype() {
        assertRefused("<?xml version=\"1.0\"?><!DOCTYPE x [<!ELEMENT x ANY>]><x/>", "DOCTYPE");
    }

    @Test
    void refusesExternalEntity() {
        assertRefused("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"&e;\"/>", "DOCTYPE");
    }

    @Test
    void refusesEntityExpansion() {
        StringBuilder doc = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i < 10; i++) {
            doc.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10)).append("\">");
        }
        doc.append("]><lolz>&lol9;</lolz>");
        assertRefused(doc.toString(), "DOCTYPE");
    }

    @Test
    void refusesHugeDocuments() {
        String huge = "<x>" + "a".repeat(LIMIT) + "</x>";
        assertRefused(huge, "larger than");
    }

    @Test
    void refusesMetadataOfAnSpOnly() {
        assertRefused("<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"https://sp\">"
                + "<md:SPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\"/></md:EntityDescriptor>",
                "no IDPSSODescriptor");
    }

    @Test
    void refusesOtherXml() {
        assertRefused("<html><body>login</body></html>", "not SAML 2.0 metadata");
    }

    @Test
    void refusesIdpWithoutSigningCertificate() {
        assertRefused(TestResources.metadata("idp-redirect-and-post.xml").replaceAll("(?s)<md:KeyDescriptor.*?</md:KeyDescriptor>", ""),
                "no signing certificate");
    }

    @Test
    void refusesIdpWithoutUsableSsoEndpoint() {
        assertRefused(TestResources.metadata("idp-redirect-and-post.xml").replaceAll("<md:SingleSignOnService[^>]*/>", ""),
                "no SingleSignOnService");
    }

    @Test
    void refusesAMalformedCertificate() {
        assertRefused(TestResources.metadata("idp-redirect-and-post.xml").replaceFirst("<ds:X509Certificate>MII", "<ds:X509Certificate>XXX"),
                "certificate");
    }

    private static IdpMetadata parse(String xml) {
        return SamlMetadataParser.parse(xml, LIMIT, NOW);
    }

    private static void assertRefused(String xml, String reason) {
        ApiException e = assertThrows(ApiException.class, () -> parse(xml));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains(reason), () -> "expected '" + reason + "' in: " + e.getMessage());
    }

}
