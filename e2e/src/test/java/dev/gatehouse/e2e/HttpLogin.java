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
        String toAuth = keycloakLogin(http, keycloakUrl, username, password).location();
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

    /**
     * A browser signed in at Gatehouse's OpenID Provider: {@code /oauth2/authorize} straight to the "google" provider
     * (Keycloak), its login form, auth-service's callback and {@code /oauth2/continue}. Answers the provider's
     * session cookie ({@code gh_session=...}), with which the next authorize answers a code at once.
     */
    static String signInAtProvider(Stack stack, String clientId, String redirectUri, String username, String password,
                                   String clientAddress) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(stack.authUrl()
                        + "/oauth2/authorize?response_type=code&scope=openid&provider=google&client_id=" + encode(clientId)
                        + "&redirect_uri=" + encode(redirectUri) + "&code_challenge=" + Pkce.CHALLENGE
                        + "&code_challenge_method=S256")).header("X-Forwarded-For", clientAddress).build(),
                HttpResponse.BodyHandlers.ofString());
        String binding = cookies(started);
        String keycloakUrl = started.headers().firstValue("Location")
                .orElseThrow(() -> new IllegalStateException("/oauth2/authorize answered " + started.statusCode() + ": " + started.body()));
        String toAuth = keycloakLogin(http, keycloakUrl, username, password).location();
        HttpResponse<String> back = http.send(HttpRequest.newBuilder(URI.create(toAuth)).header("X-Forwarded-For", clientAddress).build(),
                HttpResponse.BodyHandlers.ofString());
        String toContinue = back.headers().firstValue("Location")
                .orElseThrow(() -> new IllegalStateException("auth-service's callback answered " + back.statusCode()));
        HttpResponse<String> continued = http.send(HttpRequest.newBuilder(URI.create(stack.authUrl()).resolve(toContinue))
                .header("Cookie", binding).header("X-Forwarded-For", clientAddress).build(), HttpResponse.BodyHandlers.ofString());
        return java.util.Arrays.stream(cookies(continued).split("; ")).filter(c -> c.startsWith("gh_session="))
                .findFirst().orElseThrow(() -> new IllegalStateException("/oauth2/continue answered " + continued.statusCode()
                        + " without a browser session: " + continued.headers().firstValue("Location").orElse("")));
    }

    /** One fixed PKCE pair (RFC 7636 appendix B): the benchmark measures the exchange, not the verifier's randomness. */
    static final class Pkce {
        static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

        private Pkce() {
        }
    }

    /** Where Keycloak sends the browser after its login form, and the cookies of Keycloak's own SSO session. */
    record KeycloakLogin(String location, String cookies) {
    }

    /** Keycloak's login form at {@code keycloakUrl}, filled in and posted, as a browser does. */
    static KeycloakLogin keycloakLogin(HttpClient http, String keycloakUrl, String username, String password)
            throws IOException, InterruptedException {
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(keycloakUrl)).build(), HttpResponse.BodyHandlers.ofString());
        // Keycloak marks its cookies Secure; browsers send them to http://localhost anyway, java.net's cookie jar not.
        String cookies = cookies(form);
        Matcher action = FORM_ACTION.matcher(form.body());
        if (!action.find()) {
            throw new IllegalStateException("Keycloak did not show its login form (" + form.statusCode() + ")");
        }
        HttpResponse<String> loggedIn = http.send(HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookies)
                .POST(HttpRequest.BodyPublishers.ofString("username=" + encode(username) + "&password=" + encode(password)
                        + "&credentialId=")).build(), HttpResponse.BodyHandlers.ofString());
        String location = loggedIn.headers().firstValue("Location")
                .orElseThrow(() -> new KeycloakRefused(loggedIn.statusCode()));
        String session = cookies(loggedIn);
        return new KeycloakLogin(location, session.isEmpty() ? cookies : cookies + "; " + session);
    }

    /** The name=value pairs a response sets, as one Cookie header. */
    static String cookies(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream().map(c -> c.substring(0, c.indexOf(';')))
                .filter(c -> !c.endsWith("=")).collect(java.util.stream.Collectors.joining("; "));
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
