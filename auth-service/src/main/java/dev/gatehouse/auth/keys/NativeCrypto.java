package dev.gatehouse.auth.keys;

import dev.gatehouse.auth.common.AuthConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.jose4j.jca.ProviderContext;

/**
 * Where auth-service computes and checks our tokens' signatures: the native provider of
 * {@link dev.gatehouse.common.crypto.NativeCrypto} (Amazon Corretto Crypto Provider) unless
 * {@code gatehouse.keys.native-crypto=false}. Signatures are most of a refresh's CPU (issue #14); the JDK verifies
 * ES256 at a tenth of the native speed.
 */
@ApplicationScoped
public class NativeCrypto {

    private static final Logger LOG = Logger.getLogger(NativeCrypto.class);

    private final ProviderContext context;

    @Inject
    NativeCrypto(AuthConfig config) {
        if (config.keys().nativeCrypto()) {
            context = dev.gatehouse.common.crypto.NativeCrypto.providerContext();
        } else {
            LOG.info("signing with the JDK's provider (gatehouse.keys.native-crypto=false)");
            context = new ProviderContext();
        }
    }

    /** For jose4j: the provider that computes and checks our signatures. */
    public ProviderContext providerContext() {
        return context;
    }

    /** That provider's name, for our own signer ({@code tokens/CompactJws}); null for the JDK's choice. */
    public String signatureProvider() {
        return context.getSuppliedKeyProviderContext().getSignatureProvider();
    }
}
