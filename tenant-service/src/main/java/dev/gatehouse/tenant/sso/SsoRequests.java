package dev.gatehouse.tenant.sso;

import dev.gatehouse.tenant.common.Violations;

import java.util.List;

public final class SsoRequests {

    private SsoRequests() {
    }

    /** Exactly one of {@code saml} and {@code oidc}, matching {@code type}. */
    public record ConnectionBody(String type,
                                 SamlBody saml,
                                 OidcBody oidc,
                                 Mappings mappings) implements Violations.Body {
        @Override
        public Violations violations() {
            return Violations.none().notNull("type", type).oneOf("type", type, "must be saml or oidc", "saml", "oidc")
                    .with(Violations.of(saml)).with(Violations.of(oidc)).with(Violations.of(mappings));
        }
    }

    /** One source: {@code metadataUrl}, or {@code metadataXml}, or {@code entityId} + {@code ssoUrl} + {@code certificates}. */
    public record SamlBody(String metadataUrl,
                           String metadataXml,
                           String entityId,
                           String ssoUrl,
                           List<String> certificates,
                           Boolean idpInitiated,
                           Boolean signRequests,
                           Boolean encryptAssertions,
                           Boolean allowCbcEncryption) implements Violations.Body {
        @Override
        public Violations violations() {
            return Violations.none().size("metadataUrl", metadataUrl, 0, 2048)
                    .size("metadataXml", metadataXml, 0, 1_048_576).size("entityId", entityId, 0, 1024)
                    .size("ssoUrl", ssoUrl, 0, 2048).size("certificates", certificates, 0, 10)
                    .each("certificates", certificates, true, Integer.MAX_VALUE);
        }
    }

    public record OidcBody(String issuer,
                           String clientId,
                           String clientSecret,
                           String scopes) implements Violations.Body {
        @Override
        public Violations violations() {
            return Violations.none().notBlank("issuer", issuer).size("issuer", issuer, 0, 1024)
                    .notBlank("clientId", clientId).size("clientId", clientId, 0, 512)
                    .size("clientSecret", clientSecret, 0, 2048).size("scopes", scopes, 0, 512);
        }
    }

    public record Mappings(AttributeMapping attributeMapping,
                           List<GroupMapping> groupMappings) implements Violations.Body {
        @Override
        public Violations violations() {
            return Violations.of(attributeMapping).size("groupMappings", groupMappings, 0, 500).withEach(groupMappings);
        }
    }

    public record AttributeMapping(String email,
                                   String firstName,
                                   String lastName,
                                   String uid,
                                   String groups) implements Violations.Body {
        @Override
        public Violations violations() {
            return Violations.none().size("email", email, 1, 256).size("firstName", firstName, 1, 256)
                    .size("lastName", lastName, 1, 256).size("uid", uid, 1, 256).size("groups", groups, 1, 256);
        }
    }

    public record GroupMapping(String group, String role) implements Violations.Body {
        @Override
        public Violations violations() {
            return Violations.none().notBlank("group", group).size("group", group, 0, 256).notBlank("role", role);
        }
    }
}
