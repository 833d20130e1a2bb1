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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/** The attack corpus of src/test/resources/saml/attacks (see its README): every attack refused for its reason. */
@QuarkusTest
@WithTestResource(value = TenantServiceStack.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MockOAuth2ServerResource.class, scope = TestResourceScope.GLOBAL)
class SamlAttackTest {

    private static final String P = "urn:oasis:names:tc:SAML:2.0:protocol";
    private static final String A = "urn:oasis:names:tc:SAML:2.0:assertion";
    private static final String DS = "http://www.w3.org/2000/09/xmldsig#";

    String tenant;
    SamlFlow.Started started;
    Map<String, String> fields;

    @BeforeEach
    void aLoginInFlight() {
        tenant = SamlFlow.tenant(false);
        started = SamlFlow.start(tenant);
        fields = SamlIdp.response(SamlFlow.acsUrl(tenant), SamlFlow.spEntityId(tenant), started.requestId(),
                "victim@" + tenant + ".test");
    }

    @Test
    void controlTheUntamperedResponseIsAccepted() {
        assertThat(Browser.query(post(SamlIdp.signedAssertion(fields)).header("Location"))).containsKey("code");
    }

    @Test
    void xsw1EvilResponseWithTheSignedOriginalInsideTheSignature() throws Exception {
        Document signed = dom(SamlIdp.signedResponse(fields));
        Element original = signed.getDocumentElement();
        Document attack = evilResponseAround(original);
        Element signature = (Element) attack.importNode(child(original, DS, "Signature"), true);
        Element object = attack.createElementNS(DS, "ds:Object");
        object.appendChild(attack.importNode(original, true));
        signature.appendChild(object);
        attack.getDocumentElement().insertBefore(signature, child(attack.getDocumentElement(), P, "Status"));
        assertRefused(xml(attack), "does not point to its parent");
    }

    @Test
    void xsw2EvilResponseWithTheSignedOriginalBesideTheSignature() throws Exception {
        Document signed = dom(SamlIdp.signedResponse(fields));
        Element original = signed.getDocumentElement();
        Document attack = evilResponseAround(original);
        Element root = attack.getDocumentElement();
        Element status = child(root, P, "Status");
        root.insertBefore(attack.importNode(original, true), status);
        root.insertBefore(attack.importNode(child(original, DS, "Signature"), true), status);
        assertRefused(xml(attack), "does not point to its parent");
    }

    @Test
    void xsw3EvilAssertionBeforeTheSignedOne() throws Exception {
        Document doc = dom(SamlIdp.signedAssertion(fields));
        Element original = child(doc.getDocumentElement(), A, "Assertion");
        Element evil = evilCopy(original, "_evil");
        evil.removeChild(child(evil, DS, "Signature"));
        doc.getDocumentElement().insertBefore(evil, original);
        assertRefused(xml(doc), "exactly one Assertion");
    }

    @Test
    void xsw4SignedAssertionNestedInsideAnEvilOne() throws Exception {
        Document doc = dom(SamlIdp.signedAssertion(fields));
        Element original = child(doc.getDocumentElement(), A, "Assertion");
        Element evil = evilCopy(original, "_evil");
        evil.removeChild(child(evil, DS, "Signature"));
        doc.getDocumentElement().replaceChild(evil, original);
        evil.appendChild(original);
        assertRefused(xml(doc), "neither the Response nor the Assertion is signed");
    }

    @Test
    void xsw5EvilAssertionWithACopiedSignatureOriginalHiddenInExtensions() throws Exception {
        Document doc = dom(SamlIdp.signedAssertion(fields));
        Element original = child(doc.getDocumentElement(), A, "Assertion");
        Element evil = evilCopy(original, "_evil");
        hideInExtensions(doc, original);
        doc.getDocumentElement().appendChild(evil);
        assertRefused(xml(doc), "does not point to its parent");
    }

    @Test
    void xsw6OriginalHiddenInsideTheCopiedSignature() throws Exception {
        Document doc = dom(SamlIdp.signedAssertion(fields));
        Element original = child(doc.getDocumentElement(), A, "Assertion");
        Element evil = evilCopy(original, "_evil");
        Element object = doc.createElementNS(DS, "ds:Object");
        child(evil, DS, "Signature").appendChild(object);
        doc.getDocumentElement().replaceChild(evil, original);
        object.appendChild(original);
        assertRefused(xml(doc), "does not point to its parent");
    }

    @Test
    void xsw7OriginalInExtensionsAndAnUnsignedEvilAssertion() throws Exception {
        Document doc = dom(SamlIdp.signedAssertion(fields));
        Element original = child(doc.getDocumentElement(), A, "Assertion");
        Element evil = evilCopy(original, "_evil");
        evil.removeChild(child(evil, DS, "Signature"));
        hideInExtensions(doc, original);
        doc.getDocumentElement().appendChild(evil);
        assertRefused(xml(doc), "neither the Response nor the Assertion is signed");
    }

