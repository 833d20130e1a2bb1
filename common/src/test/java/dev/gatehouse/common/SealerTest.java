package dev.gatehouse.common;

import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Key-encryption-key rotation: the current key seals, every configured key opens, a re-seal moves values over. */
class SealerTest {

    static final String OLD = key();
    static final String NEW = key();

    @Test
    void sealsWithTheCurrentKeyAndNamesIt() {
        Sealer sealer = Sealer.fromBase64(NEW, List.of(OLD), "test");
        String sealed = sealer.seal("client-secret");
        assertThat(sealed).startsWith("v2:" + sealer.currentKeyId() + ":").doesNotContain("client-secret");
        assertThat(sealer.isSealedWithCurrentKey(sealed)).isTrue();
        assertThat(sealer.open(sealed)).isEqualTo("client-secret");
    }

    @Test
    void opensWhatAPreviousKeySealedUntilThatKeyIsRemoved() {
        String sealedWithOld = Sealer.fromBase64(OLD, "test").seal("private-key");
        Sealer rotating = Sealer.fromBase64(NEW, List.of(OLD), "test");
        assertThat(rotating.open(sealedWithOld)).isEqualTo("private-key");
        assertThat(rotating.isSealedWithCurrentKey(sealedWithOld)).isFalse();
        String resealed = rotating.seal(rotating.open(sealedWithOld));

        Sealer afterRotation = Sealer.fromBase64(NEW, "test");
        assertThat(afterRotation.open(resealed)).isEqualTo("private-key");
        assertThatThrownBy(() -> afterRotation.open(sealedWithOld)).hasMessageContaining("not configured");
    }

    @Test
    void opensValuesSealedBeforeKeyIdsExisted() throws Exception {
        String legacy = v1(OLD, "from-the-first-release");
        assertThat(Sealer.fromBase64(NEW, List.of(OLD), "test").open(legacy)).isEqualTo("from-the-first-release");
        assertThat(Sealer.fromBase64(OLD, "test").isSealedWithCurrentKey(legacy)).isFalse();
        assertThatThrownBy(() -> Sealer.fromBase64(NEW, "test").open(legacy)).hasMessageContaining("cannot be opened");
    }

    @Test
    void refusesKeysThatAreNot256Bits() {
        assertThatThrownBy(() -> Sealer.fromBase64(Base64.getEncoder().encodeToString(new byte[16]), "gatehouse.secret-key"))
                .hasMessageContaining("gatehouse.secret-key").hasMessageContaining("32 random bytes");
    }

    /** The sealed format of the first release: {@code v1:} + base64(nonce + ciphertext), no key id. */
    private static String v1(String base64Key, String plain) throws Exception {
        byte[] nonce = new byte[12];
        new SecureRandom().nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(base64Key), "AES"),
                new GCMParameterSpec(128, nonce));
        byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
        return "v1:" + Base64.getEncoder().encodeToString(ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array());
    }

    private static String key() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
