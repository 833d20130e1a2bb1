package dev.gatehouse.auth.login;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.session.OneTimeCodes;
import dev.gatehouse.auth.tenants.AuditTrail;
import dev.gatehouse.auth.tenants.TenantClient;
import dev.gatehouse.auth.tenants.TenantServiceApi;
import dev.gatehouse.auth.tenants.UserDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

/**
 * The end of every login flow: provision the user through tenant-service, hand the app a one-time code on
 * its redirect URL, or send it back with {@code error} and {@code error_description}. Both are audited.
 */
@ApplicationScoped
public class LoginCompletion {

    @Inject
    TenantClient tenantClient;

    @Inject
    OneTimeCodes codes;

    @Inject
    AuditTrail audit;

    @Inject
    UserDirectory directory;

    @Inject
    Clock clock;

    /**
     * {@code connectionId} names the tenant connection whose keys verified the identity (null for social
     * providers): tenant-service keys the identity by it, never by the issuer the IdP claims.
     */
    public Response succeed(LoginTransaction tx, ExternalIdentity identity, String providerName, String connectionId) {
        TenantServiceApi.ProvisionResult result;
        Instant askedAt = Instant.now(clock);
        try {
            result = tenantClient.provision(new TenantServiceApi.ExternalLogin(identity.issuer(), identity.subject(),
                    tx.kind, providerName, tx.tenantId, connectionId, identity.email(), identity.emailVerified(), identity.name(),
                    identity.givenName(), identity.familyName(), identity.groups()));
        } catch (ApiException e) {
            String error = e.status() == 403 ? "access_denied" : e.status() == 503 ? "temporarily_unavailable" : "server_error";
            return fail(tx, new LoginFailed(error, e.getMessage(), "provisioning refused: " + e.getMessage()));
        }
        directory.remember(result.user(), askedAt);
        String code = codes.issue(new OneTimeCodes.CompletedLogin(result.user().userId(), tx.tenantId, tx.kind,
                tx.redirectUrl, result.firstSeen()));
        return Response.seeOther(withQuery(tx.redirectUrl, "code=" + encode(code))).build();
    }

    public Response fail(LoginTransaction tx, LoginFailed failure) {
        audit.record("provider:" + tx.provider, "login.failure", tx.tenantId, tx.kind, failure.auditReason());
        return Response.seeOther(withQuery(tx.redirectUrl,
                "error=" + encode(failure.error()) + "&error_description=" + encode(failure.getMessage()))).build();
    }

    static URI withQuery(String url, String query) {
        int fragment = url.indexOf('#');
        String base = fragment < 0 ? url : url.substring(0, fragment);
        return URI.create(base + (base.contains("?") ? "&" : "?") + query);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
