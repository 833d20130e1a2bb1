package dev.gatehouse.auth.saml;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The HTTP-POST binding's form body (saml-bindings §3.5.4), read by us rather than by the framework, so that
 * broken percent-encoding from a misconfigured IdP is a readable refusal instead of a server error, and a field
 * sent twice is refused rather than silently picked.
 */
final class FormBody {

    private FormBody() {
    }

    /** @throws IllegalArgumentException with a reason an admin can act on */
    static Map<String, String> parse(String body, int maxLength) {
        Map<String, String> fields = new HashMap<>();
        if (body == null || body.isEmpty()) {
            return fields;
        }
        if (body.length() > maxLength) {
            throw new IllegalArgumentException("the form is larger than " + maxLength + " characters");
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (fields.putIfAbsent(name, value) != null) {
                throw new IllegalArgumentException("the form field " + name + " was sent more than once");
            }
        }
        return fields;
    }

    private static String decode(String encoded) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the form is not valid URL encoding");
        }
    }
}
