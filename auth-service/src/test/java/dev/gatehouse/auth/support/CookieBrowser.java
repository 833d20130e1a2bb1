package dev.gatehouse.auth.support;

import io.restassured.RestAssured;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A browser for the provider face's tests: keeps cookies, follows redirects one at a time (auth-service's public URL,
 * port 8081 in the test profile, is read as the port the test instance really listens on) and stops at the first
 * redirect that leaves for the client.
 */
public final class CookieBrowser {

    private static final String CONFIGURED_BASE = "http://localhost:8081";
    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** Where the browser ended: a page (its URL in {@code location}) or a redirect to the client (its target). */
    public record Stop(int status, URI location, String body) {
    }

    public static String base() {
        return "http://localhost:" + RestAssured.port;
    }

    /** Opens {@code url} and follows redirects until a page answers or one goes to a URL starting with {@code clientPrefix}. */
    public Stop open(String url, String clientPrefix) {
        URI current = URI.create(local(url));
        for (int hops = 0; hops < 10; hops++) {
            HttpResponse<String> response = get(current);
            String location = response.headers().firstValue("Location").orElse(null);
            if (response.statusCode() / 100 != 3 || location == null) {
                return new Stop(response.statusCode(), current, response.body());
            }
            URI next = current.resolve(location);
            if (next.toString().startsWith(clientPrefix)) {
                return new Stop(response.statusCode(), next, response.body());
            }
            current = URI.create(local(next.toString()));
        }
        throw new AssertionError("more than 10 redirects from " + url);
    }

    /** A form post from a page of ours (the logout confirmation). */
    public HttpResponse<String> post(String path, String form) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base() + path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private HttpResponse<String> get(URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("GET " + uri + " failed", e);
        }
    }

    private static String local(String url) {
        return url.startsWith(CONFIGURED_BASE) ? base() + url.substring(CONFIGURED_BASE.length()) : url;
    }
}
