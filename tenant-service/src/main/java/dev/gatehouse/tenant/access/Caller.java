package dev.gatehouse.tenant.access;

import java.util.Set;

/** Who is making the current request, as established by {@link CallerFilter}. */
public sealed interface Caller {

    /** The name written into audit events: key id, user id or link id, never a secret. */
    String auditName();

    /** Holder of a management key: may do everything in the project. */
    record ProjectAdmin(String keyId) implements Caller {
        @Override
        public String auditName() {
            return "key:" + keyId;
        }
    }

    /**
     * A signed-in user, by a session JWT of auth-service. What they may do is decided per tenant; in a tenant listed
     * in {@code mfaPending} (its second-factor policy not met by this session) nothing.
     */
    record SessionUser(String userId, Set<String> mfaPending) implements Caller {
        @Override
        public String auditName() {
            return "user:" + userId;
        }
    }

    /** Bearer of a self-service setup link: may set up one tenant's SSO, domains and mappings. */
    record SetupLinkHolder(String linkId, String tenantId) implements Caller {
        @Override
        public String auditName() {
            return "link:" + linkId;
        }
    }

    /** auth-service calling the internal API. */
    record InternalService() implements Caller {
        @Override
        public String auditName() {
            return "service:auth";
        }
    }

    /** The system itself (scheduled jobs). */
    record System() implements Caller {
        @Override
        public String auditName() {
            return "system";
        }
    }
}
