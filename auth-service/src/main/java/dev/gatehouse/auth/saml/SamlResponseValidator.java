package dev.gatehouse.auth.saml;

import org.apache.xml.security.Init;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.Reference;
import org.apache.xml.security.signature.SignedInfo;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a SAML 2.0 Response from the HTTP-POST binding (saml-core-2.0-os, saml-profiles-2.0-os §4.1.4),
 * in Keycloak's order: parse safely, destination, signature, status, issuer, conditions, audience, subject.
 *
 * <p>Signature wrapping (XSW) is defeated by structure, not by searching: a signature counts only as the
 * direct child of the Response (root) or of its single direct-child Assertion; its one Reference must name its
 * parent's ID, that ID must occur once in the document, and the data is then read from that very parent node.
 * Keys come only from the tenant's configured certificates, never from KeyInfo in the message.
 */
public final class SamlResponseValidator {

    static {
        Init.init();
    }

    private static final Set<String> SIGNATURE_METHODS = Set.of(
            XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256, XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA384,
            XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA512, XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA256,
            XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA384, XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA512);
    private static final Set<String> DIGEST_METHODS = Set.of(
            "http://www.w3.org/2001/04/xmlenc#sha256", "http://www.w3.org/2001/04/xmldsig-more#sha384",
            "http://www.w3.org/2001/04/xmlenc#sha512");
    private static final Set<String> TRANSFORMS = Set.of(
            Transforms.TRANSFORM_ENVELOPED_SIGNATURE, Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS,
            Transforms.TRANSFORM_C14N_EXCL_WITH_COMMENTS);
    private static final Set<String> CANONICALIZATIONS = Set.of(
            Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS, Transforms.TRANSFORM_C14N_EXCL_WITH_COMMENTS);

    private SamlResponseValidator() {
    }

