package dev.gatehouse.auth.tokens;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import org.jose4j.jws.EcdsaUsingShaAlgorithm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JWS compact serialization (RFC 7515 §7.1) of the tokens we sign: header, payload and signature encoded once each
 * with the JDK's base64url. jose4j's own encoder allocates an 8 KB buffer for every value it encodes, four per token:
 * three quarters of all that auth-service allocated during code exchanges, and a young collection every 0.3 s
 * (issue #14). ES256 signatures go out as R || S (RFC 7518 §3.4), as JWS requires, not in the provider's DER.
 * Header and claims are written by Jackson's generator: jose4j's JSON writer took a tenth of a refresh's CPU.
 * <p>
 * {@link #parse} and {@link Parsed#verifiedBy} read them back for {@link TokenVerifier}: jose4j's consumer parsed every
 * token's JSON into a fresh 16 K-character buffer, half of auth-service's allocation under refreshes. Strict on
 * purpose, since only we write these: three segments, a header naming {@code alg} and {@code kid} and no {@code crit},
 * JSON objects without duplicate names or trailing content.
 */
final class CompactJws {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> HEADERS = new ConcurrentHashMap<>();
    private static final ThreadLocal<Map<String, Signature>> SIGNATURES = ThreadLocal.withInitial(HashMap::new);
    private static final ObjectReader STRICT_OBJECT = JSON.readerFor(new TypeReference<Map<String, Object>>() { })
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private enum Use { SIGN, VERIFY }

    private CompactJws() {
    }

    /**
     * Signs the claims in {@code payload} (JSON values: strings, integers, booleans, nulls, lists and maps of them;
     * anything else is refused).
     */
    static String sign(Map<String, Object> payload, String kid, String algorithm, PrivateKey key, String provider)
            throws GeneralSecurityException {
        return sign(json(payload), kid, algorithm, key, provider);
    }

    /** Signs {@code payloadJson} with {@code key} ({@code RS256} or {@code ES256}), through {@code provider} if named. */
    static String sign(String payloadJson, String kid, String algorithm, PrivateKey key, String provider)
            throws GeneralSecurityException {
        return sign(payloadJson.getBytes(StandardCharsets.UTF_8), kid, algorithm, key, provider);
    }

    private static String sign(byte[] payloadJson, String kid, String algorithm, PrivateKey key, String provider)
            throws GeneralSecurityException {
        String signingInput = encodedHeader(kid, algorithm) + "." + encode(payloadJson);
        Signature signature = threadSignature(Use.SIGN, algorithm, provider);
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

    /** Why a compact JWS was refused before its claims were looked at. */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    /** A compact JWS split and its header read; nothing about it is trusted until {@link #verifiedBy} says so. */
    record Parsed(String algorithm, String kid, String signingInput, String payloadSegment, byte[] signature) {

        /** Whether {@code key} signed it with {@link #algorithm} (checked through {@code provider} if named). */
        boolean verifiedBy(PublicKey key, String provider) throws GeneralSecurityException {
            byte[] value = signature;
            if ("ES256".equals(algorithm)) {
                if (value.length != 64) {
                    return false;
                }
                try {
                    value = EcdsaUsingShaAlgorithm.convertConcatenatedToDer(value);
                } catch (IOException e) {
                    return false;
                }
            }
            Signature verifier = threadSignature(Use.VERIFY, algorithm, provider);
            verifier.initVerify(key);
            verifier.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            try {
                return verifier.verify(value);
            } catch (SignatureException e) {
                return false; // a signature of the wrong shape for this key
            }
        }

        /**
         * The claims: trusted only after {@link #verifiedBy} said yes, or where something else proves the token ours
         * ({@link TokenVerifier.PresentedRefresh}).
         */
        Map<String, Object> claims() throws Refused {
            return object(payloadSegment, "payload");
        }
    }

    /** Splits {@code jwt} and reads its header; refuses any algorithm but RS256 and ES256 (never none, never HMAC). */
    static Parsed parse(String jwt) throws Refused {
        int first = jwt.indexOf('.');
        int second = first < 0 ? -1 : jwt.indexOf('.', first + 1);
        if (first <= 0 || second < 0 || second == first + 1 || second == jwt.length() - 1 || jwt.indexOf('.', second + 1) >= 0) {
            throw new Refused("not a compact JWS of three segments");
        }
        Map<String, Object> header = object(jwt.substring(0, first), "header");
        if (!(header.get("alg") instanceof String algorithm) || !(algorithm.equals("RS256") || algorithm.equals("ES256"))) {
            throw new Refused("algorithm other than RS256 or ES256");
        }
        if (!(header.get("kid") instanceof String kid) || kid.isBlank()) {
            throw new Refused("no kid");
        }
        if (header.containsKey("crit")) {
            throw new Refused("a critical header we do not issue");
        }
        return new Parsed(algorithm, kid, jwt.substring(0, second), jwt.substring(first + 1, second),
                decode(jwt.substring(second + 1), "signature"));
    }

    private static Map<String, Object> object(String segment, String what) throws Refused {
        try {
            Map<String, Object> value = STRICT_OBJECT.readValue(decode(segment, what));
            if (value == null) {
                throw new Refused(what + " is not a JSON object");
            }
            return value;
        } catch (IOException e) {
            throw new Refused(what + " is not a JSON object without duplicate names");
        }
    }

    private static byte[] decode(String segment, String what) throws Refused {
        try {
            return BASE64URL_DECODER.decode(segment);
        } catch (IllegalArgumentException e) {
            throw new Refused(what + " is not base64url");
        }
    }

    /** The encoded header of a key: the same for every token it signs, so written once (our keys are few). */
    private static String encodedHeader(String kid, String algorithm) {
        return HEADERS.computeIfAbsent(kid + " " + algorithm, ignored -> {
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("typ", "JWT");
            header.put("kid", kid);
            header.put("alg", algorithm);
            return encode(json(header));
        });
    }

    /**
     * Claims as UTF-8 JSON, written by Jackson's generator value by value: the same text as its ObjectMapper writes
     * (CompactJwsTest), without looking up a serializer for every value (a tenth of an OAuth refresh's CPU, JFR).
     */
    private static byte[] json(Map<String, Object> value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator generator = JSON.getFactory().createGenerator(out)) {
            write(generator, value);
        } catch (IOException e) {
            throw new IllegalStateException("could not write claims", e);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator generator, Object value) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof String text) {
            generator.writeString(text);
        } else if (value instanceof Long || value instanceof Integer) {
            generator.writeNumber(((Number) value).longValue());
        } else if (value instanceof Boolean bool) {
            generator.writeBoolean(bool);
        } else if (value instanceof Map<?, ?> map) {
            generator.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                generator.writeFieldName((String) entry.getKey());
                write(generator, entry.getValue());
            }
            generator.writeEndObject();
        } else if (value instanceof Collection<?> items) {
            generator.writeStartArray();
            for (Object item : items) {
                write(generator, item);
            }
            generator.writeEndArray();
        } else {
            throw new IllegalArgumentException("a claim that is not JSON: " + value.getClass().getName());
        }
    }

    /**
     * This thread's {@link Signature} for the use, algorithm and provider. A new one per token cost the provider lookup
     * behind {@code Signature.getInstance} and, with the native provider, a conversion of the key to its native form
     * at every {@code initSign} or {@code initVerify}, which a reused object given the same key again skips (RS256
     * refreshes: 1.64–1.73 against 1.11–1.45 ms of auth-service's CPU, docs/performance.md). Signing and verifying
     * keep one each: a refresh verifies the presented token and then signs, and one object for both converted the
     * private key at every refresh (a fifth of an OAuth refresh's signing in a CPU profile). Each use starts with
     * {@code initSign} or {@code initVerify}, which resets it, and none is shared between threads.
     */
    private static Signature threadSignature(Use use, String algorithm, String provider) throws GeneralSecurityException {
        Map<String, Signature> mine = SIGNATURES.get();
        String key = use + " " + algorithm + (provider == null ? "" : " " + provider);
        Signature signature = mine.get(key);
        if (signature == null) {
            signature = provider == null ? Signature.getInstance(jcaName(algorithm)) : Signature.getInstance(jcaName(algorithm), provider);
            mine.put(key, signature);
        }
        return signature;
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
