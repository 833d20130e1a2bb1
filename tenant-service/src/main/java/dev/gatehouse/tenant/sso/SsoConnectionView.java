package dev.gatehouse.tenant.sso;

import java.time.Instant;
import java.util.List;

/** A connection as the management API shows it: never the OIDC client secret, only whether one is set. */
public record SsoConnectionView(String tenantId, String type, Saml saml, Oidc oidc,
                                SsoRequests.AttributeMapping attributeMapping,
                                List<SsoRequests.GroupMapping> groupMappings,
                                ServiceProvider sp, List<String> warnings, Instant updatedAt) {

    public record Saml(String metadataUrl, String entityId, String ssoUrl, String ssoBinding,
                       List<String> certificates, Instant metadataFetchedAt, boolean idpInitiated,
                       boolean signRequests, boolean encryptAssertions, boolean allowCbcEncryption) {
    }

    public record Oidc(String issuer, String clientId, String scopes, boolean clientSecretSet) {
    }

    /** What a tenant admin copies into their IdP; auth-service serves these URLs. */
    public record ServiceProvider(String entityId, String acsUrl, String metadataUrl) {
    }
}
