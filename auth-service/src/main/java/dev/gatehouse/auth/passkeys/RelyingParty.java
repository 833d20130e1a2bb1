package dev.gatehouse.auth.passkeys;

import dev.gatehouse.auth.common.AuthConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who we are to authenticators (WebAuthn §5.1.4.1 "relying party"): the RP id passkeys are bound to, and the web
 * origins whose pages may run ceremonies. Each origin's host must be the RP id or under it, checked at start-up,
 * so a misconfiguration fails the boot rather than every ceremony.
 */
@ApplicationScoped
public class RelyingParty {

    private final String id;
    private final String name;
    private final Set<String> origins;

    @Inject
    public RelyingParty(AuthConfig config) {
        AuthConfig.Passkeys passkeys = config.passkeys();
        List<String> configured = passkeys.origins().orElse(config.redirectAllowList());
        Set<String> normalized = new LinkedHashSet<>();
        for (String entry : configured) {
            normalized.add(origin(entry));
        }
        this.origins = Set.copyOf(normalized);
        this.id = passkeys.rpId().orElseGet(() -> URI.create(normalized.iterator().next()).getHost());
        this.name = passkeys.rpName();
        for (String origin : normalized) {
            String host = URI.create(origin).getHost();
            if (!host.equals(id) && !host.endsWith("." + id)) {
                throw new IllegalStateException("gatehouse.passkeys: origin " + origin + " is not under the relying party id " + id);
            }
        }
    }

    /** {@code scheme://host[:port]} of a URL. */
    static String origin(String url) {
        URI uri = URI.create(url.trim());
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalStateException("gatehouse.passkeys: " + url + " is not an absolute URL");
        }
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Set<String> origins() {
        return origins;
    }

    public boolean allows(String origin) {
        try {
            return origin != null && origins.contains(origin(origin));
        } catch (RuntimeException e) {
            return false;
        }
    }
}
