package dev.gatehouse.auth.saml;

import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.common.Text;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Our SP identity per tenant (design.md §3): entity ID = metadata URL, ACS URL beside it. */
@ApplicationScoped
public class ServiceProvider {

    @Inject
    AuthConfig config;

    public String entityId(String tenantId) {
        return base() + "/saml/metadata/" + tenantId;
    }

    public String acsUrl(String tenantId) {
        return base() + "/saml/acs/" + tenantId;
    }

    private String base() {
        return Text.withoutTrailingSlashes(config.publicUrl());
    }
}
