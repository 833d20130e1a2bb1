package dev.gatehouse.tenant.sso;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.common.Text;
import dev.gatehouse.tenant.access.Caller;
import dev.gatehouse.tenant.audit.AuditLog;
import dev.gatehouse.common.Secrets;
import dev.gatehouse.tenant.common.ApiException;
import dev.gatehouse.tenant.common.SecretBox;
import dev.gatehouse.tenant.common.TenantServiceConfig;
import dev.gatehouse.tenant.roles.RoleService;
import dev.gatehouse.tenant.tenants.TenantService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

@ApplicationScoped
@Transactional
public class SsoConnectionService {

    private static final Logger LOG = Logger.getLogger(SsoConnectionService.class);

    @Inject
    Clock clock;

    @Inject
    AuditLog auditLog;

    @Inject
    TenantService tenants;

    @Inject
    RoleService roles;

    @Inject
    OutboundFetcher fetcher;

    @Inject
    SecretBox secretBox;

    @Inject
    TenantServiceConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    SsoConnections connections;

    @Transactional(Transactional.TxType.SUPPORTS)
    public SsoConnectionView get(String tenantId) {
        tenants.require(tenantId);
        return view(require(tenantId), List.of());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<SsoConnection> find(String tenantId) {
        return connections.find(tenantId);
    }

    public SsoConnectionView put(Caller caller, String tenantId, SsoRequests.ConnectionBody body) {
        tenants.require(tenantId);
        SsoConnection connection = connections.find(tenantId).orElseGet(() -> fresh(tenantId));
        String trustedBefore = connection.type + " " + connection.idpIdentity();
        List<String> warnings = new ArrayList<>();
        if (SsoConnection.SAML.equals(body.type())) {
            if (body.saml() == null || body.oidc() != null) {
                throw ApiException.badRequest("a saml connection needs the saml object and no oidc object");
            }
            applySaml(connection, body.saml(), warnings);
        } else {
            if (body.oidc() == null || body.saml() != null) {
                throw ApiException.badRequest("an oidc connection needs the oidc object and no saml object");
            }
            applyOidc(connection, body.oidc());
        }
        connection.type = body.type();
        renewIdentityIfAnotherIdp(caller, connection, trustedBefore);
        connection.updatedAt = Instant.now(clock);
        if (body.mappings() != null) {
            applyMappings(connection, body.mappings());
        }
        connections.save(connection);
        auditLog.success(caller, "sso.connection.set", tenantId, body.type());
        return view(connection, warnings);
    }

    public SsoConnectionView putMappings(Caller caller, String tenantId, SsoRequests.Mappings mappings) {
        tenants.require(tenantId);
        SsoConnection connection = require(tenantId);
        applyMappings(connection, mappings);
        connection.updatedAt = Instant.now(clock);
        connections.save(connection);
        auditLog.success(caller, "sso.mappings.set", tenantId, null);
        return view(connection, List.of());
    }

    public void delete(Caller caller, String tenantId) {
        tenants.require(tenantId);
        require(tenantId);
        connections.delete(tenantId);
        auditLog.success(caller, "sso.connection.delete", tenantId, null);
    }

    /** Re-reads a SAML connection's metadata URL, picking up an IdP's new certificates. */
    public SsoConnectionView refreshMetadata(Caller caller, String tenantId) {
        tenants.require(tenantId);
        SsoConnection connection = require(tenantId);
        if (connection.samlMetadataUrl == null) {
            throw ApiException.badRequest("tenant " + tenantId + " has no SAML metadata URL to refresh");
        }
        List<String> warnings = new ArrayList<>();
        String trustedBefore = connection.type + " " + connection.idpIdentity();
        applyMetadata(connection, fetchMetadata(connection.samlMetadataUrl), warnings);
        renewIdentityIfAnotherIdp(caller, connection, trustedBefore);
        connection.updatedAt = Instant.now(clock);
        connections.save(connection);
        auditLog.success(caller, "sso.metadata.refresh", tenantId, connection.samlMetadataUrl);
        return view(connection, warnings);
    }

    /** Certificate rollover: the IdP publishes its next certificate in metadata before it starts signing with it. */
    @Scheduled(every = "${gatehouse.saml.metadata-refresh-interval}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional(Transactional.TxType.NEVER)
    void refreshAllMetadata() {
        List<String> tenantIds = QuarkusTransaction.requiringNew().call(connections::withMetadataUrl);
        for (String tenantId : tenantIds) {
            try {
                QuarkusTransaction.requiringNew().run(() -> refreshMetadata(new Caller.System(), tenantId));
            } catch (ApiException e) {
                LOG.warnf("metadata refresh of tenant %s failed: %s", tenantId, e.getMessage());
                auditLog.failure("system", "sso.metadata.refresh", tenantId, null, e.getMessage());
            }
        }
    }

    public SsoConnectionView.ServiceProvider serviceProvider(String tenantId) {
        String base = Text.withoutTrailingSlashes(config.auth().publicUrl());
        String metadata = base + "/saml/metadata/" + tenantId;
        return new SsoConnectionView.ServiceProvider(metadata, base + "/saml/acs/" + tenantId, metadata);
    }

    public List<SsoRequests.GroupMapping> groupMappings(String tenantId) {
        return connections.groupMappings(tenantId);
    }

    /**
     * Users signed in through one IdP must never be reachable through another that merely claims its name:
     * when the trusted entity ID or issuer changes (or the connection is new), the connection gets a new id.
     */
    private void renewIdentityIfAnotherIdp(Caller caller, SsoConnection connection, String trustedBefore) {
        String trustedNow = connection.type + " " + connection.idpIdentity();
        if (connection.connectionId != null && trustedNow.equals(trustedBefore)) {
            return;
        }
        boolean replaced = connection.connectionId != null;
        connection.connectionId = Secrets.newId("conn_");
        if (replaced) {
            // Users of the previous IdP are linked again only by an email inside the tenant's verified domains.
            auditLog.success(caller, "sso.connection.replaced", connection.tenantId, connection.connectionId);
        }
    }

    private void applySaml(SsoConnection connection, SsoRequests.SamlBody saml, List<String> warnings) {
        int sources = (saml.metadataUrl() != null ? 1 : 0) + (saml.metadataXml() != null ? 1 : 0)
                + (saml.entityId() != null || saml.ssoUrl() != null || saml.certificates() != null ? 1 : 0);
        if (sources != 1) {
            throw ApiException.badRequest("give exactly one of metadataUrl, metadataXml, or entityId + ssoUrl + certificates");
        }
        clearOidc(connection);
        connection.samlMetadataUrl = null;
        connection.samlMetadataFetchedAt = null;
        if (saml.metadataUrl() != null) {
            applyMetadata(connection, fetchMetadata(saml.metadataUrl()), warnings);
            connection.samlMetadataUrl = saml.metadataUrl().trim();
        } else if (saml.metadataXml() != null) {
            applyMetadata(connection, parse(saml.metadataXml()), warnings);
        } else {
            if (saml.entityId() == null || saml.ssoUrl() == null || saml.certificates() == null || saml.certificates().isEmpty()) {
                throw ApiException.badRequest("explicit SAML settings need entityId, ssoUrl and at least one certificate");
            }
            fetcher.checkedUri(saml.ssoUrl(), "SSO");
            var certificates = saml.certificates().stream().map(Certificates::parse).toList();
            warnings.addAll(Certificates.expiryWarnings(certificates, Instant.now(clock)));
            connection.samlIdpEntityId = saml.entityId().trim();
            connection.samlSsoUrl = saml.ssoUrl().trim();
            connection.samlSsoBinding = IdpMetadata.HTTP_REDIRECT;
            connection.samlCertificates = certificates.stream().map(Certificates::toPem).collect(Collectors.joining());
            connection.samlNameidFormat = null;
        }
        if (saml.idpInitiated() != null) {
            connection.samlIdpInitiated = saml.idpInitiated();
        }
        if (saml.signRequests() != null) {
            connection.samlSignRequests = saml.signRequests();
        }
        if (saml.encryptAssertions() != null) {
            connection.samlEncryptAssertions = saml.encryptAssertions();
        }
        if (saml.allowCbcEncryption() != null) {
            connection.samlAllowCbc = saml.allowCbcEncryption();
        }
    }

    private IdpMetadata fetchMetadata(String url) {
        return parse(fetcher.fetch(url, "SAML metadata"));
    }

    private IdpMetadata parse(String xml) {
        return SamlMetadataParser.parse(xml, config.saml().metadataMaxBytes(), Instant.now(clock));
    }

    private void applyMetadata(SsoConnection connection, IdpMetadata metadata, List<String> warnings) {
        connection.samlIdpEntityId = metadata.entityId();
        connection.samlSsoUrl = metadata.ssoUrl();
        connection.samlSsoBinding = metadata.ssoBinding();
        connection.samlCertificates = String.join("", metadata.certificates());
        connection.samlNameidFormat = metadata.nameIdFormats().isEmpty() ? null : metadata.nameIdFormats().get(0);
        connection.samlMetadataFetchedAt = Instant.now(clock);
        warnings.addAll(metadata.warnings());
    }

    private void applyOidc(SsoConnection connection, SsoRequests.OidcBody oidc) {
        String issuer = Text.withoutTrailingSlashes(oidc.issuer().trim());
        JsonNode discovery;
        try {
            discovery = json.readTree(fetcher.fetch(issuer + "/.well-known/openid-configuration", "OIDC discovery"));
        } catch (IOException e) {
            throw ApiException.badRequest("OIDC discovery document of " + issuer + " is not JSON");
        }
        // OIDC Discovery §4.3: the issuer in the document must be exactly the one we asked.
        if (!issuer.equals(Text.withoutTrailingSlashes(discovery.path("issuer").asText()))) {
            throw ApiException.badRequest("OIDC discovery issuer '" + discovery.path("issuer").asText()
                    + "' does not match '" + issuer + "'");
        }
        for (String field : List.of("authorization_endpoint", "token_endpoint", "jwks_uri")) {
            if (!discovery.path(field).isTextual()) {
                throw ApiException.badRequest("OIDC discovery document has no " + field);
            }
        }
        String existingSecret = sameOidcClient(connection, issuer, oidc.clientId()) ? connection.oidcClientSecret : null;
        clearSaml(connection);
        connection.oidcIssuer = issuer;
        connection.oidcClientId = oidc.clientId().trim();
        connection.oidcClientSecret = oidc.clientSecret() == null || oidc.clientSecret().isBlank()
                ? existingSecret : secretBox.seal(oidc.clientSecret());
        connection.oidcScopes = oidc.scopes() == null || oidc.scopes().isBlank() ? "openid email profile" : oidc.scopes().trim();
    }

    /** Keeps a stored secret when an admin re-saves the same client without retyping it. */
    private static boolean sameOidcClient(SsoConnection connection, String issuer, String clientId) {
        return SsoConnection.OIDC.equals(connection.type) && issuer.equals(connection.oidcIssuer)
                && clientId.trim().equals(connection.oidcClientId);
    }

    private void applyMappings(SsoConnection connection, SsoRequests.Mappings mappings) {
        var attributes = mappings.attributeMapping();
        if (attributes != null) {
            connection.mapEmail = orDefault(attributes.email(), "email");
            connection.mapFirstName = orDefault(attributes.firstName(), "firstName");
            connection.mapLastName = orDefault(attributes.lastName(), "lastName");
            connection.mapUid = orDefault(attributes.uid(), "uid");
            connection.mapGroups = orDefault(attributes.groups(), "groups");
        }
        if (mappings.groupMappings() != null) {
            connections.replaceGroupMappings(connection.tenantId, mappings.groupMappings().stream().distinct()
                    .map(m -> new SsoRequests.GroupMapping(m.group(), roles.requireRole(m.role()).name)).toList());
        }
    }

    private SsoConnection require(String tenantId) {
        return connections.find(tenantId)
                .orElseThrow(() -> ApiException.notFound("tenant " + tenantId + " has no SSO connection"));
    }

    private static SsoConnection fresh(String tenantId) {
        SsoConnection connection = new SsoConnection();
        connection.tenantId = tenantId;
        connection.mapEmail = "email";
        connection.mapFirstName = "firstName";
        connection.mapLastName = "lastName";
        connection.mapUid = "uid";
        connection.mapGroups = "groups";
        return connection;
    }

    private static void clearSaml(SsoConnection c) {
        c.samlMetadataUrl = null;
        c.samlIdpEntityId = null;
        c.samlSsoUrl = null;
        c.samlSsoBinding = null;
        c.samlCertificates = null;
        c.samlNameidFormat = null;
        c.samlMetadataFetchedAt = null;
        c.samlIdpInitiated = false;
        c.samlSignRequests = false;
        c.samlEncryptAssertions = false;
        c.samlAllowCbc = false;
    }

    private static void clearOidc(SsoConnection c) {
        c.oidcIssuer = null;
        c.oidcClientId = null;
        c.oidcClientSecret = null;
        c.oidcScopes = null;
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    SsoConnectionView view(SsoConnection c, List<String> warnings) {
        var saml = SsoConnection.SAML.equals(c.type)
                ? new SsoConnectionView.Saml(c.samlMetadataUrl, c.samlIdpEntityId, c.samlSsoUrl, c.samlSsoBinding,
                Certificates.splitPem(c.samlCertificates), c.samlMetadataFetchedAt, c.samlIdpInitiated, c.samlSignRequests,
                c.samlEncryptAssertions, c.samlAllowCbc)
                : null;
        var oidc = SsoConnection.OIDC.equals(c.type)
                ? new SsoConnectionView.Oidc(c.oidcIssuer, c.oidcClientId, c.oidcScopes, c.oidcClientSecret != null)
                : null;
        var attributes = new SsoRequests.AttributeMapping(c.mapEmail, c.mapFirstName, c.mapLastName, c.mapUid, c.mapGroups);
        return new SsoConnectionView(c.tenantId, c.type, saml, oidc, attributes, groupMappings(c.tenantId),
                serviceProvider(c.tenantId), List.copyOf(warnings), c.updatedAt);
    }
}
