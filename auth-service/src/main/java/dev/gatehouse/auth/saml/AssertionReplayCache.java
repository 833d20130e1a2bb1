package dev.gatehouse.auth.saml;

import dev.gatehouse.auth.common.Jdbc;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;

/** Each assertion ID is accepted once per tenant, across all replicas (saml-profiles-2.0-os §4.1.4.5). */
@ApplicationScoped
public class AssertionReplayCache {

    @Inject
    DataSource dataSource;

    @Inject
    Clock clock;

    /**
     * True the first time this assertion is seen; false on every replay. {@code issuerScope} is the tenant id of a
     * SAML assertion, or {@code oauth-client:<id>} for a client's private_key_jwt assertion (tenant ids have no colon).
     */
    public boolean firstUse(String issuerScope, String assertionId, Instant validUntil) {
        return Jdbc.write(dataSource, "record an assertion id", connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into saml_assertion_seen (tenant_id, assertion_id, expires_at) values (?, ?, ?)
                    on conflict do nothing""")) {
                insert.setString(1, issuerScope);
                insert.setString(2, assertionId);
                insert.setTimestamp(3, Timestamp.from(validUntil));
                return insert.executeUpdate() == 1;
            }
        });
    }

    @Scheduled(every = "1h", delayed = "5m")
    void purgeExpired() {
        Jdbc.write(dataSource, "purge expired assertion ids", connection -> {
            try (PreparedStatement delete = connection.prepareStatement("delete from saml_assertion_seen where expires_at < ?")) {
                delete.setTimestamp(1, Timestamp.from(Instant.now(clock).minusSeconds(3600)));
                return delete.executeUpdate();
            }
        });
    }
}
