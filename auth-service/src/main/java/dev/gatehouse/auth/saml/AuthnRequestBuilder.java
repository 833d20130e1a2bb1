package dev.gatehouse.auth.saml;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/** An AuthnRequest sent over the HTTP-Redirect binding (saml-bindings-2.0-os §3.4): DEFLATE, base64, URL-encode. */
final class AuthnRequestBuilder {

    private AuthnRequestBuilder() {
    }

    static String xml(String id, Instant issueInstant, String destination, String acsUrl, String spEntityId,
                      boolean forceAuthn) {
        return "<samlp:AuthnRequest xmlns:samlp=\"" + SamlNames.PROTOCOL + "\" xmlns:saml=\"" + SamlNames.ASSERTION + "\""
                + " ID=\"" + escape(id) + "\" Version=\"2.0\""
                + " IssueInstant=\"" + issueInstant.truncatedTo(ChronoUnit.SECONDS) + "\""
                + " Destination=\"" + escape(destination) + "\""
                + " AssertionConsumerServiceURL=\"" + escape(acsUrl) + "\""
                + " ProtocolBinding=\"" + SamlNames.HTTP_POST + "\""
                + (forceAuthn ? " ForceAuthn=\"true\"" : "") + ">"
                + "<saml:Issuer>" + escape(spEntityId) + "</saml:Issuer>"
                + "<samlp:NameIDPolicy AllowCreate=\"true\" Format=\"" + SamlNames.NAMEID_UNSPECIFIED + "\"/>"
                + "</samlp:AuthnRequest>";
    }

    static final String RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";

    /**
     * @param signingKey when set, the query is signed as saml-bindings-2.0-os §3.4.4.1 says: over
     *                   {@code SAMLRequest=…&RelayState=…&SigAlg=…}, URL-encoded, with RSA-SHA256
     */
    static String redirectUrl(String ssoUrl, String authnRequestXml, String relayState, PrivateKey signingKey) {
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(deflated, new Deflater(Deflater.DEFLATED, true))) {
            out.write(authnRequestXml.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        String request = Base64.getEncoder().encodeToString(deflated.toByteArray());
        String query = "SAMLRequest=" + URLEncoder.encode(request, StandardCharsets.UTF_8)
                + "&RelayState=" + URLEncoder.encode(relayState, StandardCharsets.UTF_8);
        if (signingKey != null) {
            query += "&SigAlg=" + URLEncoder.encode(RSA_SHA256, StandardCharsets.UTF_8);
            try {
                Signature signature = Signature.getInstance("SHA256withRSA");
                signature.initSign(signingKey);
                signature.update(query.getBytes(StandardCharsets.UTF_8));
                query += "&Signature=" + URLEncoder.encode(Base64.getEncoder().encodeToString(signature.sign()), StandardCharsets.UTF_8);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("could not sign the AuthnRequest", e);
            }
        }
        return ssoUrl + (ssoUrl.contains("?") ? "&" : "?") + query;
    }

    static String escape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
