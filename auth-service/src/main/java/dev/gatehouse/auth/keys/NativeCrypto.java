package dev.gatehouse.auth.keys;

import dev.gatehouse.auth.common.AuthConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.jose4j.jca.ProviderContext;

/**
 * Where auth-service computes token signatures: the native provider of {@link dev.gatehouse.common.crypto.NativeCrypto}
 * (Amazon Corretto Crypto Provider) unless {@code gatehouse.keys.native-crypto=false}. Signing is most of a
 * refresh's CPU (issue #14).
 */
@ApplicationScoped
public class NativeCrypto {

    private static final Logger LOG = Logger.getLogger(NativeCrypto.class);

    private final ProviderContext signing;

    @Inject
    NativeCrypto(AuthConfig config) {
        if (config.keys().nativeCrypto()) {
            signing = dev.gatehouse.common.crypto.NativeCrypto.providerContext();
        } else {
            LOG.info("signing with the JDK's provider (gatehouse.keys.native-crypto=false)");
            signing = new ProviderContext();
        }
    }

    /** For jose4j: the provider that computes our signatures. */
    public ProviderContext signing() {
        return signing;
    }
}
