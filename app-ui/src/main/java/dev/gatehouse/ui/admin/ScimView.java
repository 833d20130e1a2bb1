package dev.gatehouse.ui.admin;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** The SSO page's directory-sync box: the SCIM base URL for the IdP, the tokens, and a new token shown once. */
public record ScimView(String baseUrl, List<Token> tokens, String newToken) {

    public record Token(String id, String created, String lastUsed, boolean revoked) {
    }

    static ScimView of(JsonNode list, String newToken) {
        List<Token> tokens = new ArrayList<>();
        for (JsonNode token : list.path("tokens")) {
            tokens.add(new Token(token.path("id").asText(), Instants.shown(token.path("createdAt").asText(null)),
                    token.path("lastUsedAt").isNull() ? "never" : Instants.shown(token.path("lastUsedAt").asText(null)),
                    !token.path("revokedAt").isNull() && !token.path("revokedAt").isMissingNode()));
        }
        return new ScimView(list.path("baseUrl").asText(), tokens, newToken);
    }
}
