package dev.gatehouse.tenant.sso;

import java.util.List;

/** What Gatehouse needs from a SAML IdP's metadata. Certificates are PEM; any of them may sign. */
public record IdpMetadata(String entityId, String ssoUrl, String ssoBinding, List<String> certificates,
                          List<String> nameIdFormats, List<String> warnings) {

    public static final String HTTP_REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
    public static final String HTTP_POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";
}