    @Test
    void xsw8OriginalWithoutItsSignatureInsideAnObjectOfTheEvilSignature() throws Exception {
        Document doc = dom(SamlIdp.signedAssertion(fields));
        Element original = child(doc.getDocumentElement(), A, "Assertion");
        Element evil = evilCopy(original, "_evil");
        Element object = doc.createElementNS(DS, "ds:Object");
        child(evil, DS, "Signature").appendChild(object);
        doc.getDocumentElement().replaceChild(evil, original);
        original.removeChild(child(original, DS, "Signature"));
        object.appendChild(original);
        assertRefused(xml(doc), "does not point to its parent");
    }

    @Test
    void duplicateIdEvilAssertionWearingTheOriginalsId() throws Exception {
        Document doc = dom(SamlIdp.signedAssertion(fields));
        Element original = child(doc.getDocumentElement(), A, "Assertion");
        Element evil = evilCopy(original, original.getAttribute("ID"));
        hideInExtensions(doc, original);
        doc.getDocumentElement().appendChild(evil);
        assertRefused(xml(doc), "occurs more than once");
    }

    @Test
    void commentInjectionInNameIdAndEmail() {
        String injected = "admin@" + tenant + ".test<!---->.evil.example";
        fields.put("nameId", injected);
        fields.put("email", injected);
        assertRefused(SamlIdp.signedAssertion(fields), "comment injection");
    }

    @Test
    void xxeExternalEntity() {
        assertRefused(SamlIdp.resource("saml/attacks/xxe-external-entity.xml"), "DOCTYPE");
    }

    @Test
    void entityExpansion() {
        assertRefused(SamlIdp.resource("saml/attacks/entity-expansion.xml"), "DOCTYPE");
    }

    @Test
    void oversizedResponseIsRefusedBeforeParsing() {
        fields.put("firstName", "x".repeat(300_000));
        assertRefused(SamlIdp.fill(fields), "larger than");
    }

    @Test
    void unsignedAssertionBesideASignedOne() throws Exception {
        Document doc = dom(SamlIdp.signedAssertion(fields));
        Element original = child(doc.getDocumentElement(), A, "Assertion");
        Element unsigned = evilCopy(original, "_unsigned");
        unsigned.removeChild(child(unsigned, DS, "Signature"));
        doc.getDocumentElement().appendChild(unsigned);
        assertRefused(xml(doc), "exactly one Assertion");
    }

    @Test
    void unsignedResponseAndAssertion() {
        assertRefused(SamlIdp.fill(fields), "neither the Response nor the Assertion is signed");
    }

    @Test
    void signedByAnotherCertificate() {
        assertRefused(SamlIdp.signedAssertion(fields, "other", SamlIdp.RSA_SHA256, SamlIdp.SHA256),
                "does not verify with the tenant's certificates");
    }

    @Test
    void keyEmbeddedInKeyInfoIsNeverTrusted() throws Exception {
        // The attacker's certificate travels in KeyInfo with a signature it verifies; we ignore KeyInfo entirely.
        Document doc = dom(SamlIdp.signedAssertion(fields, "other", SamlIdp.RSA_SHA256, SamlIdp.SHA256));
        assertThat(doc.getElementsByTagNameNS(DS, "X509Certificate").item(0).getTextContent().replaceAll("\\s", ""))
                .isEqualTo(SamlIdp.resource("saml/other-cert.pem").replaceAll("-----[A-Z ]+-----|\\s", ""));
        assertRefused(xml(doc), "does not verify with the tenant's certificates");
    }

    @Test
    void keyInfoOfAnotherCertificateDoesNotMatterWhenTheTenantsKeySigned() throws Exception {
        Document doc = dom(SamlIdp.signedAssertion(fields));
        doc.getElementsByTagNameNS(DS, "X509Certificate").item(0)
                .setTextContent(SamlIdp.resource("saml/other-cert.pem").replaceAll("-----[A-Z ]+-----|\\s", ""));
        assertThat(Browser.query(post(xml(doc)).header("Location"))).containsKey("code");
    }

    @Test
    void sha1SignatureIsRefused() {
        assertRefused(SamlIdp.signedAssertion(fields, "idp", SamlIdp.RSA_SHA1, SamlIdp.SHA1), "is not allowed");
    }

    @Test
    void wrongAudience() {
        fields.put("audience", "https://another-sp.example/metadata");
        assertRefused(SamlIdp.signedAssertion(fields), "Audience");
    }

    @Test
    void wrongRecipient() {
        fields.put("recipient", "https://another-sp.example/acs");
        assertRefused(SamlIdp.signedAssertion(fields), "Recipient");
    }

    @Test
    void wrongDestination() {
        fields.put("destination", "https://another-sp.example/acs");
        assertRefused(SamlIdp.signedAssertion(fields), "Destination");
    }

    @Test
    void wrongIssuer() {
        fields.put("issuer", "https://evil-idp.example/metadata");
        assertRefused(SamlIdp.signedAssertion(fields), "Issuer");
    }

    @Test
    void expiredAssertion() {
        fields.put("notBefore", "2020-01-01T00:00:00Z");
        fields.put("notOnOrAfter", "2020-01-01T00:05:00Z");
        assertRefused(SamlIdp.signedAssertion(fields), "expired");
    }

