package dev.gatehouse.auth.saml;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.tenants.TenantSso;
import jakarta.enterprise.context.ApplicationScoped;

/** SAML SP-initiated login start. */
@ApplicationScoped
public class SamlLogin {

    public String start(TenantSso tenant, String redirectUrl, boolean forceAuthn) {
        throw new ApiException(501, "E062301", "SAML login is not available yet");
    }
}
