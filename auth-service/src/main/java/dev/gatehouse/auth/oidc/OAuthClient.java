package dev.gatehouse.auth.oidc;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** An application registered with the OpenID Provider face: where it may be sent back to, and what it may ask for. */
public class OAuthClient {

    public static final String PUBLIC = "public";
    public static final String CONFIDENTIAL = "confidential";

    public String id;
    public String name;
    public String type;
    public String tokenAuthMethod;
    /** Exact-match redirect URIs (OAuth 2.0 Security BCP §4.1.3). */
    public String[] redirectUris = new String[0];
    public String[] postLogoutRedirectUris = new String[0];
    public String[] grantTypes = new String[0];
    public String[] scopes = new String[0];
    /** The client's public keys for {@code private_key_jwt}, a JWKS document. */
    public String jwks;
    public Instant createdAt;
    public Instant updatedAt;

    public boolean isPublic() {
        return PUBLIC.equals(type);
    }

    public boolean allowsGrant(String grantType) {
        return Arrays.asList(grantTypes).contains(grantType);
    }

    public boolean allowsRedirect(String uri) {
        return uri != null && Arrays.asList(redirectUris).contains(uri);
    }

    public boolean allowsPostLogoutRedirect(String uri) {
        return uri != null && Arrays.asList(postLogoutRedirectUris).contains(uri);
    }

    public boolean allowsScopes(List<String> requested) {
        return Arrays.asList(scopes).containsAll(requested);
    }
}
