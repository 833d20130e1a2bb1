package dev.gatehouse.tenant.sso;

import dev.gatehouse.common.outbound.OutboundHttp;
import dev.gatehouse.common.outbound.OutboundPolicy;
import dev.gatehouse.common.outbound.OutboundRefused;
import dev.gatehouse.tenant.common.ApiException;
import dev.gatehouse.tenant.common.TenantServiceConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Fetches IdP metadata and OIDC discovery documents that admins point us at, through the one outbound policy
 * (common's {@link OutboundHttp}): https only and public addresses only unless configured for local use, each
 * host resolved once and connected to as checked, every redirect checked again, bounded in size and time.
 */
@ApplicationScoped
public class OutboundFetcher {

    private final OutboundHttp http;

    @Inject
    public OutboundFetcher(TenantServiceConfig config) {
        TenantServiceConfig.Outbound outbound = config.outbound();
        OutboundPolicy policy = OutboundPolicy.of(outbound.allowHttp(), outbound.allowPrivateAddresses());
        this.http = new OutboundHttp(policy, config.saml().metadataFetchTimeout(), config.saml().metadataMaxBytes());
    }

    public String fetch(String url, String what) {
        try {
            OutboundHttp.Answer answer = http.get(url, Map.of("Accept", "application/samlmetadata+xml, application/json, */*"));
            if (answer.status() != 200) {
                throw ApiException.badRequest(what + " URL answered HTTP " + answer.status());
            }
            return new String(answer.body(), StandardCharsets.UTF_8);
        } catch (OutboundRefused e) {
            throw ApiException.badRequest(what + " URL " + e.getMessage());
        } catch (IOException e) {
            throw ApiException.badRequest(what + " could not be fetched from " + url + ": " + e.getClass().getSimpleName());
        }
    }

    /** A URL we hand to browsers (the IdP's SSO URL): the same scheme rule, nothing fetched. */
    URI checkedUri(String url, String what) {
        try {
            return http.checkedUri(url);
        } catch (OutboundRefused e) {
            throw ApiException.badRequest(what + " URL " + e.getMessage());
        }
    }

    @PreDestroy
    void close() throws IOException {
        http.close();
    }
}
