package dev.gatehouse.auth.saml;

import dev.gatehouse.common.SafeXml;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/** SAML responses parsed with {@link SafeXml}: no XXE, no entity expansion; parse failures become rejections. */
final class SecureDom {

    private SecureDom() {
    }

    static Document parse(byte[] xml) throws SamlRejected {
        try {
            DocumentBuilder builder = SafeXml.newDocumentBuilder();
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (SAXException e) {
            String message = String.valueOf(e.getMessage());
            throw new SamlRejected(message.contains("DOCTYPE") ? "DOCTYPE in SAML response (XXE or entity expansion attempt)"
                    : "SAML response is not well-formed XML");
        } catch (IOException | ParserConfigurationException e) {
            throw new SamlRejected("SAML response could not be parsed");
        }
    }
}
