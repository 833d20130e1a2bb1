package dev.gatehouse.tenant.events;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Where a project's events are POSTed. The signing secret is sealed with the secret key, never returned again. */
@Entity
@Table(name = "webhook_endpoint")
public class WebhookEndpoint extends PanacheEntityBase {

    @Id
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

    static String storedTypes(List<String> types) {
        return types.contains("*") ? "*" : "," + String.join(",", types) + ",";
    }
}
