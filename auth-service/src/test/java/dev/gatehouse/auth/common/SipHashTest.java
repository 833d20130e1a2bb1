package dev.gatehouse.auth.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SipHashTest {

    /** The reference implementation's vectors (key 00..0f, message 00..n-1); the last is the paper's Appendix A. */
    @Test
    void matchesTheReferenceVectors() {
        SipHash sipHash = new SipHash(0x0706050403020100L, 0x0f0e0d0c0b0a0908L);
        assertThat(sipHash.hash(counting(0))).isEqualTo(0x726fdb47dd0e0e31L);
        assertThat(sipHash.hash(counting(1))).isEqualTo(0x74f839c593dc67fdL);
        assertThat(sipHash.hash(counting(7))).isEqualTo(0xab0200f58b01d137L);
        assertThat(sipHash.hash(counting(8))).isEqualTo(0x93f5f5799a932462L);
        assertThat(sipHash.hash(counting(15))).isEqualTo(0xa129ca6149be45e5L);
    }

    @Test
    void eachProcessHasItsOwnKey() {
        byte[] client = "203.0.113.7".getBytes();
        assertThat(SipHash.random().hash(client)).isNotEqualTo(SipHash.random().hash(client));
    }

    private static byte[] counting(int length) {
        byte[] message = new byte[length];
        for (int i = 0; i < length; i++) {
            message[i] = (byte) i;
        }
        return message;
    }
}
