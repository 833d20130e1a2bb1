package dev.gatehouse.auth.saml;

import dev.gatehouse.common.Jdbc;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
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
        return Jdbc.update(dataSource, "record an assertion id", """
                    insert into saml_assertion_seen (tenant_id, assertion_id, expires_at) values (?, ?, ?)
                    on conflict do nothing""",
                issuerScope, assertionId, validUntil) == 1;
    }

    @Scheduled(every = "1h", delayed = "5m")
    void purgeExpired() {
        Jdbc.update(dataSource, "purge expired assertion ids", "delete from saml_assertion_seen where expires_at < ?",
                Instant.now(clock).minusSeconds(3600));
    }
}
