package dev.gatehouse.auth.saml;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The project's SAML SP key pairs (RSA 2048, self-signed certificates, as SAML metadata expects), shared by all
 * replicas through the database; private keys are sealed with the key-encryption key.
 *
 * <p>Rotation with overlap, in two operator steps: {@link #rotate()} first publishes a <em>next</em> pair in SP
 * metadata beside the active one, without signing anything with it, so that IdPs re-reading our metadata learn
 * it; the second call makes it active and keeps the old pair as <em>previous</em>, which still decrypts
 * assertions from IdPs that have not re-read yet, until {@link #retirePrevious()}. Decryption accepts every
 * pair that exists. Replicas re-read the pairs every few seconds.
 */
@Startup
@ApplicationScoped
public class SpKeyPair {

    private static final long CREATION_LOCK = 0x73616d6c2d7370L;
    private static final String ACTIVE = "sp";
    private static final String NEXT = "next";
    private static final String PREVIOUS = "previous";
    private static final Duration RELOAD = Duration.ofSeconds(15);

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Sealer sealer;

    private record Pair(X509Certificate certificate, PrivateKey privateKey) {
    }

    private record Snapshot(Map<String, Pair> pairs, Instant loadedAt) {
    }

    private volatile Snapshot snapshot;

    @PostConstruct
    void load() {
        QuarkusTransaction.requiringNew().run(() -> {
            lock();
            if (!exists(ACTIVE)) {
                insert(ACTIVE);
            }
        });
        reload();
    }

    /** Base64 DER of the active certificate, as it goes into ds:X509Certificate. */
    public String certificateBase64() {
        return base64(pairs().get(ACTIVE).certificate());
    }

    /** What SP metadata publishes: the active certificate first, then the next one while a rotation is staged. */
    public List<String> publishedCertificatesBase64() {
        Map<String, Pair> pairs = pairs();
        return Stream.of(ACTIVE, NEXT).filter(pairs::containsKey).map(id -> base64(pairs.get(id).certificate())).toList();
    }

    /** Signs AuthnRequests: only ever the active key. */
    public PrivateKey privateKey() {
        return pairs().get(ACTIVE).privateKey();
    }

    /** Every key an IdP may have encrypted to: active, next (an IdP that already re-read), previous (one that has not). */
    public List<PrivateKey> decryptionKeys() {
        Map<String, Pair> pairs = pairs();
        return Stream.of(ACTIVE, NEXT, PREVIOUS).filter(pairs::containsKey).map(id -> pairs.get(id).privateKey()).toList();
    }

    /** One rotation step: publish a next pair, or, when one is published, make it active. Returns the stage reached. */
    public String rotate() {
        String stage = QuarkusTransaction.requiringNew().call(() -> {
            lock();
            if (!exists(NEXT)) {
                insert(NEXT);
                return "next-published";
            }
            em.createNativeQuery("delete from saml_sp_key where id = ?1").setParameter(1, PREVIOUS).executeUpdate();
            em.createNativeQuery("update saml_sp_key set id = ?1 where id = ?2").setParameter(1, PREVIOUS).setParameter(2, ACTIVE).executeUpdate();
            em.createNativeQuery("update saml_sp_key set id = ?1 where id = ?2").setParameter(1, ACTIVE).setParameter(2, NEXT).executeUpdate();
            return "next-activated";
        });
        reload();
        return stage;
    }

    /** Ends the overlap: assertions encrypted to the previous pair are refused from now on. */
    public boolean retirePrevious() {
        int deleted = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("delete from saml_sp_key where id = ?1")
                .setParameter(1, PREVIOUS).executeUpdate());
        reload();
        return deleted > 0;
    }

    private Map<String, Pair> pairs() {
        Snapshot current = snapshot;
        if (current == null || Duration.between(current.loadedAt(), Instant.now(clock)).compareTo(RELOAD) > 0) {
            reload();
            current = snapshot;
        }
        return current.pairs();
    }

    private synchronized void reload() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() ->
                em.createNativeQuery("select id, certificate, private_key from saml_sp_key").getResultList());
        Map<String, Pair> pairs = new HashMap<>();
        try {
            for (Object[] row : rows) {
                X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode((String) row[1])));
                PrivateKey privateKey = KeyFactory.getInstance("RSA")
                        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(sealer.open((String) row[2]))));
                pairs.put((String) row[0], new Pair(certificate, privateKey));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored SAML SP key pair is unreadable", e);
        }
        snapshot = new Snapshot(Map.copyOf(pairs), Instant.now(clock));
    }

    private void insert(String id) {
        String[] created = create();
        em.createNativeQuery("insert into saml_sp_key (id, certificate, private_key, created_at) values (?1, ?2, ?3, ?4)")
                .setParameter(1, id).setParameter(2, created[0]).setParameter(3, created[1]).setParameter(4, Instant.now(clock))
                .executeUpdate();
    }

    private boolean exists(String id) {
        return !em.createNativeQuery("select 1 from saml_sp_key where id = ?1").setParameter(1, id).getResultList().isEmpty();
    }

    private void lock() {
        em.createNativeQuery("select pg_advisory_xact_lock(?1)").setParameter(1, CREATION_LOCK).getSingleResult();
    }

    private static String base64(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String[] create() {
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