    @Test
    void notYetValidAssertion() {
        fields.put("notBefore", java.time.Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        assertRefused(SamlIdp.signedAssertion(fields), "not yet valid");
    }

    @Test
    void inResponseToOfAnotherRequest() {
        SamlFlow.Started other = SamlFlow.start(tenant);
        Response acs = SamlFlow.post(tenant, SamlIdp.signedAssertion(fields), other.relayState());
        assertRedirectedWithError(acs, "invalid_response");
        assertAudited("InResponseTo");
    }

    @Test
    void aResponsePostedToAnotherTenantsAcsDoesNotSpendThisLogin() {
        String otherTenant = SamlFlow.tenant(false);
        Response elsewhere = SamlFlow.post(otherTenant, SamlIdp.signedAssertion(fields), started.relayState());
        assertThat(elsewhere.statusCode()).isEqualTo(400);
        Response noSaml = SamlFlow.post("no-such-tenant", SamlIdp.signedAssertion(fields), started.relayState());
        assertThat(noSaml.statusCode()).isEqualTo(404);
        // The login of this tenant is still live and completes.
        assertThat(Browser.query(post(SamlIdp.signedAssertion(fields)).header("Location"))).containsKey("code");
    }

    @Test
    void replayedAssertionIsRefused() {
        String idpTenant = SamlFlow.tenant(true);
        Map<String, String> unsolicited = SamlIdp.response(SamlFlow.acsUrl(idpTenant), SamlFlow.spEntityId(idpTenant), null,
                "ida@" + idpTenant + ".test");
        String response = SamlIdp.signedAssertion(unsolicited);
        assertThat(Browser.query(SamlFlow.post(idpTenant, response, null).header("Location"))).containsKey("code");
        assertRedirectedWithError(SamlFlow.post(idpTenant, response, null), "invalid_response");
        assertAudited("already used");
    }

    @Test
    void idpInitiatedLoginIsRefusedUnlessEnabled() {
        Map<String, String> unsolicited = SamlIdp.response(SamlFlow.acsUrl(tenant), SamlFlow.spEntityId(tenant), null,
                "ida@" + tenant + ".test");
        Response acs = SamlFlow.post(tenant, SamlIdp.signedAssertion(unsolicited), null);
        assertThat(acs.statusCode()).isEqualTo(400);
        assertThat(acs.asString()).contains("was not started here");
        assertAudited("IdP-initiated login is off");
    }

    @Test
    void statusOtherThanSuccess() {
        fields.put("status", "urn:oasis:names:tc:SAML:2.0:status:Responder");
        Response acs = post(SamlIdp.signedAssertion(fields));
        assertRedirectedWithError(acs, "access_denied");
        assertAudited("status");
    }

    private Response post(String xml) {
        return SamlFlow.post(tenant, xml, started.relayState());
    }

    private void assertRefused(String xml, String reason) {
        assertRedirectedWithError(post(xml), "invalid_response");
        assertAudited(reason);
    }

    private static void assertRedirectedWithError(Response acs, String error) {
        assertThat(acs.statusCode()).isEqualTo(303);
        Map<String, String> back = Browser.query(acs.header("Location"));
        assertThat(acs.header("Location")).startsWith(Gatehouse.REDIRECT);
        assertThat(back).doesNotContainKey("code");
        assertThat(back.get("error")).isEqualTo(error);
        assertThat(back.get("error_description")).isNotBlank().doesNotContain("<");
    }

    private static void assertAudited(String reason) {
        Gatehouse.management().queryParam("action", "login.failure").get("/v1/mgmt/audit")
                .then().body("items[0].detail", containsString(reason));
    }

    /** A copy of the assertion whose user is the attacker's choice. */
    private Element evilCopy(Element original, String id) {
        Element evil = (Element) original.cloneNode(true);
        evil.setAttribute("ID", id);
        evil.getElementsByTagNameNS(A, "NameID").item(0).setTextContent("attacker@" + tenant + ".test");
        return evil;
    }

    private static Document evilResponseAround(Element original) throws Exception {
        Document attack = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        Element evil = (Element) attack.importNode(original, true);
        attack.appendChild(evil);
        evil.setAttribute("ID", "_evil-response");
        evil.removeChild(child(evil, DS, "Signature"));
        evil.getElementsByTagNameNS(A, "NameID").item(0).setTextContent("attacker@evil.example");
        return attack;
    }

    private static void hideInExtensions(Document doc, Element original) {
        Element extensions = doc.createElementNS(P, "samlp:Extensions");
        Element root = doc.getDocumentElement();
        root.insertBefore(extensions, child(root, P, "Status"));
        extensions.appendChild(original);
    }

    private static Element child(Element parent, String ns, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element e && ns.equals(e.getNamespaceURI()) && name.equals(e.getLocalName())) {
                return e;
            }
        }
        throw new AssertionError("no " + name + " in " + parent.getLocalName());
    }

    private static Document dom(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String xml(Document doc) throws Exception {
        var transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
        StringWriter out = new StringWriter();
        transformer.transform(new DOMSource(doc), new StreamResult(out));
        return out.toString();
    }
}
