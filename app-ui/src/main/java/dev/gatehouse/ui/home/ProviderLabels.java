package dev.gatehouse.ui.home;

import io.quarkus.qute.TemplateExtension;

import java.util.Map;

/** How a provider's name appears on its button. */
@TemplateExtension
public class ProviderLabels {

    private static final Map<String, String> KNOWN = Map.of("google", "Google", "github", "GitHub", "microsoft", "Microsoft");

    static String providerLabel(String provider) {
        return KNOWN.getOrDefault(provider, provider.isEmpty() ? provider
                : Character.toUpperCase(provider.charAt(0)) + provider.substring(1));
    }
}
