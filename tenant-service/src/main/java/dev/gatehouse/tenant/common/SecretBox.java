package dev.gatehouse.tenant.common;

import dev.gatehouse.common.Sealer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Seals OIDC client secrets of tenant connections with {@code gatehouse.secret-key}. */
@ApplicationScoped
public class SecretBox {

    private final Sealer sealer;

    @Inject
    public SecretBox(TenantServiceConfig config) {
        this.sealer = Sealer.fromBase64(config.secretKey(), "gatehouse.secret-key");
    }

    public String seal(String plain) {
        return sealer.seal(plain);
    }

    public String open(String sealed) {
        return sealer.open(sealed);
    }
}
