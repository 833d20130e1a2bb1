package dev.gatehouse.tenant.tenants;

import com.google.common.net.InternetDomainName;
import dev.gatehouse.tenant.common.ApiException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which domains may be claimed at all: never a public suffix ({@code com}, {@code co.uk}, {@code github.io},
 * from the Public Suffix List that Guava maintains), never a consumer mail domain ({@code gmail.com}).
 */
final class ClaimableDomains {

    private static final Set<String> CONSUMER = load();

    private ClaimableDomains() {
    }

    static void requireClaimable(String domain) {
        if (InternetDomainName.isValid(domain) && InternetDomainName.from(domain).isPublicSuffix()) {
            throw ApiException.badRequest(domain + " is a public suffix; claim your organisation's own domain under it");
        }
        if (CONSUMER.contains(domain)) {
            throw ApiException.badRequest(domain + " is a consumer mail domain that no organisation owns; it cannot be claimed");
        }
    }

    private static Set<String> load() {
        try (InputStream in = ClaimableDomains.class.getResourceAsStream("/domains/consumer-email-domains.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
