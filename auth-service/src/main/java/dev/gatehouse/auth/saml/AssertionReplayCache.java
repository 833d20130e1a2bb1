package dev.gatehouse.auth.saml;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;

/** Each assertion ID is accepted once per tenant, across all replicas (saml-profiles-2.0-os §4.1.4.5). */
@ApplicationScoped
public class AssertionReplayCache {

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    /**
     * True the first time this assertion is seen; false on every replay. {@code issuerScope} is the tenant id of a
     * SAML assertion, or {@code oauth-client:<id>} for a client's private_key_jwt assertion (tenant ids have no colon).
     */
    @Transactional
    public boolean firstUse(String issuerScope, String assertionId, Instant validUntil) {
        return em.createNativeQuery("""
                        insert into saml_assertion_seen (tenant_id, assertion_id, expires_at) values (?1, ?2, ?3)
                        on conflict do nothing""")
                .setParameter(1, issuerScope).setParameter(2, assertionId).setParameter(3, validUntil)
                .executeUpdate() == 1;
    }

    @Scheduled(every = "1h", delayed = "5m")
    @Transactional
    void purgeExpired() {
        em.createNativeQuery("delete from saml_assertion_seen where expires_at < ?1")
                .setParameter(1, Instant.now(clock).minusSeconds(3600)).executeUpdate();
    }
}
