package dev.gatehouse.auth.session;

/**
 * An OAuth client's id and the SHA-256 of the secret it presented, for the statement that serves its request to
 * prove as well ({@link RefreshRotation}, the code grant's claim): the secret is one of the client's that has not
 * ended, the client authenticates with a secret and holds the grant (what {@code ClientAuthentication} and
 * {@code TokenResource} require of a secret client), and the session or code is the client's.
 */
public record ClientProof(String clientId, String secretHash) {

    /**
     * SQL that is true when client {@code id} holds a secret hashed {@code secretHash} that has not ended at
     * {@code at}, authenticates with a secret and holds {@code grant}; each argument an SQL expression, the grant a
     * constant of ours.
     */
    public static String proves(String id, String secretHash, String at, String grant) {
        return """
                exists (select 1 from oauth_client c join oauth_client_secret cs on cs.client_id = c.id
                        where c.id = %s and cs.secret_hash = %s
                          and (cs.expires_at is null or cs.expires_at > %s)
                          and c.token_auth_method in ('client_secret_basic', 'client_secret_post')
                          and '%s' = any(c.grant_types))""".formatted(id, secretHash, at, grant);
    }
}
