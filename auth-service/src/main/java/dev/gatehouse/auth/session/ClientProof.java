package dev.gatehouse.auth.session;

/**
 * An OAuth client's id and the SHA-256 of the secret it presented, for the refresh statement to prove
 * ({@link RefreshRotation}): the secret is one of the client's that has not ended, the client authenticates with a
 * secret and holds the refresh_token grant (what {@code ClientAuthentication} and {@code TokenResource} require of
 * a secret client's refresh), and the session is the client's.
 */
public record ClientProof(String clientId, String secretHash) {
}
