package dev.gatehouse.tenant.common;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/** AES-256-GCM for secrets at rest (OIDC client secrets); a fresh 96-bit nonce per value. */
@ApplicationScoped
public class SecretBox {

    private static final String PREFIX = "v1:";
    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;

    @Inject
    public SecretBox(TenantServiceConfig config) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(config.secretKey());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("gatehouse.secret-key must be base64");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("gatehouse.secret-key must be 32 bytes (base64 of 32 random bytes)");
        }
        this.key = new SecretKeySpec(bytes, "AES");
    }

    public String seal(String plain) {
        try {
            byte[] nonce = new byte[12];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not encrypt a secret", e);
        }
    }

    public String open(String sealed) {
        if (!sealed.startsWith(PREFIX)) {
            throw new IllegalStateException("unknown secret format");
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, bytes, 0, 12));
            return new String(cipher.doFinal(bytes, 12, bytes.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored secret cannot be decrypted with the configured gatehouse.secret-key", e);
        }
    }
}
