package dev.gatehouse.tenant.sso;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A tenant's identity provider: SAML or OIDC, with the attribute mapping applied at sign-in. */
@Entity
@Table(name = "sso_connection")
public class SsoConnection extends PanacheEntityBase {

    public static final String SAML = "saml";
    public static final String OIDC = "oidc";

    @Id
    public String tenantId;
    /**
     * Names this tenant's connection to one IdP. Identities asserted through it are keyed by it, and a new id
     * is drawn whenever the connection is pointed at another IdP, so a replaced connection reaches no one.
     */
    public String connectionId;
    public String type;

    public String samlMetadataUrl;
    public String samlIdpEntityId;
    public String samlSsoUrl;
    public String samlSsoBinding;
    /** PEM blocks, one after another. */
    public String samlCertificates;
    public String samlNameidFormat;
    public Instant samlMetadataFetchedAt;
    public boolean samlIdpInitiated;
    public boolean samlSignRequests;
    public boolean samlEncryptAssertions;
    /** AES-CBC content encryption (padding oracles) is accepted only when the tenant opts in; see auth-service. */
    public boolean samlAllowCbc;

    public String oidcIssuer;
    public String oidcClientId;
    /** Sealed by {@code SecretBox}; never returned by the management API. */
    public String oidcClientSecret;
    public String oidcScopes;

    public String mapEmail;
    public String mapFirstName;
    public String mapLastName;
    public String mapUid;
    public String mapGroups;
    public Instant updatedAt;

    /** The IdP this connection trusts: its SAML entity ID or OIDC issuer. */
    public String idpIdentity() {
        return SAML.equals(type) ? samlIdpEntityId : oidcIssuer;
    }

    /** The key of the identities this connection asserts; see {@code external_identity.connection}. */
    public String identityKey() {
        return "tenant:" + tenantId + ":" + connectionId;
    }
}
