package dev.gatehouse.common;

import org.eclipse.microprofile.config.spi.Converter;

import java.util.regex.Pattern;

/**
 * The project id as the services' configuration accepts it, Descope-shaped: {@code P} and 27 letters or digits (the
 * Descope SDKs refuse shorter ones). Refused while the configuration is read: the service does not start, and the
 * error names the property and what it accepts. A converter rather than a Bean Validation annotation: neither
 * service loads Hibernate Validator.
 */
public final class ProjectIdShape implements Converter<String> {

    private static final Pattern SHAPE = Pattern.compile("P[A-Za-z0-9]{27}");

    @Override
    public String convert(String value) {
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("a project id is P followed by 27 letters or digits");
        }
        return value;
    }
}
