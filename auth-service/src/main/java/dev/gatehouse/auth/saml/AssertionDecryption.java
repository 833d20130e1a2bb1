package dev.gatehouse.auth.saml;

import org.apache.xml.security.encryption.XMLCipher;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import java.security.PrivateKey;
import java.util.List;
import java.util.Set;

/**
 * Decrypts a saml:EncryptedAssertion with the SP key (XML Encryption 1.1 via Apache Santuario) and puts the
 * plain Assertion in its place, where the validator then checks it like any other. RSA v1.5 key transport is
 * refused (Bleichenbacher-style oracle); only RSA-OAEP wraps the content key. Content is AES-GCM; AES-CBC, which
 * a tampered ciphertext turns into a padding oracle (Jager and Somorovsky, "How to break XML Encryption",
 * 2011), only when the caller says the ciphertext is covered by a verified Response signature.
 */
final class AssertionDecryption {

    private static final Set<String> KEY_TRANSPORT = Set.of(XMLCipher.RSA_OAEP, XMLCipher.RSA_OAEP_11);
    private static final Set<String> AUTHENTICATED_CONTENT = Set.of(XMLCipher.AES_128_GCM, XMLCipher.AES_192_GCM,
            XMLCipher.AES_256_GCM);
    private static final Set<String> CBC_CONTENT = Set.of(XMLCipher.AES_128, XMLCipher.AES_192, XMLCipher.AES_256);
    private static final Set<String> ANY_CONTENT = Set.of(XMLCipher.AES_128_GCM, XMLCipher.AES_192_GCM,
            XMLCipher.AES_256_GCM, XMLCipher.AES_128, XMLCipher.AES_192, XMLCipher.AES_256);

    private AssertionDecryption() {
    }

    static void decryptInPlace(Document document, Element encryptedAssertion, List<PrivateKey> keys, boolean cbcAllowed)
            throws SamlRejected {
        Element encryptedData = only(encryptedAssertion.getElementsByTagNameNS(SamlNames.ENC, "EncryptedData"), "EncryptedData");
        String content = algorithm(encryptedData);
        if (CBC_CONTENT.contains(content) && !cbcAllowed) {
            throw new SamlRejected("content encryption " + content + " (AES-CBC) is accepted only when the tenant allows "
                    + "CBC and the IdP signs the whole Response; configure the IdP for AES-GCM");
        }
        checkAlgorithm(encryptedData, cbcAllowed ? ANY_CONTENT : AUTHENTICATED_CONTENT, "content encryption");
        NodeList encryptedKeys = encryptedAssertion.getElementsByTagNameNS(SamlNames.ENC, "EncryptedKey");
        if (encryptedKeys.getLength() == 0) {
            throw new SamlRejected("EncryptedAssertion has no EncryptedKey");
        }
        for (int i = 0; i < encryptedKeys.getLength(); i++) {
            checkAlgorithm((Element) encryptedKeys.item(i), KEY_TRANSPORT, "key transport");
        }
        // During an SP key rotation an IdP may have encrypted to the active, the next or the previous key; the
        // content key unwraps (RSA-OAEP) under one of them only, before anything in the document changes.
        boolean decrypted = false;
        for (PrivateKey key : keys) {
            try {
                XMLCipher cipher = XMLCipher.getInstance();
                cipher.setSecureValidation(true);
                cipher.init(XMLCipher.DECRYPT_MODE, null);
                cipher.setKEK(key);
                cipher.doFinal(document, encryptedData);
                decrypted = true;
                break;
            } catch (Exception e) {
                // the next key, if any
            }
        }
        if (!decrypted) {
            throw new SamlRejected("EncryptedAssertion could not be decrypted with our SP key");
        }
        Element assertion = null;
        for (Node child = encryptedAssertion.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && SamlNames.ASSERTION.equals(element.getNamespaceURI())
                    && "Assertion".equals(element.getLocalName())) {
                if (assertion != null) {
                    throw new SamlRejected("EncryptedAssertion held more than one Assertion");
                }
                assertion = element;
            }
        }
        if (assertion == null) {
            throw new SamlRejected("EncryptedAssertion did not hold an Assertion");
        }
        encryptedAssertion.getParentNode().replaceChild(assertion, encryptedAssertion);
    }

    private static void checkAlgorithm(Element encrypted, Set<String> allowed, String what) throws SamlRejected {
        String algorithm = algorithm(encrypted);
        if (!allowed.contains(algorithm)) {
            throw new SamlRejected(what + " algorithm " + algorithm + " is not allowed");
        }
    }

    private static String algorithm(Element encrypted) throws SamlRejected {
        return only(encrypted.getElementsByTagNameNS(SamlNames.ENC, "EncryptionMethod"), "EncryptionMethod").getAttribute("Algorithm");
    }

    private static Element only(NodeList nodes, String what) throws SamlRejected {
        if (nodes.getLength() == 0) {
            throw new SamlRejected("EncryptedAssertion has no " + what);
        }
        return (Element) nodes.item(0);
    }
}
