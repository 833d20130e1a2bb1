package dev.gatehouse.auth.common;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Redirect URLs must match a configured entry (OAuth 2.0 Security BCP §4.1: exact matching, no open
 * redirects): same scheme, host and port, and a path equal to or below the entry's path.
 */
@ApplicationScoped
public class RedirectAllowList {

    private final List<URI> allowed;

    @Inject
    public RedirectAllowList(AuthConfig config) {
        this.allowed = config.redirectAllowList().stream().map(entry -> {
            URI uri = parse(entry);
            if (uri == null || uri.getHost() == null) {
                throw new IllegalStateException("gatehouse.redirect-allow-list entry is not an absolute URL: " + entry);
            }
            return uri;
        }).toList();
    }

    /** Returns the URL when allowed; otherwise a 400 that says so. */
    public String require(String redirectUrl) {
        if (redirectUrl == null || redirectUrl.isBlank()) {
            throw ApiException.badRequest("E011001", "redirectURL is required");
        }
        if (!isAllowed(redirectUrl)) {
            throw ApiException.badRequest("E011002", "redirectURL is not in the allow-list of this project");
        }
        return redirectUrl;
    }

    public boolean isAllowed(String redirectUrl) {
        URI candidate = parse(redirectUrl);
        if (candidate == null || candidate.getHost() == null || candidate.getRawUserInfo() != null
                || candidate.getRawFragment() != null) {
            return false;
        }
        String path = normalisedPath(candidate);
        if (path == null) {
            return false;
        }
        for (URI entry : allowed) {
            if (entry.getScheme().equalsIgnoreCase(candidate.getScheme())
                    && entry.getHost().equalsIgnoreCase(candidate.getHost())
                    && port(entry) == port(candidate)
                    && pathWithin(path, normalisedPath(entry))) {
                return true;
            }
        }
        return false;
    }

    private static boolean pathWithin(String path, String prefix) {
        if (prefix.isEmpty() || prefix.equals("/")) {
            return true;
        }
        String base = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return path.equals(base) || path.startsWith(base + "/");
    }

    /** Refuses dot segments and encoded slashes, which could climb out of an allowed prefix. */
    private static String normalisedPath(URI uri) {
        String raw = uri.getRawPath() == null ? "" : uri.getRawPath();
        String lower = raw.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%2e") || raw.contains("\\")) {
            return null;
        }
        for (String segment : raw.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                return null;
            }
        }
        return raw;
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static URI parse(String value) {
        try {
            URI uri = new URI(value.trim());
            String scheme = uri.getScheme();
            return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
