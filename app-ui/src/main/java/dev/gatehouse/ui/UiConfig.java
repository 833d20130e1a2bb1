package dev.gatehouse.ui;

import dev.gatehouse.common.Text;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "gatehouse")
public interface UiConfig {

    String projectId();

    /** This app's own public URL; the login callback is {@code <public-url>/auth/callback}. */
    String publicUrl();

    Auth auth();

    TenantService tenantService();

    /** Social providers that get a sign-in button (configured in auth-service under the same names). */
    @WithDefault("google")
    List<String> socialProviders();

    /** The local demo's inbox page (dev only; never in production), linked from the sign-in page. */
    Optional<String> devInboxUrl();

    /** Secure cookies: on everywhere but local http development. */
    @WithDefault("true")
    boolean secureCookies();

    /**
     * How recent the visitor's last sign-in or step-up must be to open sensitive pages (SSO setup); older sessions
     * are asked to confirm it's them first.
     */
    @WithDefault("PT10M")
    Duration stepUpMaxAge();

    interface Auth {
        /** auth-service as the browser reaches it; the token issuer is {@code <public-url>/<project-id>}. */
        String publicUrl();

        /** auth-service as this app reaches it (cluster-internal); defaults to the public URL. */
        Optional<String> internalUrl();

    }

    interface TenantService {
        String url();
    }

    default String authInternalUrl() {
        return Text.withoutTrailingSlashes(auth().internalUrl().orElse(auth().publicUrl()));
    }

    default String callbackUrl() {
        return Text.withoutTrailingSlashes(publicUrl()) + "/auth/callback";
    }
}
