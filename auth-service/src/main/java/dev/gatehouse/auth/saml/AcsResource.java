package dev.gatehouse.auth.saml;

import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.auth.login.BrowserPages;
import dev.gatehouse.auth.login.ExternalIdentity;
import dev.gatehouse.auth.login.LoginCompletion;
import dev.gatehouse.auth.login.LoginFailed;
import dev.gatehouse.auth.login.LoginTransaction;
import dev.gatehouse.auth.login.LoginTransactions;
import dev.gatehouse.auth.tenants.AuditTrail;
import dev.gatehouse.auth.tenants.TenantClient;
import dev.gatehouse.auth.tenants.TenantSso;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The SAML Assertion Consumer Service (HTTP-POST binding). Parsing and every check live in
 * {@link SamlResponseValidator}; this class only finds the login the response answers, maps attributes and
 * hands over to {@link LoginCompletion}.
 */
@Path("/saml/acs")
public class AcsResource {

    @Inject
    LoginTransactions transactions;

    @Inject
    TenantClient tenantClient;

    @Inject
    ServiceProvider sp;

    @Inject
    AssertionReplayCache replayCache;

    @Inject
    LoginCompletion completion;

    @Inject
    AuditTrail audit;

    @Inject
    AuthConfig config;

    @Inject
    SpKeyPair spKeys;

    @Inject
    Clock clock;

    @POST
    @Path("/{tenantId}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "SAML Assertion Consumer Service of a tenant (HTTP-POST binding)")
    public Response consume(@PathParam("tenantId") String tenantId, String form) {
        Map<String, String> fields;
        try {
            fields = FormBody.parse(form, config.saml().maxResponseBytes() * 2);
        } catch (IllegalArgumentException e) {
            audit.record("idp:unknown", "login.failure", null, "saml", "ACS of " + tenantId + ": " + e.getMessage());
            return BrowserPages.error(400, "Sign-in could not be completed",
                    "The identity provider's answer could not be read. Start the sign-in again from the application.");
        }
        return consume(tenantId, fields.get("SAMLResponse"), fields.get("RelayState"));
    }

    private Response consume(String tenantId, String samlResponse, String relayState) {
        Predicate<LoginTransaction> ofThisTenant = t -> "saml".equals(t.kind) && tenantId.equals(t.tenantId);
        Optional<TenantSso> tenant = tenantClient.tenant(tenantId).filter(t -> !tenantId.contains("@"))
                .filter(t -> t.connection() != null && "saml".equals(t.connection().type()));
        if (tenant.isEmpty()) {
            // Checked before the login transaction is spent: a post to the wrong ACS must not burn a live login.
            audit.record("idp:unknown", "login.failure", null, "saml", "ACS of tenant " + tenantId + " without a SAML connection");
            return transactions.peek(relayState).filter(ofThisTenant)
                    .map(t -> completion.fail(t, new LoginFailed("invalid_request", "this tenant has no SAML sign-in",
                            "no SAML connection")))
                    .orElseGet(() -> BrowserPages.error(404, "Sign-in could not be completed",
                            "This organisation has no SAML sign-in."));
        }
        Optional<LoginTransaction> tx = transactions.consume(relayState, ofThisTenant);
        LoginTransaction login = tx.orElseGet(() -> idpInitiated(tenant.get(), relayState));
        if (login == null) {
            audit.record("idp:" + tenantId, "login.failure", tenantId, "saml",
                    "unsolicited response or unknown RelayState, and IdP-initiated login is off");
            return BrowserPages.error(400, "Sign-in could not be completed",
                    "This sign-in was not started here, has expired, or was already used. Start it again from the application.");
        }
        try {
            TenantSso.Connection connection = tenant.get().connection();
            SamlResponseValidator.ValidatedAssertion assertion = SamlResponseValidator.validate(samlResponse,
                    new SamlResponseValidator.Expectations(sp.acsUrl(tenantId), sp.entityId(tenantId),
                            connection.idpEntityId(), login.samlRequestId, keys(connection.certificates()),
                            config.saml().clockSkew(), config.saml().maxResponseBytes(),
                            connection.encryptAssertions() ? spKeys.decryptionKeys() : null, connection.allowCbcEncryption()),
                    Instant.now(clock));
            if (!replayCache.firstUse(tenantId, assertion.assertionId(), assertion.notOnOrAfter().plus(config.saml().clockSkew()))) {
                throw new SamlRejected("assertion " + assertion.assertionId() + " was already used (replay)");
            }
            return completion.succeed(login, identity(connection, assertion), tenantId, connection.connectionId());
        } catch (SamlRejected e) {
            return completion.fail(login, new LoginFailed(e.error(),
                    "access_denied".equals(e.error()) ? "the identity provider did not sign you in"
                            : "the identity provider's answer could not be verified", e.getMessage()));
        }
    }

    /** A synthetic login for an IdP-initiated response, only for tenants that enabled it and a configured landing URL. */
    private LoginTransaction idpInitiated(TenantSso tenant, String relayState) {
        if (!tenant.connection().idpInitiated() || config.saml().idpInitiatedRedirectUrl().isEmpty()) {
            return null;
        }
        LoginTransaction login = new LoginTransaction();
        login.kind = "saml";
        login.provider = tenant.id();
        login.tenantId = tenant.id();
        login.redirectUrl = config.saml().idpInitiatedRedirectUrl().get();
        return login;
    }

    private static ExternalIdentity identity(TenantSso.Connection connection, SamlResponseValidator.ValidatedAssertion assertion) {
        TenantSso.AttributeMapping mapping = connection.attributeMapping();
        Map<String, List<String>> attributes = assertion.attributes();
        String uid = first(attributes, mapping.uid());
        // A stable uid attribute identifies the user better than a NameID that may be transient.
        String subject = uid != null ? uid : assertion.nameId();
        String email = first(attributes, mapping.email());
        if (email == null && assertion.nameId().contains("@")) {
            email = assertion.nameId();
        }
        return new ExternalIdentity(connection.idpEntityId(), subject, email, false, null,
                first(attributes, mapping.firstName()), first(attributes, mapping.lastName()),
                attributes.containsKey(mapping.groups()) ? List.copyOf(attributes.get(mapping.groups())) : null);
    }

    private static String first(Map<String, List<String>> attributes, String name) {
        List<String> values = name == null ? null : attributes.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static List<PublicKey> keys(List<String> pems) throws SamlRejected {
        List<PublicKey> keys = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (String pem : pems) {
                keys.add(factory.generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).getPublicKey());
            }
        } catch (CertificateException e) {
            throw new SamlRejected("the tenant's IdP certificate cannot be read");
        }
        if (keys.isEmpty()) {
            throw new SamlRejected("the tenant has no IdP certificate");
        }
        return keys;
    }
}
