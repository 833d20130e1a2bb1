package dev.gatehouse.auth.oauth;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.login.BrowserPages;
import dev.gatehouse.auth.login.LoginCompletion;
import dev.gatehouse.auth.login.LoginFailed;
import dev.gatehouse.auth.login.LoginTransaction;
import dev.gatehouse.auth.login.LoginTransactions;
import dev.gatehouse.auth.tenants.TenantClient;
import dev.gatehouse.auth.tenants.TenantSso;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.Optional;
import java.util.Set;

/**
 * Where social and tenant OIDC providers send the browser back: the state is consumed once, the code
 * redeemed, the ID token verified, and the app gets a one-time code or an error on its redirect URL.
 */
@Path("/v1/oauth")
public class OAuthCallbackResource {

    /** RFC 6749 §4.1.2.1 error codes passed on to the app as they are; anything else becomes access_denied. */
    private static final Set<String> KNOWN_ERRORS = Set.of("access_denied", "invalid_request", "unauthorized_client",
            "unsupported_response_type", "invalid_scope", "server_error", "temporarily_unavailable",
            "login_required", "consent_required", "interaction_required");

    @Inject
    ProviderRegistry providers;

    @Inject
    UpstreamClient upstream;

    @Inject
    LoginTransactions transactions;

    @Inject
    LoginCompletion completion;

    @Inject
    TenantClient tenantClient;

    @GET
    @Path("/callback")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Where social and OIDC providers send the browser back (RFC 6749 §4.1.2)")
    public Response callback(@QueryParam("state") String state, @QueryParam("code") String code,
                             @QueryParam("error") String error, @QueryParam("error_description") String errorDescription) {
        Optional<LoginTransaction> consumed = transactions.consume(state);
        if (consumed.isEmpty()) {
            return transactions.peek(state)
                    .map(tx -> completion.fail(tx, new LoginFailed("invalid_request",
                            "this sign-in was already completed or has expired; please sign in again",
                            "state replayed or expired")))
                    .orElseGet(() -> BrowserPages.error(400, "Sign-in could not be completed",
                            "This sign-in link is not valid."));
        }
        LoginTransaction tx = consumed.get();
        if (error != null) {
            String passed = KNOWN_ERRORS.contains(error) ? error : "access_denied";
            return completion.fail(tx, new LoginFailed(passed, "the identity provider refused the sign-in",
                    "provider returned error " + error + (errorDescription == null ? "" : ": " + errorDescription)));
        }
        if (code == null || code.isBlank()) {
            return completion.fail(tx, new LoginFailed("invalid_request", "the identity provider sent no code",
                    "callback without code"));
        }
        try {
            UpstreamProvider provider;
            TenantSso.AttributeMapping mapping = null;
            String connectionId = null;
            if ("oidc".equals(tx.kind)) {
                TenantSso tenant = tenantClient.tenant(tx.tenantId)
                        .filter(t -> t.connection() != null && "oidc".equals(t.connection().type()))
                        .orElseThrow(() -> LoginFailed.invalidResponse("tenant " + tx.tenantId + " no longer has an OIDC connection"));
                provider = providers.forTenant(tenant);
                mapping = tenant.connection().attributeMapping();
                connectionId = tenant.connection().connectionId();
            } else {
                provider = providers.social(tx.provider);
            }
            return completion.succeed(tx, upstream.complete(provider, tx, code, mapping), provider.name(), connectionId);
        } catch (LoginFailed e) {
            return completion.fail(tx, e);
        } catch (ApiException e) {
            return completion.fail(tx, new LoginFailed("temporarily_unavailable", "sign-in is unavailable; try again shortly",
                    e.getMessage()));
        }
    }

}
