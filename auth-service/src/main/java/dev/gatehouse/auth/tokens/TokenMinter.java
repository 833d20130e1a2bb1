package dev.gatehouse.auth.tokens;

import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.auth.keys.KeyMaterial;
import dev.gatehouse.auth.keys.KeyRing;
import dev.gatehouse.auth.session.LoginMethods;
import dev.gatehouse.auth.tenants.UserProfile;
import dev.gatehouse.common.Secrets;
import dev.gatehouse.auth.keys.NativeCrypto;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The one place where Gatehouse tokens are minted (design.md §4), for both API faces. */
@ApplicationScoped
public class TokenMinter {

    /** Descope's token-type claim: session tokens say DS, refresh tokens DSR. */
    public static final String TYPE_CLAIM = "drn";
    public static final String SESSION_TYPE = "DS";
    public static final String REFRESH_TYPE = "DSR";

    @Inject
    KeyRing keyRing;

    @Inject
    AuthConfig config;

    @Inject
    NativeCrypto crypto;

    public String session(UserProfile user, String sessionId, String amr, String tenantId, Instant authTime, Instant now,
                          Instant expiresAt) {
        return session(user, sessionId, amr, tenantId, authTime, now, expiresAt, Map.of());
    }

    /** {@code acr} of a session with a second factor (TOTP or a passkey) among its methods. */
    public static final String ACR_SECOND_FACTOR = "urn:gatehouse:loa:2";
    /** {@code acr} of a session signed in with one factor. */
    public static final String ACR_ONE_FACTOR = "urn:gatehouse:loa:1";

    /**
     * A session JWT; {@code extra} adds the provider face's {@code client_id} and {@code scope}, which make it the
     * access token of an OAuth client. {@code auth_time} is when the user last proved who they are in this session
     * (sign-in or step-up), {@code acr} whether a second factor was among the proofs: apps ask for a fresh step-up
     * before sensitive actions by comparing them.
     */
    public String session(UserProfile user, String sessionId, String amr, String tenantId, Instant authTime, Instant now,
                          Instant expiresAt, Map<String, Object> extra) {
        Map<String, Object> claims = new LinkedHashMap<>();
        // Every token is unique, even two minted for one session in the same second (RSA signatures are deterministic).
        claims.put("jti", Secrets.newSecret());
        claims.put("sid", sessionId);
        claims.put("amr", methods(amr));
        claims.put("acr", LoginMethods.anySecondFactor(amr) ? ACR_SECOND_FACTOR : ACR_ONE_FACTOR);
        claims.put("auth_time", authTime.getEpochSecond());
        claims.put(TYPE_CLAIM, SESSION_TYPE);
        claims.putAll(extra);
        putUser(claims, user, tenantId, amr);
        return sign(keyRing.active(), user.userId(), config.projectId(), claims, now, expiresAt);
    }

    /** What an ID token states about one sign-in besides the user (OIDC Core §2). */
    public record SignIn(String clientId, String sessionId, String amr, String tenantId, Instant authTime, String nonce) {
    }

