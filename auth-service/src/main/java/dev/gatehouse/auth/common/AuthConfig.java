package dev.gatehouse.auth.common;

import dev.gatehouse.common.Text;
import dev.gatehouse.common.ProjectIdShape;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@ConfigMapping(prefix = "gatehouse")
public interface AuthConfig {

    /** Descope-shaped project id: {@code P} and 27 letters or digits; the Descope SDKs refuse shorter ones. */
    @WithConverter(ProjectIdShape.class)
    String projectId();

    /** This service's public base URL; the token issuer is {@code <public-url>/<project-id>}. */
    String publicUrl();

    /** Shared secret of the service-to-service calls (tenant-service's internal API, key rotation). */
    String internalToken();

    Keys keys();

    Session session();

    /** Where login flows may send the browser back to: {@code scheme://host[:port][/path-prefix]}. */
    List<String> redirectAllowList();

    RateLimit rateLimit();

    Login login();

    Saml saml();

    interface Saml {
        /** Allowed difference between our clock and the IdP's for NotBefore / NotOnOrAfter. */
        @WithDefault("PT2M")
        Duration clockSkew();

        /** Largest SAMLResponse accepted, before base64 decoding. */
        @WithDefault("262144")
        int maxResponseBytes();

        /** Where IdP-initiated logins land, for tenants that enable them; without it they are refused. */
        Optional<String> idpInitiatedRedirectUrl();
    }

    /** Social login providers by name (google, github, microsoft, or any OIDC provider). */
    Map<String, OAuthProvider> oauthProviders();

    interface Login {
        /** How long a user may take at the upstream provider before the login is void. */
        @WithDefault("PT10M")
        Duration transactionTtl();

        /** Timeout of calls to upstream token, userinfo and discovery endpoints. */
        @WithDefault("PT10S")
        Duration upstreamTimeout();
    }

    Outbound outbound();

    Oidc oidc();

    Email email();

    /** Sign-in by email: one-time codes and magic links (quarkus.mailer.* says which SMTP server sends them). */
    interface Email {
        @WithDefault("PT10M")
        Duration codeTtl();

        /** Wrong codes a challenge takes before it is void. */
        @WithDefault("5")
        int codeAttempts();

        @WithDefault("PT15M")
        Duration linkTtl();

        /** The name in the mails' subject and text. */
        @WithDefault("Gatehouse")
        String projectName();

        /**
         * A directory of replacement mail templates (Qute): {@code otp.txt}, {@code otp.html}, {@code magiclink.txt},
         * {@code magiclink.html}; a file missing there falls back to the built-in one.
         */
        Optional<String> templatesDir();

        /** Mails to one address per minute, whoever asks: a flood to one mailbox is throttled. */
        @WithDefault("3")
        int perAddressPerMinute();
    }

    /** The OpenID Provider face (design.md §3): {@code /oauth2/*}. */
    interface Oidc {
        /** How long a browser stays signed in at the provider (no second sign-in for another app, prompt=none). */
        @WithDefault("PT12H")
        Duration browserSessionTtl();

        /** Lifetime of an authorization code (RFC 6749 §4.1.2 recommends at most 10 minutes). */
        @WithDefault("PT60S")
        Duration codeTtl();

        /**
         * Whether clients may register plain-http redirect URIs on hosts other than loopback (a local demo under
         * a dev domain; never in production). Loopback http is always allowed (RFC 8252 §7.3).
         */
        @WithDefault("false")
        boolean allowHttpRedirectUris();
    }

    Passkeys passkeys();

    Mfa mfa();

    /** The project's second-factor policy; each tenant can require one too (tenant-service, {@code mfaRequired}). */
    interface Mfa {
        /**
         * Whether every user needs a second factor (TOTP or a passkey) in sessions that did not come through their
         * tenant's SSO: until the session has one, its tokens carry no roles or permissions, project-wide or in any
         * tenant, and {@code mfa_pending} lists every tenant and the project id.
         */
        @WithDefault("false")
        boolean requiredForProject();
    }

    /** Passkeys (WebAuthn Level 3): who the relying party is, and which web origins may run its ceremonies. */
    interface Passkeys {
        /**
         * The relying party id: a registrable domain of every origin below (passkeys are bound to it and cannot be
         * moved to another later). Defaults to the host of the first origin.
         */
        Optional<String> rpId();

        /** Shown by the browser and the authenticator when a passkey is created. */
        @WithDefault("Gatehouse")
        String rpName();

        /**
         * The web origins ({@code scheme://host[:port]}) whose pages may create and use passkeys; defaults to the
         * origins of {@code gatehouse.redirect-allow-list}, the apps that receive logins.
         */
        Optional<List<String>> origins();

