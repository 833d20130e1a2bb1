package dev.gatehouse.auth.oidc;

import dev.gatehouse.auth.login.BrowserPages;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The way back to a client's registered redirect URI, in the response mode it asked for: the query (RFC 6749
 * §4.1.2) or an auto-submitted form (OAuth 2.0 Form Post Response Mode). Every answer names the issuer (RFC 9207)
 * and echoes {@code state}.
 */
public record ClientRedirect(String redirectUri, String responseMode, String state, String issuer) {

    public static final String QUERY = "query";
    public static final String FORM_POST = "form_post";

    public Response code(String code) {
        return send(Map.of("code", code));
    }

    public Response error(String error, String description) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("error", error);
        if (description != null) {
            params.put("error_description", description);
        }
        return send(params);
    }

    public Response error(OAuthError e) {
        return error(e.error(), e.getMessage());
    }

    private Response send(Map<String, String> first) {
        Map<String, String> params = new LinkedHashMap<>(first);
        if (state != null) {
            params.put("state", state);
        }
        params.put("iss", issuer);
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        if (FORM_POST.equals(responseMode)) {
            StringBuilder inputs = new StringBuilder();
            params.forEach((name, value) -> inputs.append("<input type=\"hidden\" name=\"").append(BrowserPages.escape(name))
                    .append("\" value=\"").append(BrowserPages.escape(value)).append("\">"));
            String html = """
                    <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Signing in…</title></head>
                    <body onload="document.forms[0].submit()"><form method="post" action="%s">%s
                    <noscript><button type="submit">Continue</button></noscript></form></body></html>
                    """.formatted(BrowserPages.escape(redirectUri), inputs);
            return Response.ok(html, MediaType.TEXT_HTML_TYPE.withCharset("utf-8")).cacheControl(noStore)
                    .header("Content-Security-Policy", "default-src 'none'; script-src 'unsafe-inline'; form-action " + origin())
                    .build();
        }
        StringBuilder query = new StringBuilder();
        params.forEach((name, value) -> query.append(query.isEmpty() ? "" : "&").append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return Response.seeOther(URI.create(redirectUri + (redirectUri.contains("?") ? "&" : "?") + query))
                .cacheControl(noStore).build();
    }

    /** The redirect URI's origin, which the form may post to (a registered, exact-match URI). */
    private String origin() {
        URI uri = URI.create(redirectUri);
        return uri.getHost() == null ? uri.getScheme() + ":" : uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
