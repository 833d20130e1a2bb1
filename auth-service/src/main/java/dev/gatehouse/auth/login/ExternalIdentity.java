package dev.gatehouse.auth.login;

import java.util.List;

/** Who the upstream provider says signed in, after every check passed. {@code groups} is null when not sent. */
public record ExternalIdentity(String issuer, String subject, String email, boolean emailVerified, String name,
                               String givenName, String familyName, List<String> groups) {
}
