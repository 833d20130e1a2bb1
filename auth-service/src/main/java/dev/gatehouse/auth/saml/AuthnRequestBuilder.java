package dev.gatehouse.auth.saml;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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

    static String redirectUrl(String ssoUrl, String authnRequestXml, String relayState) {
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(deflated, new Deflater(Deflater.DEFLATED, true))) {
            out.write(authnRequestXml.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        String request = Base64.getEncoder().encodeToString(deflated.toByteArray());
        return ssoUrl + (ssoUrl.contains("?") ? "&" : "?")
                + "SAMLRequest=" + URLEncoder.encode(request, StandardCharsets.UTF_8)
                + "&RelayState=" + URLEncoder.encode(relayState, StandardCharsets.UTF_8);
    }

    static String escape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