    /**
     * @param expectedInResponseTo the ID of our AuthnRequest, or null for an IdP-initiated response
     */
    public static ValidatedAssertion validate(String samlResponse, Expectations expected, Instant now) throws SamlRejected {
        if (samlResponse == null || samlResponse.isBlank()) {
            throw new SamlRejected("no SAMLResponse");
        }
        if (samlResponse.length() > expected.maxBytes()) {
            throw new SamlRejected("SAMLResponse larger than " + expected.maxBytes() + " bytes");
        }
        byte[] xml;
        try {
            xml = Base64.getMimeDecoder().decode(samlResponse);
        } catch (IllegalArgumentException e) {
            throw new SamlRejected("SAMLResponse is not base64");
        }
        Document document = SecureDom.parse(xml);
        Element response = document.getDocumentElement();
        if (!is(response, SamlNames.PROTOCOL, "Response")) {
            throw new SamlRejected("root element is not a samlp:Response");
        }

        // Destination (saml-bindings §3.5.5.2): ours when present, and required on a signed Response.
        String destination = response.getAttribute("Destination");
        if (!destination.isEmpty() && !destination.equals(expected.acsUrl())) {
            throw new SamlRejected("Destination " + destination + " is not our ACS URL");
        }

        // A Response signature covers the assertion as sent (encrypted or not), so it is checked first.
        boolean responseSigned = verifySignatureOf(response, document, expected.keys());
        List<Element> encrypted = children(response, SamlNames.ASSERTION, "EncryptedAssertion");
        if (!encrypted.isEmpty()) {
            if (expected.decryptionKeys() == null) {
                throw new SamlRejected("encrypted assertions are not enabled for this tenant");
            }
            if (encrypted.size() != 1 || !children(response, SamlNames.ASSERTION, "Assertion").isEmpty()) {
                throw new SamlRejected("expected exactly one Assertion, found several (encrypted and plain)");
            }
            // AES-CBC is malleable (padding oracles): only behind a Response signature, and only when the tenant opted in.
            AssertionDecryption.decryptInPlace(document, encrypted.get(0), expected.decryptionKeys(),
                    expected.allowCbc() && responseSigned);
        } else if (expected.decryptionKeys() != null && !children(response, SamlNames.ASSERTION, "Assertion").isEmpty()) {
            throw new SamlRejected("the tenant requires encrypted assertions, but this one is not encrypted");
        }
        List<Element> assertions = children(response, SamlNames.ASSERTION, "Assertion");
        if (responseSigned && destination.isEmpty()) {
            throw new SamlRejected("signed Response without Destination");
        }

        // Status before anything else about the user: a failed login carries no usable assertion.
        String status = statusCode(response);
        if (!SamlNames.SUCCESS.equals(status)) {
            throw new SamlRejected("access_denied", "IdP status " + status);
        }
        if (assertions.size() != 1) {
            throw new SamlRejected("expected exactly one Assertion, found " + assertions.size());
        }
        Element assertion = assertions.get(0);
        boolean assertionSigned = verifySignatureOf(assertion, document, expected.keys());
        if (!responseSigned && !assertionSigned) {
            throw new SamlRejected("neither the Response nor the Assertion is signed");
        }

        String inResponseTo = response.getAttribute("InResponseTo");
        checkInResponseTo(inResponseTo, expected.inResponseTo(), "Response");
        Element responseIssuer = firstChild(response, SamlNames.ASSERTION, "Issuer");
        if (responseIssuer != null && !expected.idpEntityId().equals(text(responseIssuer, "Response Issuer"))) {
            throw new SamlRejected("Response Issuer is not the tenant's IdP");
        }

        Element issuer = requiredChild(assertion, SamlNames.ASSERTION, "Issuer");
        if (!expected.idpEntityId().equals(text(issuer, "Issuer"))) {
            throw new SamlRejected("Assertion Issuer " + text(issuer, "Issuer") + " is not the tenant's IdP " + expected.idpEntityId());
        }
        Duration skew = expected.clockSkew();
        Instant notOnOrAfter = checkConditions(assertion, expected.spEntityId(), now, skew);
        Element subject = requiredChild(assertion, SamlNames.ASSERTION, "Subject");
        checkSubjectConfirmation(subject, expected, now, skew);
        if (children(assertion, SamlNames.ASSERTION, "AuthnStatement").isEmpty()) {
            throw new SamlRejected("Assertion has no AuthnStatement");
        }
        String nameId = text(requiredChild(subject, SamlNames.ASSERTION, "NameID"), "NameID");
        String assertionId = assertion.getAttribute("ID");
        if (assertionId.isEmpty()) {
            throw new SamlRejected("Assertion has no ID");
        }
        return new ValidatedAssertion(assertionId, nameId, attributes(assertion), notOnOrAfter);
    }

    /**
     * True when {@code element} carries a valid signature over itself; false when it carries none.
     * A signature that is present but wrong in any way is a rejection, never "unsigned".
     */
    private static boolean verifySignatureOf(Element element, Document document, List<PublicKey> keys) throws SamlRejected {
        List<Element> signatures = children(element, SamlNames.DSIG, "Signature");
        if (signatures.isEmpty()) {
            return false;
        }
        if (signatures.size() > 1) {
            throw new SamlRejected("more than one Signature on " + element.getLocalName());
        }
        String id = element.getAttribute("ID");
        if (id.isEmpty()) {
            throw new SamlRejected(element.getLocalName() + " is signed but has no ID");
        }
        if (countIdOccurrences(document.getDocumentElement(), id) != 1) {
            throw new SamlRejected("ID " + id + " occurs more than once (signature wrapping attempt)");
        }
        element.setIdAttributeNS(null, "ID", true);
        try {
            XMLSignature signature = new XMLSignature(signatures.get(0), "", true);
            SignedInfo signedInfo = signature.getSignedInfo();
            if (!SIGNATURE_METHODS.contains(signedInfo.getSignatureMethodURI())) {
                throw new SamlRejected("signature algorithm " + signedInfo.getSignatureMethodURI() + " is not allowed");
            }
            if (!CANONICALIZATIONS.contains(signedInfo.getCanonicalizationMethodURI())) {
                throw new SamlRejected("canonicalization " + signedInfo.getCanonicalizationMethodURI() + " is not allowed");
            }
            if (signedInfo.getLength() != 1) {
                throw new SamlRejected("signature must have exactly one Reference");
            }
            Reference reference = signedInfo.item(0);
            if (!("#" + id).equals(reference.getURI())) {
                throw new SamlRejected("signature Reference " + reference.getURI() + " does not point to its parent "
                        + element.getLocalName() + " (signature wrapping attempt)");
            }
            if (!DIGEST_METHODS.contains(reference.getMessageDigestAlgorithm().getAlgorithmURI())) {
                throw new SamlRejected("digest algorithm " + reference.getMessageDigestAlgorithm().getAlgorithmURI() + " is not allowed");
            }
            Transforms transforms = reference.getTransforms();
            for (int i = 0; transforms != null && i < transforms.getLength(); i++) {
                if (!TRANSFORMS.contains(transforms.item(i).getURI())) {
                    throw new SamlRejected("transform " + transforms.item(i).getURI() + " is not allowed");
                }
            }
            for (PublicKey key : keys) {
                if (signature.checkSignatureValue(key)) {
                    return true;
                }
            }
            throw new SamlRejected("signature on " + element.getLocalName() + " does not verify with the tenant's certificates");
        } catch (XMLSecurityException e) {
            throw new SamlRejected("signature on " + element.getLocalName() + " is invalid: " + e.getMessage());
        }
    }

