package dev.gatehouse.tenant.tenants;

import dev.gatehouse.tenant.access.Caller;
import dev.gatehouse.tenant.audit.AuditLog;
import dev.gatehouse.tenant.common.ApiException;
import dev.gatehouse.tenant.common.Page;
import dev.gatehouse.common.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import dev.gatehouse.tenant.claims.ClaimsChanges;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

@ApplicationScoped
@Transactional
public class TenantService {

    @Inject
    ClaimsChanges claimsChanges;

    private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    @Inject
    Clock clock;

    @Inject
    AuditLog auditLog;

    @Inject
    DnsOwnershipCheck dns;

    @Inject
    Tenants tenants;

    @Inject
    SsoDomains domains;

    public TenantView create(Caller caller, TenantRequests.NewTenant request) {
        String id = request.id() == null ? Secrets.newId("T") : request.id();
        if (!TENANT_ID.matcher(id).matches()) {
            throw ApiException.badRequest("tenant id must be 1-64 letters, digits, '_' or '-', starting with a letter or digit");
        }
        if (tenants.find(id).isPresent()) {
            throw ApiException.conflict("a tenant with id " + id + " already exists");
        }
        String name = request.name().trim();
        requireUniqueName(name, null);
        Set<String> domains = normalised(request.domains());
        Instant now = Instant.now(clock);
        Tenant tenant = new Tenant();
        tenant.id = id;
        tenant.name = name;
        tenant.selfProvisioning = Boolean.TRUE.equals(request.selfProvisioning());
        tenant.ssoRequired = Boolean.TRUE.equals(request.ssoRequired());
        tenant.mfaRequired = Boolean.TRUE.equals(request.mfaRequired());
        tenant.createdAt = now;
        tenant.updatedAt = now;
        tenants.insert(tenant);
        for (String domain : domains) {
            claim(caller, tenant, domain, true);
        }
        auditLog.success(caller, "tenant.create", id, id);
        return view(tenant);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public TenantView get(String id) {
        return view(require(id));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<TenantView> list(String search, int page, int size) {
        String pattern = search == null || search.isBlank() ? null
                : "%" + escapeLike(search.trim().toLowerCase(Locale.ROOT)) + "%";
        return tenants.page(pattern, page, size).map(this::view);
    }

    public TenantView update(Caller caller, String id, TenantRequests.TenantUpdate request) {
        Tenant tenant = require(id);
        if (request.name() != null) {
            String name = request.name().trim();
            requireUniqueName(name, id);
            tenant.name = name;
        }
        if (request.selfProvisioning() != null) {
            tenant.selfProvisioning = request.selfProvisioning();
        }
        if (request.ssoRequired() != null) {
            tenant.ssoRequired = request.ssoRequired();
        }
        if (request.mfaRequired() != null) {
            tenant.mfaRequired = request.mfaRequired();
        }
        tenant.updatedAt = Instant.now(clock);
        tenants.save(tenant);
        claimsChanges.everyone();
        auditLog.success(caller, "tenant.update", id, id);
        return view(tenant);
    }

    public void delete(Caller caller, String id) {
        tenants.delete(require(id).id);
        claimsChanges.everyone();
        auditLog.success(caller, "tenant.delete", id, id);
    }

    /**
     * A project admin's claim is verified at once unless they ask otherwise (audited as such); everyone else's
     * starts pending until its DNS record proves ownership.
     */
    public TenantView addDomain(Caller caller, String tenantId, String domainInput, Boolean verified) {
        Tenant tenant = require(tenantId);
        String domain = DomainNames.normalise(domainInput);
        claim(caller, tenant, domain, caller instanceof Caller.ProjectAdmin && !Boolean.FALSE.equals(verified));
        tenant.updatedAt = Instant.now(clock);
        tenants.save(tenant);
        return view(tenant);
    }

    /** Looks up the domain's TXT record now; a project admin may instead force verification. */
    @Transactional(dontRollbackOn = ApiException.class)
    public TenantView verifyDomain(Caller caller, String tenantId, String domainInput, boolean force) {
        Tenant tenant = require(tenantId);
        String domain = DomainNames.normalise(domainInput);
        SsoDomain claim = domains.claim(domain, tenantId)
                .orElseThrow(() -> ApiException.notFound("tenant " + tenantId + " has no domain " + domain));
        if (claim.verified()) {
            return view(tenant);
        }
        if (force) {
            if (!(caller instanceof Caller.ProjectAdmin)) {
                throw ApiException.forbidden("only a project admin may verify a domain without DNS proof");
            }
        } else {
            DnsOwnershipCheck.Outcome outcome = dns.check(claim);
            claim.lastCheckedAt = Instant.now(clock);
            domains.save(claim);
            if (!outcome.proven()) {
                auditLog.failure(caller.auditName(), "tenant.domain.verify", tenantId, domain, outcome.reason());
                throw new ApiException(409, "Not verified", domain + " is not verified: " + outcome.reason());
            }
        }
        markVerified(caller, claim);
        return view(tenant);
    }

    /** A pending claim becomes the domain's one verified claim, unless another tenant proved it first. */
    void markVerified(Caller caller, SsoDomain claim) {
        Optional<SsoDomain> other = domains.verifiedClaim(claim.domain).filter(d -> !d.tenantId.equals(claim.tenantId));
        if (other.isPresent()) {
            throw ApiException.conflict("domain " + claim.domain + " is already verified by another tenant");
        }
        claim.status = SsoDomain.VERIFIED;
        claim.verifiedAt = Instant.now(clock);
        domains.save(claim);
        auditLog.success(caller, "tenant.domain.verify", claim.tenantId, claim.domain);
    }

    public void removeDomain(Caller caller, String tenantId, String domainInput) {
        require(tenantId);
        String domain = DomainNames.normalise(domainInput);
        SsoDomain claimed = domains.claim(domain, tenantId)
                .orElseThrow(() -> ApiException.notFound("tenant " + tenantId + " has no domain " + domain));
        domains.delete(claimed);
        auditLog.success(caller, "tenant.domain.remove", tenantId, domain);
    }

    /** Home-realm discovery: the tenant whose SSO domain matches the email's domain. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Tenant> findByEmailDomain(String email) {
        String domain = DomainNames.ofEmail(email);
        return domains.verifiedClaim(domain).flatMap(d -> tenants.find(d.tenantId));
    }

    public Tenant require(String id) {
        return find(id).orElseThrow(() -> ApiException.notFound("no tenant " + id));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Tenant> find(String id) {
        return tenants.find(id);
    }

    /** A tenant as the management API shows it, with its verified and pending domains. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public TenantView view(Tenant tenant) {
        return TenantView.of(tenant, domains);
    }

    /** The domains that route sign-ins to a tenant. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<String> verifiedDomains(String tenantId) {
        return domains.namesOf(tenantId);
    }

    /** Pending claims never block or take over a verified one; a verified claim blocks everyone else. */
    private void claim(Caller caller, Tenant tenant, String domain, boolean verifiedNow) {
        ClaimableDomains.requireClaimable(domain);
        Optional<SsoDomain> verified = domains.verifiedClaim(domain);
        if (verified.isPresent()) {
            if (verified.get().tenantId.equals(tenant.id)) {
                return;
            }
            // Only a project admin may learn which tenant holds a domain.
            String owner = caller instanceof Caller.ProjectAdmin ? " by tenant " + verified.get().tenantId : " by another tenant";
            auditLog.failure(caller.auditName(), "tenant.domain.add", tenant.id, domain, "already claimed");
            throw ApiException.conflict("domain " + domain + " is already claimed and verified" + owner);
        }
        SsoDomain claimed = domains.claim(domain, tenant.id).orElse(null);
        if (claimed == null) {
            claimed = new SsoDomain();
            claimed.domain = domain;
            claimed.tenantId = tenant.id;
            claimed.status = SsoDomain.PENDING;
            claimed.verificationToken = Secrets.newSecret();
            claimed.createdAt = Instant.now(clock);
            domains.insert(claimed);
            auditLog.success(caller, "tenant.domain.add", tenant.id, domain);
        }
        if (verifiedNow) {
            markVerified(caller, claimed);
        }
    }

    private void requireUniqueName(String name, String exceptId) {
        Tenant sameName = tenants.withName(name).orElse(null);
        if (sameName != null && !sameName.id.equals(exceptId)) {
            throw ApiException.conflict("a tenant named '" + name + "' already exists");
        }
    }

    private static Set<String> normalised(List<String> domains) {
        Set<String> result = new LinkedHashSet<>();
        if (domains != null) {
            domains.forEach(d -> result.add(DomainNames.normalise(d)));
        }
        return result;
    }

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
