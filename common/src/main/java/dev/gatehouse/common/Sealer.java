package dev.gatehouse.common;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * AES-256-GCM for secrets at rest (private signing keys, OIDC client secrets, the current refresh token of
 * a session), with a fresh 96-bit nonce per value. The key comes from configuration, never from the database.
 */
public final class Sealer {

    private static final String PREFIX = "v1:";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretKeySpec key;

    private Sealer(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** @param configName named in the error when the value is unusable */
    public static Sealer fromBase64(String base64Key, String configName) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64Key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(configName + " must be base64 of 32 random bytes");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException(configName + " must be base64 of 32 random bytes, not " + bytes.length);
        }
        return new Sealer(bytes);
    }

    public String seal(String plain) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not seal a secret", e);
        }
    }

    public String open(String sealed) {
        if (!sealed.startsWith(PREFIX)) {
            throw new IllegalStateException("unknown sealed-secret format");
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, bytes, 0, 12));
            return new String(cipher.doFinal(bytes, 12, bytes.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored secret cannot be opened with the configured key", e);
        }
    }
}
