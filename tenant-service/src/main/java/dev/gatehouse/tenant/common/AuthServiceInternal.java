package dev.gatehouse.tenant.common;

import dev.gatehouse.common.Text;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * auth-service's internal API as tenant-service calls it ({@code /internal/*}): where it is
 * ({@code gatehouse.auth.internal-url}), the internal token every call carries, and one HTTP client for all calls.
 */
@ApplicationScoped
public class AuthServiceInternal {

    @Inject
    TenantServiceConfig config;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The address of {@code path} at auth-service, or empty when no internal URL is configured (blank is none). */
    public Optional<URI> uri(String path) {
        return config.auth().internalUrl().filter(url -> !url.isBlank())
                .map(base -> URI.create(Text.withoutTrailingSlashes(base) + path));
    }

    /** A request to {@code uri} that gives up after {@code timeout}, carrying the internal token. */
    public HttpRequest.Builder request(URI uri, Duration timeout) {
        return HttpRequest.newBuilder(uri).timeout(timeout).header("Authorization", "Bearer " + config.internalToken());
    }

    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) throws IOException, InterruptedException {
        return http.send(request, body);
    }
}
