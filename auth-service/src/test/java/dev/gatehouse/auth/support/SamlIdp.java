package dev.gatehouse.auth.support;

import dev.gatehouse.testing.RequiredTool;
import dev.gatehouse.testing.Scratch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A test SAML IdP: responses are filled in from {@code saml/response-template.xml} and signed by the
 * {@code xmlsec1} command-line tool (Debian's XML Security Library), never by our own code.
 */
public final class SamlIdp {

    public static final String ENTITY_ID = "https://idp.saml-test.example/metadata";
    public static final String RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
    public static final String RSA_SHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
    public static final String SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";
    public static final String SHA1 = "http://www.w3.org/2000/09/xmldsig#sha1";

    private SamlIdp() {
    }

    public static String certificate() {
        return resource("saml/idp-cert.pem");
    }

    /** A response as a real IdP would send for our request; tests change fields before signing. */
    public static Map<String, String> response(String tenantAcsUrl, String spEntityId, String inResponseTo, String email) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, String> fields = new HashMap<>();
        fields.put("responseId", "_r" + UUID.randomUUID());
        fields.put("assertionId", "_a" + UUID.randomUUID());
        fields.put("issueInstant", now.toString());
        fields.put("destination", tenantAcsUrl);
        fields.put("recipient", tenantAcsUrl);
        fields.put("audience", spEntityId);
        fields.put("responseIssuer", ENTITY_ID);
        fields.put("issuer", ENTITY_ID);
        fields.put("status", "urn:oasis:names:tc:SAML:2.0:status:Success");
        fields.put("notBefore", now.minus(Duration.ofSeconds(30)).toString());
        fields.put("notOnOrAfter", now.plus(Duration.ofMinutes(5)).toString());
        fields.put("nameId", email);
        fields.put("email", email);
        fields.put("firstName", "Sam");
        fields.put("uid", "uid-" + email);
        fields.put("groups", groups(List.of("admins")));
        fields.put("responseInResponseTo", inResponseTo == null ? "" : " InResponseTo=\"" + inResponseTo + "\"");
        fields.put("subjectInResponseTo", inResponseTo == null ? "" : " InResponseTo=\"" + inResponseTo + "\"");
        fields.put("responseSignature", "");
        fields.put("assertionSignature", "");
        return fields;
    }

    public static String groups(List<String> groups) {
        StringBuilder values = new StringBuilder();
        groups.forEach(g -> values.append("<saml:AttributeValue>").append(g).append("</saml:AttributeValue>"));
        return values.toString();
    }

    public static String fill(Map<String, String> fields) {
        String xml = resource("saml/response-template.xml").trim();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            xml = xml.replace("${" + field.getKey() + "}", field.getValue());
        }
        return xml;
    }

    /** Fills the template with a signature template on the Assertion and has xmlsec1 sign it. */
    public static String signedAssertion(Map<String, String> fields) {
        return signedAssertion(fields, "idp", RSA_SHA256, SHA256);
    }

    public static String signedAssertion(Map<String, String> fields, String keyName, String signatureMethod, String digest) {
        Map<String, String> copy = new HashMap<>(fields);
        copy.put("assertionSignature", signatureTemplate(fields.get("assertionId"), signatureMethod, digest));
        return xmlsec1(fill(copy), keyName);
    }

    public static String signedResponse(Map<String, String> fields) {
        Map<String, String> copy = new HashMap<>(fields);
        copy.put("responseSignature", signatureTemplate(fields.get("responseId"), RSA_SHA256, SHA256));
        return xmlsec1(fill(copy), "idp");
    }

    public static final String RSA_OAEP = "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p";
    public static final String RSA_1_5 = "http://www.w3.org/2001/04/xmlenc#rsa-1_5";

    /** Encrypts the (signed) Assertion to the SP's certificate with xmlsec1, inside a saml:EncryptedAssertion. */
    public static final String AES256_GCM = "http://www.w3.org/2009/xmlenc11#aes256-gcm";
    public static final String AES256_CBC = "http://www.w3.org/2001/04/xmlenc#aes256-cbc";

    /** Encrypts the Assertion to our SP certificate with AES-256-GCM, as a current IdP does. */
    public static String encryptAssertion(String responseXml, String spCertificatePem, String keyTransport) {
        return encryptAssertion(responseXml, spCertificatePem, keyTransport, AES256_GCM);
    }

    /**
     * A Response whose Assertion is encrypted first and whose whole Response is signed afterwards, so the
     * signature covers the ciphertext (what the CBC opt-in demands).
     */
    public static String encryptedThenResponseSigned(Map<String, String> fields, String spCertificatePem, String contentAlgorithm) {
        Map<String, String> copy = new HashMap<>(fields);
        copy.put("responseSignature", signatureTemplate(fields.get("responseId"), RSA_SHA256, SHA256));
        return xmlsec1(encryptAssertion(fill(copy), spCertificatePem, RSA_OAEP, contentAlgorithm), "idp");
    }

    public static String encryptAssertion(String responseXml, String spCertificatePem, String keyTransport,
                                          String contentAlgorithm) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("saml-encrypt");
            Path in = dir.resolve("in.xml");
            Path out = dir.resolve("out.xml");
            Path cert = dir.resolve("sp.pem");
            Path template = dir.resolve("template.xml");
            Files.writeString(in, responseXml);
            Files.writeString(cert, spCertificatePem);
            Files.writeString(template, resource("saml/encryption-template.xml").replace("${keyTransport}", keyTransport)
                    .replace("${contentAlgorithm}", contentAlgorithm));
            run(RequiredTool.path("xmlsec1", "xmlsec1"), "--encrypt", "--pubkey-cert-pem", cert.toString(), "--session-key", "aes-256",
                    "--xml-data", in.toString(), "--node-xpath", "/*[local-name()='Response']/*[local-name()='Assertion']",
                    "--output", out.toString(), template.toString());
            String encrypted = Files.readString(out);
            int start = encrypted.indexOf("<xenc:EncryptedData");
            int end = encrypted.indexOf("</xenc:EncryptedData>") + "</xenc:EncryptedData>".length();
            return encrypted.substring(0, start) + "<saml:EncryptedAssertion>" + encrypted.substring(start, end)
                    + "</saml:EncryptedAssertion>" + encrypted.substring(end);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            Scratch.delete(dir);
        }
    }

    private static void run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("xmlsec1 failed: " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String base64(String xml) {
        return Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static String signatureTemplate(String id, String signatureMethod, String digest) {
        return resource("saml/signature-template.xml").trim().replace("${id}", id)
                .replace("${signatureMethod}", signatureMethod).replace("${digestMethod}", digest);
    }

    private static String xmlsec1(String xml, String keyName) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("saml-sign");
            Path in = dir.resolve("in.xml");
            Path out = dir.resolve("out.xml");
            Path key = dir.resolve("key.pem");
            Path cert = dir.resolve("cert.pem");
            Files.writeString(in, xml);
            Files.writeString(key, resource("saml/" + keyName + "-key.pem"));
            Files.writeString(cert, resource("saml/" + keyName + "-cert.pem"));
            Process process = new ProcessBuilder(RequiredTool.path("xmlsec1", "xmlsec1"), "--sign", "--privkey-pem", key + "," + cert,
                    "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:assertion:Assertion",
                    "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:protocol:Response",
                    "--output", out.toString(), in.toString())
                    .redirectErrorStream(true).start();
            String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("xmlsec1 failed: " + log);
            }
            return Files.readString(out);
        } catch (IOException e) {
            throw new IllegalStateException("xmlsec1 is needed to sign test SAML responses (apt-get install xmlsec1): "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            Scratch.delete(dir);
        }
    }

    public static String resource(String name) {
        try (InputStream in = SamlIdp.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