        /** How long a ceremony (start to finish) may take. */
        @WithDefault("PT5M")
        Duration ceremonyTtl();
    }

    Claims claims();

    Audit audit();

    /** Audit events wait in auth-service's outbox until tenant-service has them (tenants/AuditTrail). */
    interface Audit {
        /** How often the relay sends what waits (besides right after each commit). */
        @WithDefault("5s")
        String relayInterval();
    }

    /**
     * The claims cache (tenants/UserDirectory): what tenant-service last said about a user, invalidated by
     * tenant-service on every change to the user's roles, memberships, status or existence.
     */
    interface Claims {
        /**
         * How long an answer is used without asking again. Invalidations make changes take effect at the next
         * refresh; this bounds how late one whose push was lost can be.
         */
        @WithDefault("PT5S")
        Duration freshFor();

        /**
         * An answer older than this but still fresh is asked for again in the background while the request goes on
         * with it, so that a user in steady use never finds their claims stale and waits for tenant-service. At or
         * above {@code fresh-for} it never happens; either way no answer older than {@code fresh-for} is used.
         */
        @WithDefault("PT4S")
        Duration refreshAfter();

        /**
         * How long, counted from the first failed call, refreshes go on from the last claims seen while
         * tenant-service cannot be reached; after that they fail closed with 503.
         */
        @WithDefault("PT60S")
        Duration outageGrace();

        /** While tenant-service is unreachable, it is asked again at most this often (the rest use the cache). */
        @WithDefault("PT1S")
        Duration retryGap();
    }

    /**
     * Requests to upstream providers (discovery, token, JWKS, userinfo), whose URLs tenant admins and setup-link
     * holders choose for tenant OIDC connections: design.md §6.
     */
    interface Outbound {
        /** Whether those URLs may point at loopback, private, link-local or other internal addresses (SSRF). */
        @WithDefault("false")
        boolean allowPrivateAddresses();

        /** Whether plain http is allowed besides https (a local demo; never in production). */
        @WithDefault("false")
        boolean allowHttp();
    }

    interface OAuthProvider {
        /** {@code oidc} (discovery from the issuer) or {@code github} (plain OAuth 2.0 with GitHub's user API). */
        @WithDefault("oidc")
        @WithConverter(ConfigShapes.ProviderType.class)
        String type();

        /** OIDC issuer; google and microsoft have well-known defaults. */
        Optional<String> issuer();

        String clientId();

        Optional<String> clientSecret();

        @WithDefault("openid email profile")
        String scopes();

        /** GitHub only: the web and API base URLs, for GitHub Enterprise Server (defaults: github.com). */
        @WithDefault("https://github.com")
        String githubUrl();

        @WithDefault("https://api.github.com")
        String githubApiUrl();

        /** How the client authenticates at the token endpoint: {@code basic} or {@code post}. */
        @WithDefault("basic")
        @WithConverter(ConfigShapes.TokenAuth.class)
        String tokenAuth();
    }

    interface Keys {
        /** Base64 of 32 random bytes; seals private signing keys at rest. Required: no default in prod. */
        String encryptionKey();

        /**
         * Key-encryption keys being rotated out: values sealed with them still open until the re-seal job has
         * moved everything to {@link #encryptionKey()} (deploy/README.md, "Rotating the key-encryption key").
         */
        Optional<List<String>> previousEncryptionKeys();

        @WithDefault("RS256")
        @WithConverter(ConfigShapes.SigningAlgorithm.class)
        String algorithm();

        @WithDefault("P30D")
        Duration rotationInterval();

        /** Sign with the native Amazon Corretto Crypto Provider when it loads (keys/NativeCrypto). */
        @WithDefault("true")
        boolean nativeCrypto();
    }

    interface Session {
        @WithDefault("PT10M")
        Duration sessionTtl();

        @WithDefault("P30D")
        Duration refreshTtl();

        /** Concurrent refreshes of one session within this interval all succeed (two tabs, parallel calls). */
        @WithDefault("PT10S")
        Duration reuseInterval();

        @WithDefault("PT60S")
        Duration codeTtl();
    }

    interface RateLimit {
        /** Requests per minute per client IP on code exchange. */
        @WithDefault("60")
        int exchangePerMinute();

        /** Requests per minute per client IP on refresh. */
        @WithDefault("120")
        int refreshPerMinute();

        /** Requests per minute per client IP on login starts. */
        @WithDefault("60")
        int loginPerMinute();

        /** Sign-in mails (codes, links) per minute per client IP. */
        @WithDefault("10")
        int emailPerMinute();
    }

    default String issuer() {
        return Text.withoutTrailingSlashes(publicUrl()) + "/" + projectId();
    }
}
