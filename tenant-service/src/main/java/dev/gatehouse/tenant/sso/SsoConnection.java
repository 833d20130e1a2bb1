package dev.gatehouse.tenant.sso;

import dev.gatehouse.common.Jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** A tenant's identity provider: SAML or OIDC, with the attribute mapping applied at sign-in. */
public class SsoConnection {

    public static final String SAML = "saml";
    public static final String OIDC = "oidc";

    /** The columns {@link #from} reads and {@link SsoConnections#save} writes, in their order. */
    static final String COLUMNS = """
            tenant_id, connection_id, type, saml_metadata_url, saml_idp_entity_id, saml_sso_url, saml_sso_binding,
            saml_certificates, saml_nameid_format, saml_metadata_fetched_at, saml_idp_initiated, saml_sign_requests,
            saml_encrypt_assertions, saml_allow_cbc, oidc_issuer, oidc_client_id, oidc_client_secret, oidc_scopes,
            map_email, map_first_name, map_last_name, map_uid, map_groups, updated_at""";

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

    /** The values of {@link #COLUMNS}, in their order. */
    Object[] values() {
        return new Object[] {tenantId, connectionId, type, samlMetadataUrl, samlIdpEntityId, samlSsoUrl, samlSsoBinding,
                samlCertificates, samlNameidFormat, samlMetadataFetchedAt, samlIdpInitiated, samlSignRequests,
                samlEncryptAssertions, samlAllowCbc, oidcIssuer, oidcClientId, oidcClientSecret, oidcScopes, mapEmail,
                mapFirstName, mapLastName, mapUid, mapGroups, updatedAt};
    }

    static SsoConnection from(ResultSet row) throws SQLException {
        SsoConnection c = new SsoConnection();
        c.tenantId = row.getString(1);
        c.connectionId = row.getString(2);
        c.type = row.getString(3);
        c.samlMetadataUrl = row.getString(4);
        c.samlIdpEntityId = row.getString(5);
        c.samlSsoUrl = row.getString(6);
        c.samlSsoBinding = row.getString(7);
        c.samlCertificates = row.getString(8);
        c.samlNameidFormat = row.getString(9);
        c.samlMetadataFetchedAt = Jdbc.instant(row.getTimestamp(10));
        c.samlIdpInitiated = row.getBoolean(11);
        c.samlSignRequests = row.getBoolean(12);
        c.samlEncryptAssertions = row.getBoolean(13);
        c.samlAllowCbc = row.getBoolean(14);
        c.oidcIssuer = row.getString(15);
        c.oidcClientId = row.getString(16);
        c.oidcClientSecret = row.getString(17);
        c.oidcScopes = row.getString(18);
        c.mapEmail = row.getString(19);
        c.mapFirstName = row.getString(20);
        c.mapLastName = row.getString(21);
        c.mapUid = row.getString(22);
        c.mapGroups = row.getString(23);
        c.updatedAt = Jdbc.instant(row.getTimestamp(24));
        return c;
    }
}
