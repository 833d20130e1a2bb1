package dev.gatehouse.tenant.sso;

import dev.gatehouse.tenant.common.ApiException;
import dev.gatehouse.tenant.common.TenantServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Fetches IdP metadata and OIDC discovery documents that admins point us at: http(s) only, with timeouts,
 * a size limit, no redirects, and (unless configured otherwise) no internal addresses.
 */
@ApplicationScoped
public class OutboundFetcher {

    private final TenantServiceConfig.Saml config;
    private final HttpClient client;

    @Inject
    public OutboundFetcher(TenantServiceConfig config) {
        this.config = config.saml();
        this.client = HttpClient.newBuilder()
                .connectTimeout(this.config.metadataFetchTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public String fetch(String url, String what) {
        URI uri = checkedUri(url, what);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(config.metadataFetchTimeout()).GET().build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw ApiException.badRequest(what + " URL answered HTTP " + response.statusCode());
                }
                byte[] bytes = body.readNBytes(config.metadataMaxBytes() + 1);
                if (bytes.length > config.metadataMaxBytes()) {
                    throw ApiException.badRequest(what + " is larger than " + config.metadataMaxBytes() + " bytes");
                }
                return new String(bytes, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw ApiException.badRequest(what + " could not be fetched from " + uri + ": " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.badRequest(what + " fetch was interrupted");
        }
    }

    URI checkedUri(String url, String what) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(what + " URL is not a valid URL");
        }
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw ApiException.badRequest(what + " URL must be an absolute http or https URL");
        }
        if (!config.fetchFromPrivateAddresses()) {
            try {
                for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                    if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                            || address.isAnyLocalAddress() || address.isMulticastAddress()) {
                        throw ApiException.badRequest(what + " URL points at an internal address, which is not allowed");
                    }
                }
            } catch (UnknownHostException e) {
                throw ApiException.badRequest(what + " URL host " + uri.getHost() + " does not resolve");
            }
        }
        return uri;
    }
}
