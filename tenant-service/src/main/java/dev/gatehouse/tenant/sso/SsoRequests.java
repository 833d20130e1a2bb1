package dev.gatehouse.tenant.sso;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

public final class SsoRequests {

    private SsoRequests() {
    }

    /** Exactly one of {@code saml} and {@code oidc}, matching {@code type}. */
    public record ConnectionBody(@NotNull @Pattern(regexp = "saml|oidc", message = "must be saml or oidc") String type,
                                 @Valid SamlBody saml,
                                 @Valid OidcBody oidc,
                                 @Valid Mappings mappings) {
    }

    /** One source: {@code metadataUrl}, or {@code metadataXml}, or {@code entityId} + {@code ssoUrl} + {@code certificates}. */
    public record SamlBody(@Size(max = 2048) String metadataUrl,
                           @Size(max = 1_048_576) String metadataXml,
                           @Size(max = 1024) String entityId,
                           @Size(max = 2048) String ssoUrl,
                           @Size(max = 10) List<@NotBlank String> certificates,
                           Boolean idpInitiated,
                           Boolean signRequests,
                           Boolean encryptAssertions,
                           Boolean allowCbcEncryption) {
    }

    public record OidcBody(@NotBlank @Size(max = 1024) String issuer,
                           @NotBlank @Size(max = 512) String clientId,
                           @Size(max = 2048) String clientSecret,
                           @Size(max = 512) String scopes) {
    }

    public record Mappings(@Valid AttributeMapping attributeMapping,
                           @Size(max = 500) List<@Valid GroupMapping> groupMappings) {
    }

    public record AttributeMapping(@Size(min = 1, max = 256) String email,
                                   @Size(min = 1, max = 256) String firstName,
                                   @Size(min = 1, max = 256) String lastName,
                                   @Size(min = 1, max = 256) String uid,
                                   @Size(min = 1, max = 256) String groups) {
    }

    public record GroupMapping(@NotBlank @Size(max = 256) String group, @NotBlank String role) {
    }
}
