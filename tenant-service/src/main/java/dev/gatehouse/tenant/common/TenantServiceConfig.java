package dev.gatehouse.tenant.common;

import dev.gatehouse.common.ProjectIdShape;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "gatehouse")
public interface TenantServiceConfig {

    /** Descope-shaped project id: {@code P} and 27 letters or digits. */
    @WithConverter(ProjectIdShape.class)
    String projectId();

    /** Management key accepted from the start, so an operator can create the first real keys. */
    Optional<String> bootstrapManagementKey();

    /** Bearer secret that auth-service presents on {@code /internal/*}. */
    String internalToken();

    /** Base64 of 32 random bytes: encrypts the OIDC client secrets of tenant connections at rest. */
    String secretKey();

    /** Secret keys being rotated out: still open what they sealed until the re-seal job has run. */
    Optional<List<String>> previousSecretKeys();

    /** auth-service as this service sees it: where session JWTs come from and where SP endpoints live. */
    Auth auth();

    Saml saml();

    Domains domains();

    interface Domains {
        /** DNS server for ownership checks, {@code host[:port]}; the system's resolvers when unset. */
        Optional<String> dnsServer();

        @WithDefault("PT3S")
        Duration dnsTimeout();

        /** How often pending domains are looked up again. */
        @WithDefault("PT15M")
        Duration recheckInterval();

        /** How long a domain may stay pending before its claim is dropped. */
        @WithDefault("P7D")
        Duration pendingTtl();
    }

    interface Auth {
        /** Public URL of auth-service; the SP details and the expected {@code iss} derive from it. */
        String publicUrl();

        /**
         * auth-service's base URL for service-to-service calls (claims invalidations). Without it, no invalidation
         * is sent and a change reaches tokens within auth-service's {@code gatehouse.claims.fresh-for}.
         */
        Optional<String> internalUrl();

        /** Where auth-service's JWKS is fetched from (often an internal URL). */
        String jwksUrl();

    }

    interface Saml {
        @WithDefault("PT6H")
        Duration metadataRefreshInterval();

        @WithDefault("PT10S")
        Duration metadataFetchTimeout();

        @WithDefault("1048576")
        int metadataMaxBytes();
    }

    Outbound outbound();

    Webhooks webhooks();

    Invitations invitations();

    Scim scim();

    interface Scim {
        /**
         * The public base URL the tenants' IdPs reach SCIM at ({@code <url>/scim/v2/<tenant>}); without it, the URL
         * this service was called at (right for direct calls, not behind app-ui or an Ingress on another host).
         */
        Optional<String> publicUrl();

        /** Requests each SCIM token may make per minute (an IdP's full sync is bursty: keep it generous). */
        @WithDefault("1200")
        int requestsPerMinute();
    }

    interface Invitations {
        /** The page of the app (app-ui) where an invitation link lands; the token is added as {@code ?invitation=}. */
        @WithDefault("http://localhost:8080/invitations/accept")
        String acceptUrl();

        @WithDefault("P7D")
        Duration validFor();

        /** At most this many invitations (and resends) per tenant and hour: a tenant's admin cannot mail-bomb. */
        @WithDefault("100")
        int perTenantPerHour();
    }

    /** Delivery of events to webhook endpoints (Standard Webhooks), from the outbox. */
    interface Webhooks {
        /** How often due deliveries are looked for. */
        @WithDefault("1s")
        String pollInterval();

        /** The wait before the first retry; each further one waits twice as long, up to {@link #maxRetryDelay()}. */
        @WithDefault("PT5S")
        Duration firstRetryDelay();

        @WithDefault("PT1H")
        Duration maxRetryDelay();

        /** How long after the event a failing delivery is retried before it is dead-lettered. */
        @WithDefault("PT24H")
        Duration retryFor();

        /** Connect and answer timeout of one delivery attempt. */
        @WithDefault("PT10S")
        Duration timeout();

        /** How long the previous secret still signs (beside the new one) after a rotation. */
        @WithDefault("PT24H")
        Duration previousSecretGrace();
    }

    /** Requests to URLs that tenant admins and setup-link holders give us (metadata, discovery): design.md §6. */
    interface Outbound {
        /**
         * Whether those URLs may point at loopback, private, link-local or other internal addresses. Off in
         * production: a tenant admin must not make this service fetch from the internal network (SSRF).
         */
        @WithDefault("false")
        boolean allowPrivateAddresses();

        /** Whether plain http is allowed besides https. Off in production. */
        @WithDefault("false")
        boolean allowHttp();
    }
}
