package dev.gatehouse.tenant.tenants;

import dev.gatehouse.tenant.access.Caller;
import dev.gatehouse.tenant.audit.AuditLog;
import dev.gatehouse.tenant.common.ApiException;
import dev.gatehouse.tenant.common.TenantServiceConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Looks up pending domains again on a schedule; drops claims that stayed unproven too long. */
@ApplicationScoped
public class PendingDomains {

    private static final Logger LOG = Logger.getLogger(PendingDomains.class);

    @Inject
    DnsOwnershipCheck dns;

    @Inject
    TenantService tenants;

    @Inject
    AuditLog auditLog;

    @Inject
    TenantServiceConfig config;

    @Inject
    Clock clock;

    @Inject
    SsoDomains domains;

    @Scheduled(every = "${gatehouse.domains.recheck-interval}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void recheck() {
        List<Key> pending = QuarkusTransaction.requiringNew().call(() -> domains.allPending()
                .stream().map(claim -> new Key(claim.domain, claim.tenantId)).toList());
        pending.forEach(this::recheck);
    }

    private record Key(String domain, String tenantId) {
    }

    void recheck(Key key) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                SsoDomain claim = domains.claim(key.domain(), key.tenantId()).orElse(null);
                if (claim == null || claim.verified()) {
                    return;
                }
                Instant now = Instant.now(clock);
                if (claim.createdAt.plus(config.domains().pendingTtl()).isBefore(now)) {
                    domains.delete(claim);
                    auditLog.success(new Caller.System(), "tenant.domain.expire", claim.tenantId, claim.domain);
                    return;
                }
                claim.lastCheckedAt = now;
                domains.save(claim);
                if (dns.check(claim).proven()) {
                    tenants.markVerified(new Caller.System(), claim);
                }
            });
        } catch (ApiException e) {
            LOG.infof("domain %s of tenant %s stays pending: %s", key.domain(), key.tenantId(), e.getMessage());
        }
    }
}