    /**
     * An ID token for an OAuth client (OIDC Core §2): audience and {@code azp} the client, with our claims. It carries
     * no token type, so it is never honoured as a session or refresh token.
     */
    public String idToken(UserProfile user, SignIn signIn, Instant now, Instant expiresAt) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("azp", signIn.clientId());
        claims.put("sid", signIn.sessionId());
        claims.put("auth_time", signIn.authTime().getEpochSecond());
        if (signIn.nonce() != null) {
            claims.put("nonce", signIn.nonce());
        }
        claims.put("amr", methods(signIn.amr()));
        if (user.email() != null) {
            claims.put("email_verified", user.verifiedEmail());
        }
        if (user.givenName() != null) {
            claims.put("given_name", user.givenName());
        }
        if (user.familyName() != null) {
            claims.put("family_name", user.familyName());
        }
        putUser(claims, user, signIn.tenantId(), signIn.amr());
        return sign(keyRing.active(), user.userId(), signIn.clientId(), claims, now, expiresAt);
    }

    /**
     * An access token of a machine client (client_credentials grant): no user, no session, subject the client
     * (RFC 9068 §2.2). It carries no {@value #TYPE_CLAIM}, so the Descope face never takes it for a user's session.
     */
    public String clientToken(String clientId, String scope, Instant now, Instant expiresAt) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("jti", Secrets.newSecret());
        claims.put("client_id", clientId);
        claims.put("scope", scope);
        return sign(keyRing.active(), clientId, config.projectId(), claims, now, expiresAt);
    }

    private static List<String> methods(String amr) {
        return LoginMethods.of(amr);
    }

    /**
     * The claims about the user that every token carries (and userinfo answers), with the tenants' second-factor
     * policy applied to the session's sign-in methods ({@code amr}, comma-separated).
     */
    public Map<String, Object> userClaims(UserProfile user, String tenantId, String amr) {
        Map<String, Object> claims = new LinkedHashMap<>();
        putUser(claims, user, tenantId, amr);
        return claims;
    }

    /**
     * The user's claims. A tenant that requires a second factor (or every tenant, under the project's policy) gets its
     * roles and permissions into the token only when the session has one, or came through SSO of that tenant (its IdP
     * answers for its own MFA; another tenant's IdP does not); until then it is listed in {@code mfa_pending} with no
     * roles, so apps that check roles need nothing else to enforce the policy. The project's policy withholds the
     * project-wide roles too, and lists the project id in {@code mfa_pending}.
     */
    private void putUser(Map<String, Object> claims, UserProfile user, String tenantId, String amr) {
        if (user.email() != null) {
            claims.put("email", user.email());
        }
        if (user.name() != null) {
            claims.put("name", user.name());
        }
        List<String> methods = methods(amr);
        boolean secondFactor = LoginMethods.anySecondFactor(amr);
        boolean sso = methods.contains("saml") || methods.contains("oidc");
        boolean projectPolicy = config.mfa().requiredForProject();
        Map<String, Object> tenants = new LinkedHashMap<>();
        List<String> pending = new ArrayList<>();
        user.claims().tenants().forEach((id, grants) -> {
            if ((grants.mfaRequired() || projectPolicy) && !secondFactor && !(sso && id.equals(tenantId))) {
                pending.add(id);
                tenants.put(id, Map.of("roles", List.of(), "permissions", List.of()));
            } else {
                tenants.put(id, Map.of("roles", grants.roles(), "permissions", grants.permissions()));
            }
        });
        boolean projectPending = projectPolicy && !secondFactor && !sso;
        if (projectPending) {
            pending.add(config.projectId());
        }
        claims.put("tenants", tenants);
        claims.put("roles", projectPending ? List.of() : user.claims().roles());
        claims.put("permissions", projectPending ? List.of() : user.claims().permissions());
        if (!pending.isEmpty()) {
            claims.put("mfa_pending", pending);
        }
        if (tenantId != null && user.memberOf(tenantId)) {
            claims.put("dct", tenantId);
            // MicroProfile JWT maps "groups" to @RolesAllowed: the roles that apply in the current tenant.
            claims.put("groups", pending.contains(tenantId) ? List.of() : user.claims().tenants().get(tenantId).roles());
        } else {
            claims.put("groups", projectPending ? List.of() : user.claims().roles());
        }
    }

    /** A refresh JWT and the kid of the key that signed it, which its session remembers (key revocation). */
    public record SignedRefresh(String jwt, String kid) {
    }

    public SignedRefresh refresh(String userId, String sessionId, Instant now, Instant expiresAt) {
        return refresh(userId, sessionId, now, expiresAt, Map.of());
    }

    /**
     * A refresh JWT; {@code grant} (the provider face's {@code client_id}, {@code scope}, {@code auth_time}) passes
     * unchanged from each refresh token of a session to its successor.
     */
    public SignedRefresh refresh(String userId, String sessionId, Instant now, Instant expiresAt, Map<String, Object> grant) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sid", sessionId);
        claims.put(TYPE_CLAIM, REFRESH_TYPE);
        claims.put("jti", Secrets.newSecret());
        claims.putAll(grant);
        KeyMaterial key = keyRing.active();
        return new SignedRefresh(sign(key, userId, config.projectId(), claims, now, expiresAt), key.kid());
    }

    private String sign(KeyMaterial key, String subject, String audience, Map<String, Object> claims, Instant now,
                        Instant expiresAt) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("iss", config.issuer());
        payload.put("aud", audience);
        payload.put("sub", subject);
        payload.put("iat", now.getEpochSecond());
        payload.put("exp", expiresAt.getEpochSecond());
        payload.putAll(claims);
        try {
            return CompactJws.sign(payload, key.kid(), key.algorithm(), key.privateKey(), crypto.signatureProvider());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign a token with key " + key.kid(), e);
        }
    }
}
