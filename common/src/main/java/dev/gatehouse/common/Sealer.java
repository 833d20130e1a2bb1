package dev.gatehouse.common;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * AES-256-GCM for secrets at rest (private signing keys, the SAML SP key, OIDC client secrets), with a fresh
 * 96-bit nonce per value. Keys come from configuration, never from the database.
 *
 * <p>Key-encryption keys can be rotated: a sealer holds the current key and any number of previous ones. It
 * always seals with the current key and names it in the sealed value ({@code v2:<key id>:…}); it opens values
 * sealed with any key it holds, including {@code v1:} values from before key ids existed. A re-seal job moves
 * everything to the current key ({@link #isSealedWithCurrentKey}), after which the previous key can go.
 */
public final class Sealer {

    private static final String V1 = "v1:";
    private static final String V2 = "v2:";
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Key(String id, SecretKeySpec spec) {
    }

    private final Key current;
    private final Map<String, Key> keys;

    private Sealer(Key current, Map<String, Key> keys) {
        this.current = current;
        this.keys = keys;
    }

    /** @param configName named in the error when a value is unusable */
    public static Sealer fromBase64(String base64Key, String configName) {
        return fromBase64(base64Key, List.of(), configName);
    }

    /** The current key and the previous ones still in use, each base64 of 32 random bytes. */
    public static Sealer fromBase64(String currentBase64, List<String> previousBase64, String configName) {
        Key current = key(currentBase64, configName);
        Map<String, Key> keys = new LinkedHashMap<>();
        keys.put(current.id(), current);
        for (String previous : previousBase64) {
            if (!previous.isBlank()) {
                Key key = key(previous, configName + " (a previous key)");
                keys.putIfAbsent(key.id(), key);
            }
        }
        return new Sealer(current, keys);
    }

    /** A short, non-secret name of the current key (a hash prefix), as sealed values and reports show it. */
    public String currentKeyId() {
        return current.id();
    }

    public String seal(String plain) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, current.spec(), new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return V2 + current.id() + ":" + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not seal a secret", e);
        }
    }

    public String open(String sealed) {
        if (sealed.startsWith(V2)) {
            int colon = sealed.indexOf(':', V2.length());
            String id = colon < 0 ? "" : sealed.substring(V2.length(), colon);
            Key key = keys.get(id);
            if (key == null) {
                throw new IllegalStateException("a stored secret is sealed with key " + id
                        + ", which is not configured: add it to the previous keys until the re-seal has run");
            }
            return open(key, sealed.substring(colon + 1));
        }
        if (sealed.startsWith(V1)) {
            // Sealed before key ids: whichever configured key opens it (GCM's tag tells a wrong key for sure).
            List<IllegalStateException> failures = new ArrayList<>();
            for (Key key : keys.values()) {
                try {
                    return open(key, sealed.substring(V1.length()));
                } catch (IllegalStateException e) {
                    failures.add(e);
                }
            }
            throw failures.get(0);
        }
        throw new IllegalStateException("unknown sealed-secret format");
    }

    /** False for values a re-seal should move: sealed before key ids, or with a previous key. */
    public boolean isSealedWithCurrentKey(String sealed) {
        return sealed.startsWith(V2 + current.id() + ":");
    }

    /**
     * What a re-seal run did. Everything moves in one transaction or the run fails, so {@code onOtherKeys} is
     * zero whenever a report is returned: the previous keys can go.
     */
    public record ResealReport(String currentKeyId, int resealed, int onOtherKeys) {
    }

    public ResealReport report(int resealed) {
        return new ResealReport(currentKeyId(), resealed, 0);
    }

    /**
     * The re-seal step of a key rotation: each row is (row key, sealed value); those not sealed with the current
     * key are opened and sealed again, and {@code write} stores the new value. Returns how many were moved.
     */
    public int reseal(List<Object[]> rows, BiConsumer<Object, String> write) {
        int moved = 0;
        for (Object[] row : rows) {
            String sealed = (String) row[1];
            if (!isSealedWithCurrentKey(sealed)) {
                write.accept(row[0], seal(open(sealed)));
                moved++;
            }
        }
        return moved;
    }

    private static String open(Key key, String base64) {
        try {
            byte[] bytes = Base64.getDecoder().decode(base64);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.spec(), new GCMParameterSpec(128, bytes, 0, 12));
            return new String(cipher.doFinal(bytes, 12, bytes.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a stored secret cannot be opened with the configured key", e);
        }
    }

    private static Key key(String base64Key, String configName) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64Key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(configName + " must be base64 of 32 random bytes");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException(configName + " must be base64 of 32 random bytes, not " + bytes.length);
        }
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update("gatehouse-sealing-key-id:".getBytes(StandardCharsets.US_ASCII));
            String id = HexFormat.of().formatHex(sha256.digest(bytes), 0, 4);
            return new Key(id, new SecretKeySpec(bytes, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}
