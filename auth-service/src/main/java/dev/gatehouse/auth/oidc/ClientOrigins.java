package dev.gatehouse.auth.oidc;

import dev.gatehouse.common.Jdbc;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.Set;

/**
 * The web origins of the clients' registered redirect URIs: the only origins whose scripts (single-page apps,
 * public clients) may call the token, userinfo and revocation endpoints across origins (CORS). Kept in memory,
 * so that a preflight never waits for the database; reloaded when a client changes here and every 30 s for the
 * changes other replicas made (one column read).
 */
@ApplicationScoped
public class ClientOrigins {

    @Inject
    DataSource dataSource;

    private volatile Set<String> origins = Set.of();

    public boolean contains(String origin) {
        return origins.contains(origin);
    }

    void load(@Observes StartupEvent started) {
        reload();
    }

    /** A client registered, changed or deleted here: read again once that change is committed (and only then). */
    void clientsChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) ClientsChanged changed) {
        reload();
    }

    /** Fired inside the transaction that registers, changes or deletes a client. */
    public record ClientsChanged(String clientId) {
    }

    @Scheduled(every = "30s", delayed = "30s")
    void reload() {
        origins = Jdbc.read(dataSource, "the clients' redirect URIs", connection -> {
            Set<String> found = new HashSet<>();
            try (PreparedStatement select = connection.prepareStatement("select unnest(redirect_uris) from oauth_client");
                 ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    String origin = originOf(row.getString(1));
                    if (origin != null) {
                        found.add(origin);
                    }
                }
            }
            return Set.copyOf(found);
        });
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
