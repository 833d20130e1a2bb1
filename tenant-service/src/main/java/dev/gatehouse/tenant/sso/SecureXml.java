package dev.gatehouse.tenant.sso;

import dev.gatehouse.common.SafeXml;
import dev.gatehouse.tenant.common.ApiException;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** IdP metadata parsed with {@link SafeXml}, after a size check; parse failures become 400s that say why. */
final class SecureXml {

    private SecureXml() {
    }

    static Document parse(String xml, int maxBytes) {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxBytes) {
            throw ApiException.badRequest("metadata is larger than " + maxBytes + " bytes");
        }
        try {
            return SafeXml.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
        } catch (SAXException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (message.contains("DOCTYPE")) {
                throw ApiException.badRequest("metadata must not contain a DOCTYPE (DTDs and entities are refused)");
            }
            throw ApiException.badRequest("metadata is not well-formed XML: " + message);
        } catch (IOException | ParserConfigurationException e) {
            throw ApiException.badRequest("metadata could not be read as XML");
        }
    }
}
