package dev.gatehouse.auth.saml;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.login.LoginTransactions;
import dev.gatehouse.auth.tenants.TenantSso;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;

/**
 * SP-initiated SAML login: the request ID is remembered for InResponseTo and RelayState carries the login
 * transaction's state, so the ACS knows which login (and which redirect URL) the response answers.
 */
@ApplicationScoped
public class SamlLogin {

    @Inject
    LoginTransactions transactions;

    @Inject
    ServiceProvider sp;

    @Inject
    Clock clock;

    @Inject
    SpKeyPair spKeys;

    public String start(TenantSso tenant, String redirectUrl, boolean forceAuthn) {
        TenantSso.Connection connection = tenant.connection();
        if (connection.ssoUrl() == null || connection.certificates() == null || connection.certificates().isEmpty()) {
            throw ApiException.badRequest("E062302", "tenant " + tenant.id() + " has an incomplete SAML connection");
        }
        LoginTransactions.Started started = transactions.start("saml", tenant.id(), tenant.id(), redirectUrl, true);
        String xml = AuthnRequestBuilder.xml(started.transaction().samlRequestId, Instant.now(clock), connection.ssoUrl(),
                sp.acsUrl(tenant.id()), sp.entityId(tenant.id()), forceAuthn);
        return AuthnRequestBuilder.redirectUrl(connection.ssoUrl(), xml, started.state(),
                connection.signRequests() ? spKeys.privateKey() : null);
    }
}
