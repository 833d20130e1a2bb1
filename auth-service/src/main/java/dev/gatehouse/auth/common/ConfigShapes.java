package dev.gatehouse.auth.common;

import org.eclipse.microprofile.config.spi.Converter;

import java.util.regex.Pattern;

/**
 * Values of {@link AuthConfig} with a fixed shape, refused while the configuration is read: the service does not
 * start, and the error names the property and what it accepts. Converters rather than Bean Validation annotations:
 * nothing else in auth-service needs Hibernate Validator, and without it the service loads some 870 classes fewer.
 */
public final class ConfigShapes {

    private ConfigShapes() {
    }

    /** Descope-shaped: {@code P} and 27 letters or digits; the Descope SDKs refuse shorter ones. */
    public static final class ProjectId implements Converter<String> {
        private static final Pattern SHAPE = Pattern.compile("P[A-Za-z0-9]{27}");

        @Override
        public String convert(String value) {
            return matching(value, SHAPE, "a project id is P followed by 27 letters or digits");
        }
    }

    public static final class ProviderType implements Converter<String> {
        @Override
        public String convert(String value) {
            return oneOf(value, "oidc", "github");
        }
    }

    public static final class TokenAuth implements Converter<String> {
        @Override
        public String convert(String value) {
            return oneOf(value, "basic", "post");
        }
    }

    public static final class SigningAlgorithm implements Converter<String> {
        @Override
        public String convert(String value) {
            return oneOf(value, "RS256", "ES256");
        }
    }

    private static String matching(String value, Pattern shape, String expected) {
        if (!shape.matcher(value).matches()) {
            throw new IllegalArgumentException(expected);
        }
        return value;
    }

    private static String oneOf(String value, String... accepted) {
        for (String candidate : accepted) {
            if (candidate.equals(value)) {
                return value;
            }
        }
        throw new IllegalArgumentException("expected one of " + String.join(", ", accepted));
    }
}
