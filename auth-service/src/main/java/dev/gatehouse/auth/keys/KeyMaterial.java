package dev.gatehouse.auth.keys;

import org.jose4j.jwk.PublicJsonWebKey;

import java.security.PrivateKey;
import java.time.Instant;

/** A signing key ready for use: its public JWK and, for the active key, its private part. */
public record KeyMaterial(String kid, String algorithm, PublicJsonWebKey publicJwk, PrivateKey privateKey,
                          Instant createdAt) {
}
