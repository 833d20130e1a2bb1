package dev.gatehouse.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real social login without a browser: auth-service's authorize call, Keycloak's login form filled in over
 * HTTP, auth-service's callback, and the code exchange, as an SDK-based app does it. {@code clientAddress} is the
 * X-Forwarded-For of a trusted proxy in front of auth-service: every soak session is its own client.
 */
final class HttpLogin {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    record Tokens(String sessionJwt, String refreshJwt) {
    }

    /**
     * Keycloak shares the suite's PostgreSQL, which the chaos soak restarts: its pool then hands out one dead
     * connection, and that login fails with a 400. A login is tried again from the start, at most three times.
     */
    static Tokens signIn(Stack stack, String username, String password, String clientAddress) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return signInOnce(stack, username, password, clientAddress);
            } catch (KeycloakRefused e) {
                if (attempt == 3) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    private static final class KeycloakRefused extends IllegalStateException {
        KeycloakRefused(int status) {
            super("Keycloak refused the login (" + status + ")");
        }
    }

    private static Tokens signInOnce(Stack stack, String username, String password, String clientAddress)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        String callback = stack.uiUrl() + "/auth/callback";
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(stack.authUrl()
                        + "/v1/auth/oauth/authorize?provider=google&redirectURL=" + encode(callback)))
                .header("Authorization", "Bearer " + Stack.PROJECT_ID).header("X-Forwarded-For", clientAddress)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        String keycloakUrl = json(started, "login start").path("url").asText();
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(keycloakUrl)).build(), HttpResponse.BodyHandlers.ofString());
        // Keycloak marks its cookies Secure; browsers send them to http://localhost anyway, java.net's cookie jar not.
        String cookies = form.headers().allValues("Set-Cookie").stream().map(c -> c.substring(0, c.indexOf(';')))
                .collect(java.util.stream.Collectors.joining("; "));
        Matcher action = FORM_ACTION.matcher(form.body());
        if (!action.find()) {
            throw new IllegalStateException("Keycloak did not show its login form (" + form.statusCode() + ")");
        }
        HttpResponse<String> loggedIn = http.send(HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookies)
                .POST(HttpRequest.BodyPublishers.ofString("username=" + encode(username) + "&password=" + encode(password)
                        + "&credentialId=")).build(), HttpResponse.BodyHandlers.ofString());
        String toAuth = loggedIn.headers().firstValue("Location")
                .orElseThrow(() -> new KeycloakRefused(loggedIn.statusCode()));
        HttpResponse<String> back = http.send(HttpRequest.newBuilder(URI.create(toAuth)).header("X-Forwarded-For", clientAddress).build(),
                HttpResponse.BodyHandlers.ofString());
        String toApp = back.headers().firstValue("Location")
                .orElseThrow(() -> new IllegalStateException("auth-service's callback answered " + back.statusCode()));
        String code = URI.create(toApp).getQuery().replaceFirst("^.*\\bcode=([^&]+).*$", "$1");
        HttpResponse<String> exchanged = http.send(HttpRequest.newBuilder(URI.create(stack.authUrl() + "/v1/auth/oauth/exchange"))
                .header("Authorization", "Bearer " + Stack.PROJECT_ID).header("X-Forwarded-For", clientAddress)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(java.util.Map.of("code", code)))).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode tokens = json(exchanged, "code exchange");
        return new Tokens(tokens.path("sessionJwt").asText(), tokens.path("refreshJwt").asText());
    }

    private static JsonNode json(HttpResponse<String> response, String step) throws IOException {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(step + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
