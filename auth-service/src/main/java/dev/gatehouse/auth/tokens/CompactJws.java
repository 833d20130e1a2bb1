package dev.gatehouse.auth.tokens;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jose4j.jws.EcdsaUsingShaAlgorithm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JWS compact serialization (RFC 7515 §7.1) of the tokens we sign: header, payload and signature encoded once each
 * with the JDK's base64url. jose4j's own encoder allocates an 8 KB buffer for every value it encodes, four per token:
 * three quarters of all that auth-service allocated during code exchanges, and a young collection every 0.3 s
 * (issue #14). ES256 signatures go out as R || S (RFC 7518 §3.4), as JWS requires, not in the provider's DER.
 * Header and claims are written by Jackson: jose4j's JSON writer took a tenth of a refresh's CPU.
 */
final class CompactJws {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final ObjectMapper JSON = new ObjectMapper();

    private CompactJws() {
    }

    /** Signs the claims in {@code payload} (JSON values: strings, numbers, booleans, lists and maps of them). */
    static String sign(Map<String, Object> payload, String kid, String algorithm, PrivateKey key, String provider)
            throws GeneralSecurityException {
        return sign(json(payload), kid, algorithm, key, provider);
    }

    /** Signs {@code payloadJson} with {@code key} ({@code RS256} or {@code ES256}), through {@code provider} if named. */
    static String sign(String payloadJson, String kid, String algorithm, PrivateKey key, String provider)
            throws GeneralSecurityException {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "JWT");
        header.put("kid", kid);
        header.put("alg", algorithm);
        String signingInput = encode(json(header).getBytes(StandardCharsets.UTF_8)) + "."
                + encode(payloadJson.getBytes(StandardCharsets.UTF_8));
        Signature signature = provider == null ? Signature.getInstance(jcaName(algorithm))
                : Signature.getInstance(jcaName(algorithm), provider);
        signature.initSign(key);
        signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        byte[] value = signature.sign();
        if ("ES256".equals(algorithm)) {
            try {
                value = EcdsaUsingShaAlgorithm.convertDerToConcatenated(value, 64);
            } catch (IOException e) {
                throw new GeneralSecurityException("the provider's ECDSA signature is not DER", e);
            }
        }
        return signingInput + "." + encode(value);
    }

    private static String json(Map<String, Object> value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("claims that are not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String jcaName(String algorithm) {
        return switch (algorithm) {
            case "RS256" -> "SHA256withRSA";
            case "ES256" -> "SHA256withECDSA";
            default -> throw new IllegalArgumentException("we do not sign with " + algorithm);
        };
    }

    private static String encode(byte[] bytes) {
        return BASE64URL.encodeToString(bytes);
    }
}
