package dev.gatehouse.auth.tenants;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** A tenant with its SSO connection, as tenant-service's internal API returns it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TenantSso(String id, String name, List<String> domains, boolean ssoRequired, Connection connection) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Connection(String connectionId, String type, String idpEntityId, String ssoUrl, String ssoBinding,
                             List<String> certificates, String nameIdFormat, boolean idpInitiated,
                             boolean signRequests, boolean encryptAssertions, boolean allowCbcEncryption, String oidcIssuer, String oidcClientId, String oidcClientSecret,
                             String oidcScopes, AttributeMapping attributeMapping) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AttributeMapping(String email, String firstName, String lastName, String uid, String groups) {
    }
}
