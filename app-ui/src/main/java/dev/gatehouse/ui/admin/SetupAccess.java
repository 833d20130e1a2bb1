package dev.gatehouse.ui.admin;

import dev.gatehouse.ui.UiConfig;
import dev.gatehouse.ui.account.ConfirmResource;
import dev.gatehouse.ui.session.CurrentVisitor;
import dev.gatehouse.ui.session.Visitor;
import dev.gatehouse.ui.upstream.TenantApi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import java.time.Instant;

/**
 * Who is on a tenant's setup pages: a signed-in Tenant Admin of the current tenant, or the holder of a setup link
 * (no account). Either way tenant-service checks the credential again on every call made with it.
 */
@ApplicationScoped
public class SetupAccess {

    @FunctionalInterface
    public interface Action {
        Response run(String credential, String tenantId);
    }

    @Inject
    CurrentVisitor current;

    @Inject
    TenantApi tenants;

    @Inject
    UiConfig config;

    /**
     * As the current tenant's admin; {@code confirmFirst} (changing how a whole company signs in) also asks for a
     * sign-in or step-up younger than {@code gatehouse.step-up-max-age}: a stolen, hours-old session is not enough.
     */
    public Response asAdmin(String page, boolean confirmFirst, Action action) {
        Visitor visitor = current.get().orElse(null);
        if (visitor == null || !visitor.isTenantAdmin()) {
            return SsoSetupResource.forbidden("Only a Tenant Admin of the current tenant can open this page.");
        }
        if (confirmFirst && !visitor.authenticatedWithin(config.stepUpMaxAge(), Instant.now())) {
            return ConfirmResource.ask(page);
        }
        try {
            return action.run(visitor.sessionJwt(), visitor.currentTenant());
        } catch (TenantApi.Refused e) {
            return SsoSetupResource.forbidden(e.getMessage());
        }
    }

    public Response asLink(String link, Action action) {
        // A setup link is gsl_ plus URL-safe base64; anything else is nobody's link and never becomes a header.
        if (link == null || !link.matches("gsl_[A-Za-z0-9_-]{16,128}")) {
            return SsoSetupResource.forbidden("This setup link is not valid. Ask your contact for a new one.");
        }
        String credential = config.projectId() + ":" + link;
        try {
            String tenantId = tenants.get(credential, "/v1/mgmt/setup-link").path("tenantId").asText();
            return action.run(credential, tenantId);
        } catch (TenantApi.Refused e) {
            return SsoSetupResource.forbidden("This setup link is not valid any more. Ask your contact for a new one.");
        }
    }
}
