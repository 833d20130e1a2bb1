package dev.gatehouse.tenant.events;

import dev.gatehouse.common.Jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Where a project's events are POSTed. The signing secret is sealed with the secret key, never returned again. */
public class WebhookEndpoint {

    static final String COLUMNS = """
            id, url, description, event_types, secret, previous_secret, previous_secret_until, enabled, created_at,
            updated_at""";
    public String id;
    public String url;
    public String description;
    /** {@code *}, or the subscribed types between commas: {@code ,user.created,role.granted,}. */
    public String eventTypes;
    public String secret;
    public String previousSecret;
    public Instant previousSecretUntil;
    public boolean enabled;
    public Instant createdAt;
    public Instant updatedAt;

    List<String> eventTypeList() {
        return eventTypes.equals("*") ? List.of("*")
                : Arrays.stream(eventTypes.split(",")).filter(t -> !t.isEmpty()).toList();
    }

    static WebhookEndpoint from(ResultSet row) throws SQLException {
        WebhookEndpoint endpoint = new WebhookEndpoint();
        endpoint.id = row.getString(1);
        endpoint.url = row.getString(2);
        endpoint.description = row.getString(3);
        endpoint.eventTypes = row.getString(4);
        endpoint.secret = row.getString(5);
        endpoint.previousSecret = row.getString(6);
        endpoint.previousSecretUntil = Jdbc.instant(row.getTimestamp(7));
        endpoint.enabled = row.getBoolean(8);
        endpoint.createdAt = Jdbc.instant(row.getTimestamp(9));
        endpoint.updatedAt = Jdbc.instant(row.getTimestamp(10));
        return endpoint;
    }

    static String storedTypes(List<String> types) {
        return types.contains("*") ? "*" : "," + String.join(",", types) + ",";
    }
}
