package dev.gatehouse.auth.keys;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import dev.gatehouse.auth.common.AuthConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.jose4j.jca.ProviderContext;

import java.security.Security;

/**
 * Where token signatures are computed: Amazon Corretto Crypto Provider (native AWS-LC) when it loads on this
 * platform, else the JDK's provider, with the reason logged. Signing RS256 is most of a refresh's CPU (issue
 * #14): measured here, ACCP signs RS256 about 1.7× and ES256 about 30× as fast as the JDK. Only our signatures
 * use it; everything else keeps the JDK's providers.
 */
@ApplicationScoped
public class NativeCrypto {

    private static final Logger LOG = Logger.getLogger(NativeCrypto.class);

    private final ProviderContext signing = new ProviderContext();

    @Inject
    NativeCrypto(AuthConfig config) {
        if (!config.keys().nativeCrypto()) {
            LOG.info("signing with the JDK's provider (gatehouse.keys.native-crypto=false)");
            return;
        }
        try {
            AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
            if (accp.getLoadingError() != null) {
                throw accp.getLoadingError();
            }
            accp.assertHealthy();
            if (Security.getProvider(accp.getName()) == null) {
                Security.addProvider(accp);
            }
            signing.getSuppliedKeyProviderContext().setSignatureProvider(accp.getName());
            LOG.infof("signing with %s %s (AWS-LC %s)", accp.getName(), accp.getVersionStr(), accp.getAwsLcVersionStr());
        } catch (Throwable e) {
            LOG.warnf("the native crypto provider is not available here (%s); signing with the JDK's provider", e.toString());
        }
    }

    /** For jose4j: the provider that computes our signatures. */
    public ProviderContext signing() {
        return signing;
    }
}