    private static int countIdOccurrences(Element element, String id) {
        int count = 0;
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            String name = attribute.getLocalName() == null ? attribute.getName() : attribute.getLocalName();
            if (name.equalsIgnoreCase("id") && id.equals(attribute.getValue())) {
                count++;
            }
        }
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e) {
                count += countIdOccurrences(e, id);
            }
        }
        return count;
    }

    private static String statusCode(Element response) throws SamlRejected {
        Element status = requiredChild(response, SamlNames.PROTOCOL, "Status");
        return requiredChild(status, SamlNames.PROTOCOL, "StatusCode").getAttribute("Value");
    }

    private static void checkInResponseTo(String actual, String expected, String where) throws SamlRejected {
        if (expected == null) {
            if (!actual.isEmpty()) {
                throw new SamlRejected(where + " InResponseTo " + actual + " answers no request of ours");
            }
        } else if (!expected.equals(actual)) {
            throw new SamlRejected(where + " InResponseTo " + (actual.isEmpty() ? "(none)" : actual)
                    + " does not match our request");
        }
    }

    private static Instant checkConditions(Element assertion, String spEntityId, Instant now, Duration skew) throws SamlRejected {
        Element conditions = requiredChild(assertion, SamlNames.ASSERTION, "Conditions");
        Instant notBefore = instant(conditions, "NotBefore");
        Instant notOnOrAfter = instant(conditions, "NotOnOrAfter");
        if (notBefore != null && now.plus(skew).isBefore(notBefore)) {
            throw new SamlRejected("Assertion is not yet valid (NotBefore " + notBefore + ")");
        }
        if (notOnOrAfter == null) {
            throw new SamlRejected("Conditions have no NotOnOrAfter");
        }
        if (!now.minus(skew).isBefore(notOnOrAfter)) {
            throw new SamlRejected("Assertion has expired (NotOnOrAfter " + notOnOrAfter + ")");
        }
        List<Element> restrictions = children(conditions, SamlNames.ASSERTION, "AudienceRestriction");
        if (restrictions.isEmpty()) {
            throw new SamlRejected("Assertion has no AudienceRestriction");
        }
        // saml-core §2.5.1.4: every AudienceRestriction must be met.
        for (Element restriction : restrictions) {
            boolean ours = false;
            for (Element audience : children(restriction, SamlNames.ASSERTION, "Audience")) {
                ours |= spEntityId.equals(text(audience, "Audience"));
            }
            if (!ours) {
                throw new SamlRejected("Audience is not our SP entity ID " + spEntityId);
            }
        }
        return notOnOrAfter;
    }

    private static void checkSubjectConfirmation(Element subject, Expectations expected, Instant now, Duration skew) throws SamlRejected {
        for (Element confirmation : children(subject, SamlNames.ASSERTION, "SubjectConfirmation")) {
            if (!SamlNames.BEARER.equals(confirmation.getAttribute("Method"))) {
                continue;
            }
            Element data = requiredChild(confirmation, SamlNames.ASSERTION, "SubjectConfirmationData");
            if (!expected.acsUrl().equals(data.getAttribute("Recipient"))) {
                throw new SamlRejected("SubjectConfirmationData Recipient " + data.getAttribute("Recipient") + " is not our ACS URL");
            }
            Instant notOnOrAfter = instant(data, "NotOnOrAfter");
            if (notOnOrAfter == null || !now.minus(skew).isBefore(notOnOrAfter)) {
                throw new SamlRejected("bearer SubjectConfirmation has expired or has no NotOnOrAfter");
            }
            checkInResponseTo(data.getAttribute("InResponseTo"), expected.inResponseTo(), "SubjectConfirmationData");
            return;
        }
        throw new SamlRejected("Subject has no bearer SubjectConfirmation");
    }

    private static Map<String, List<String>> attributes(Element assertion) throws SamlRejected {
        Map<String, List<String>> result = new LinkedHashMap<>();
        for (Element statement : children(assertion, SamlNames.ASSERTION, "AttributeStatement")) {
            for (Element attribute : children(statement, SamlNames.ASSERTION, "Attribute")) {
                List<String> values = new ArrayList<>();
                for (Element value : children(attribute, SamlNames.ASSERTION, "AttributeValue")) {
                    values.add(text(value, "AttributeValue"));
                }
                result.computeIfAbsent(attribute.getAttribute("Name"), k -> new ArrayList<>()).addAll(values);
                String friendly = attribute.getAttribute("FriendlyName");
                if (!friendly.isEmpty()) {
                    result.computeIfAbsent(friendly, k -> new ArrayList<>()).addAll(values);
                }
            }
        }
        return result;
    }

    /**
     * The text of an element that must hold only text. Comments or elements inside (the 2018 comment-injection
     * attack on NameID) are refused rather than read around.
     */
    private static String text(Element element, String what) throws SamlRejected {
        StringBuilder text = new StringBuilder();
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child.getNodeType() == Node.TEXT_NODE || child.getNodeType() == Node.CDATA_SECTION_NODE) {
                text.append(child.getNodeValue());
            } else {
                throw new SamlRejected(what + " contains a comment or markup (comment injection attempt)");
            }
        }
        return text.toString().trim();
    }

    private static Instant instant(Element element, String attribute) throws SamlRejected {
        String value = element.getAttribute(attribute);
        if (value.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new SamlRejected(attribute + " is not an xs:dateTime in UTC");
        }
    }

    private static boolean is(Element element, String ns, String name) {
        return ns.equals(element.getNamespaceURI()) && name.equals(element.getLocalName());
    }

    private static Element requiredChild(Element parent, String ns, String name) throws SamlRejected {
        List<Element> found = children(parent, ns, name);
        if (found.size() != 1) {
            throw new SamlRejected(parent.getLocalName() + " must have exactly one " + name);
        }
        return found.get(0);
    }

    private static Element firstChild(Element parent, String ns, String name) {
        List<Element> found = children(parent, ns, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String ns, String name) {
        List<Element> result = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && is(element, ns, name)) {
                result.add(element);
            }
        }
        return result;
    }

    /**
     * What the response must match: our request, our SP, the tenant's IdP and keys. {@code decryptionKeys} (the
     * SP keys an IdP may have encrypted to, during a rotation more than one) are set only for tenants whose IdP
     * encrypts assertions; {@code allowCbc} only for those that accept AES-CBC from it.
     */
    public record Expectations(String acsUrl, String spEntityId, String idpEntityId, String inResponseTo,
                               List<PublicKey> keys, Duration clockSkew, int maxBytes, List<PrivateKey> decryptionKeys,
                               boolean allowCbc) {
    }

    /** What is read from the verified assertion, and only from it. */
    public record ValidatedAssertion(String assertionId, String nameId, Map<String, List<String>> attributes,
                                     Instant notOnOrAfter) {
    }
}
