package dev.gatehouse.auth.keys;

import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.common.Sealer;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.List;

/** The one sealer of auth-service's private keys: the current key-encryption key and those being rotated out. */
public class KeyEncryption {

    @Produces
    @Singleton
    Sealer sealer(AuthConfig config) {
        return Sealer.fromBase64(config.keys().encryptionKey(), config.keys().previousEncryptionKeys().orElse(List.of()),
                "gatehouse.keys.encryption-key");
    }
}
