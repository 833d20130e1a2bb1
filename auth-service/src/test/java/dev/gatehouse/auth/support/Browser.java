package dev.gatehouse.auth.support;

import io.restassured.RestAssured;
import io.restassured.response.Response;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a browser does between the app, auth-service and an IdP, one redirect at a time. */
public final class Browser {

    private Browser() {
    }

    /** Follows the IdP's authorization URL (which answers with a redirect to our callback) and returns its query. */
    public static Map<String, String> visitIdp(String authorizationUrl) {
        Response idp = RestAssured.given().urlEncodingEnabled(false).redirects().follow(false).get(authorizationUrl);
        if (idp.statusCode() / 100 != 3) {
            throw new AssertionError("IdP answered " + idp.statusCode() + ": " + idp.asString());
        }
        return query(idp.header("Location"));
    }

    /** Our callback with the given query; returns its redirect target. */
    public static URI callback(Map<String, String> query) {
        Response response = RestAssured.given().redirects().follow(false).queryParams(query).get("/v1/oauth/callback");
        if (response.statusCode() != 303) {
            throw new AssertionError("callback answered " + response.statusCode() + ": " + response.asString());
        }
        return URI.create(response.header("Location"));
    }

    public static Map<String, String> query(String url) {
        Map<String, String> params = new LinkedHashMap<>();
        String query = URI.create(url).getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }
}
