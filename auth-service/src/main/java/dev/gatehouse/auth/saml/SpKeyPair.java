package dev.gatehouse.auth.saml;

import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.common.Sealer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * The project's SAML SP key pair (RSA 2048, self-signed certificate, as SAML metadata expects), created once
 * under an advisory lock so that all replicas share it; the private key is sealed with the key-encryption key.
 */
@Startup
@ApplicationScoped
public class SpKeyPair {

    private static final long CREATION_LOCK = 0x73616d6c2d7370L;

    @Inject
    EntityManager em;

    @Inject
    AuthConfig config;

    @Inject
    Clock clock;

    @Inject
    Sealer sealer;

    private X509Certificate certificate;
    private PrivateKey privateKey;

    @PostConstruct
    void load() {
        Object[] row = QuarkusTransaction.requiringNew().call(() -> {
            em.createNativeQuery("select pg_advisory_xact_lock(?1)").setParameter(1, CREATION_LOCK).getSingleResult();
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select certificate, private_key from saml_sp_key where id = 'sp'").getResultList();
            if (!rows.isEmpty()) {
                return rows.get(0);
            }
            String[] created = create(sealer);
            em.createNativeQuery("insert into saml_sp_key (id, certificate, private_key, created_at) values ('sp', ?1, ?2, ?3)")
                    .setParameter(1, created[0]).setParameter(2, created[1]).setParameter(3, Instant.now(clock)).executeUpdate();
            return new Object[]{created[0], created[1]};
        });
        try {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode((String) row[0])));
            privateKey = KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(sealer.open((String) row[1]))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the stored SAML SP key pair is unreadable", e);
        }
    }

    /** Base64 DER, as it goes into ds:X509Certificate. */
    public String certificateBase64() {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    private String[] create(Sealer sealer) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Instant now = Instant.now(clock);
            X500Name name = new X500Name("CN=Gatehouse SAML SP");
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                    name, new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(3650))), name, pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
            return new String[]{Base64.getEncoder().encodeToString(cert.getEncoded()),
                    sealer.seal(Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()))};
        } catch (Exception e) {
            throw new IllegalStateException("could not create the SAML SP key pair", e);
        }
    }
}
