package dev.gatehouse.auth.oidc;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import java.net.URI;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The web origins of the clients' registered redirect URIs: the only origins whose scripts (single-page apps,
 * public clients) may call the token, userinfo and revocation endpoints across origins (CORS). Kept in memory,
 * so that a preflight never waits for the database; reloaded when a client changes here and every 30 s for the
 * changes other replicas made.
 */
@ApplicationScoped
public class ClientOrigins {

    private volatile Set<String> origins = Set.of();

    public boolean contains(String origin) {
        return origins.contains(origin);
    }

    void load(@Observes StartupEvent started) {
        reload();
    }

    @Scheduled(every = "30s", delayed = "30s")
    @Transactional
    void reload() {
        origins = OAuthClient.<OAuthClient>listAll().stream()
                .flatMap(client -> Arrays.stream(client.redirectUris))
                .map(ClientOrigins::originOf)
                .filter(origin -> origin != null)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** {@code scheme://host[:port]} as a browser sends it in {@code Origin}, or null for a URI without one. */
    static String originOf(String uri) {
        URI parsed = URI.create(uri);
        if (parsed.getHost() == null || !(parsed.getScheme().equals("https") || parsed.getScheme().equals("http"))) {
            return null;
        }
        return parsed.getScheme() + "://" + parsed.getRawAuthority();
    }
}
