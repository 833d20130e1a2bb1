package dev.gatehouse.tenant.sso;

import dev.gatehouse.tenant.common.ApiException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads an IdP's SAML 2.0 metadata (saml-metadata-2.0-os §2.4.3): entity ID, SingleSignOnService endpoints,
 * signing certificates and NameID formats. Refuses, with the reason, anything that is not usable IdP metadata.
 */
public final class SamlMetadataParser {

    static final String MD = "urn:oasis:names:tc:SAML:2.0:metadata";
    static final String DS = "http://www.w3.org/2000/09/xmldsig#";
    private static final String PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";

    private SamlMetadataParser() {
    }

    public static IdpMetadata parse(String xml, int maxBytes, Instant now) {
        if (xml == null || xml.isBlank()) {
            throw ApiException.badRequest("metadata is empty");
        }
        Document document = SecureXml.parse(xml, maxBytes);
        Element entity = idpEntity(document.getDocumentElement());
        String entityId = entity.getAttribute("entityID");
        if (entityId.isBlank()) {
            throw ApiException.badRequest("metadata EntityDescriptor has no entityID");
        }
        Element idp = firstChild(entity, MD, "IDPSSODescriptor");
        if (!idp.getAttribute("protocolSupportEnumeration").contains(PROTOCOL)) {
            throw ApiException.badRequest("IDPSSODescriptor does not support the SAML 2.0 protocol");
        }

        String redirect = null;
        String post = null;
        for (Element sso : children(idp, MD, "SingleSignOnService")) {
            String binding = sso.getAttribute("Binding");
            String location = sso.getAttribute("Location").trim();
            if (IdpMetadata.HTTP_REDIRECT.equals(binding) && redirect == null && !location.isEmpty()) {
                redirect = location;
            } else if (IdpMetadata.HTTP_POST.equals(binding) && post == null && !location.isEmpty()) {
                post = location;
            }
        }
        if (redirect == null && post == null) {
            throw ApiException.badRequest("metadata has no SingleSignOnService with the HTTP-Redirect or HTTP-POST binding");
        }

        List<X509Certificate> certificates = new ArrayList<>();
        for (Element key : children(idp, MD, "KeyDescriptor")) {
            String use = key.getAttribute("use");
            if (!use.isEmpty() && !"signing".equals(use)) {
                continue;
            }
            NodeList values = key.getElementsByTagNameNS(DS, "X509Certificate");
            for (int i = 0; i < values.getLength(); i++) {
                certificates.add(Certificates.fromBase64(values.item(i).getTextContent()));
            }
        }
        if (certificates.isEmpty()) {
            throw ApiException.badRequest("metadata has no signing certificate in its IDPSSODescriptor");
        }

        Set<String> nameIdFormats = new LinkedHashSet<>();
        for (Element format : children(idp, MD, "NameIDFormat")) {
            nameIdFormats.add(format.getTextContent().trim());
        }
        return new IdpMetadata(entityId,
                redirect != null ? redirect : post,
                redirect != null ? IdpMetadata.HTTP_REDIRECT : IdpMetadata.HTTP_POST,
                certificates.stream().map(Certificates::toPem).distinct().toList(),
                List.copyOf(nameIdFormats),
                Certificates.expiryWarnings(certificates, now));
    }

    /** The EntityDescriptor with an IDPSSODescriptor: the root, or the first such one in an EntitiesDescriptor. */
    private static Element idpEntity(Element root) {
        if (!MD.equals(root.getNamespaceURI())) {
            throw ApiException.badRequest("not SAML 2.0 metadata: the root element is " + root.getLocalName()
                    + " in namespace " + root.getNamespaceURI());
        }
        if ("EntityDescriptor".equals(root.getLocalName())) {
            if (children(root, MD, "IDPSSODescriptor").isEmpty()) {
                throw ApiException.badRequest("metadata has no IDPSSODescriptor: it does not describe an identity provider");
            }
            return root;
        }
        if ("EntitiesDescriptor".equals(root.getLocalName())) {
            NodeList entities = root.getElementsByTagNameNS(MD, "EntityDescriptor");
            for (int i = 0; i < entities.getLength(); i++) {
                Element entity = (Element) entities.item(i);
                if (!children(entity, MD, "IDPSSODescriptor").isEmpty()) {
                    return entity;
                }
            }
            throw ApiException.badRequest("metadata has no IDPSSODescriptor: it does not describe an identity provider");
        }
        throw ApiException.badRequest("not SAML 2.0 metadata: the root element is " + root.getLocalName());
    }

    private static Element firstChild(Element parent, String ns, String name) {
        return children(parent, ns, name).get(0);
    }

    private static List<Element> children(Element parent, String ns, String name) {
        List<Element> result = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && ns.equals(element.getNamespaceURI()) && name.equals(element.getLocalName())) {
                result.add(element);
            }
        }
        return result;
    }
}
