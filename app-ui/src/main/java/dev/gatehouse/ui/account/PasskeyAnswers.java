package dev.gatehouse.ui.account;

import dev.gatehouse.ui.UiConfig;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.Map;

/** What the passkey pages' script exchanges with app-ui: the origin it runs on, finish bodies, and errors it shows. */
public final class PasskeyAnswers {

    private PasskeyAnswers() {
    }

    /** This app's web origin, the one the browser puts in the ceremony's client data. */
    public static String origin(UiConfig config) {
        URI uri = URI.create(config.publicUrl());
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    public static Map<String, Object> finishBody(String transactionId, String response) {
        return Map.of("transactionId", transactionId == null ? "" : transactionId, "response", response == null ? "" : response);
    }

    /** auth-service's refusal in words for the page: its detail when it gave one (they are written for people). */
    public static Response refused(WebApplicationException e, String fallback) {
        int status = e.getResponse() == null ? 502 : e.getResponse().getStatus();
        String detail = null;
        try {
            Map<?, ?> problem = e.getResponse().readEntity(Map.class);
            detail = problem == null ? null : (String) problem.get("detail");
        } catch (RuntimeException ignored) {
            // not a problem document
        }
        return error(status >= 500 ? 502 : status, detail == null || detail.isEmpty() ? fallback
                : fallback + " " + Character.toUpperCase(detail.charAt(0)) + detail.substring(1) + (detail.endsWith(".") ? "" : "."));
    }

    public static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("error", message)).build();
    }
}
