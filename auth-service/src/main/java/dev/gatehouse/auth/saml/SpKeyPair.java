package dev.gatehouse.auth.saml;

import dev.gatehouse.common.Jdbc;
import dev.gatehouse.auth.common.Reloading;
import dev.gatehouse.common.Sealer;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.sql.DataSource;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
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
    DataSource dataSource;

    @Inject
    Clock clock;

    @Inject
    Sealer sealer;

    private record Pair(X509Certificate certificate, PrivateKey privateKey) {
    }

    private Reloading<Map<String, Pair>> stored;

    @PostConstruct
    void load() {
        stored = new Reloading<>(this::read, RELOAD, clock);
        Jdbc.underAdvisoryLock(dataSource, CREATION_LOCK, "create the SAML SP key pair", connection -> {
            if (!exists(connection, ACTIVE)) {
                insert(connection, ACTIVE);
            }
            return null;
        });
        stored.reload();
    }

    /** Base64 DER of the active certificate, as it goes into ds:X509Certificate. */
    public String certificateBase64() {
        return base64(stored.get().get(ACTIVE).certificate());
    }

    /** What SP metadata publishes: the active certificate first, then the next one while a rotation is staged. */
    public List<String> publishedCertificatesBase64() {
        Map<String, Pair> pairs = stored.get();
        return Stream.of(ACTIVE, NEXT).filter(pairs::containsKey).map(id -> base64(pairs.get(id).certificate())).toList();
    }

    /** Signs AuthnRequests: only ever the active key. */
    public PrivateKey privateKey() {
        return stored.get().get(ACTIVE).privateKey();
    }

    /** Every key an IdP may have encrypted to: active, next (an IdP that already re-read), previous (one that has not). */
    public List<PrivateKey> decryptionKeys() {
        Map<String, Pair> pairs = stored.get();
        return Stream.of(ACTIVE, NEXT, PREVIOUS).filter(pairs::containsKey).map(id -> pairs.get(id).privateKey()).toList();
    }

    /** One rotation step: publish a next pair, or, when one is published, make it active. Returns the stage reached. */
    public String rotate() {
        String stage = Jdbc.underAdvisoryLock(dataSource, CREATION_LOCK, "rotate the SAML SP key pair", connection -> {
            if (!exists(connection, NEXT)) {
                insert(connection, NEXT);
                return "next-published";
            }
            update(connection, "delete from saml_sp_key where id = ?", PREVIOUS);
            update(connection, "update saml_sp_key set id = ? where id = ?", PREVIOUS, ACTIVE);
            update(connection, "update saml_sp_key set id = ? where id = ?", ACTIVE, NEXT);
            return "next-activated";
        });
        stored.reload();
        return stage;
    }

    /** Ends the overlap: assertions encrypted to the previous pair are refused from now on. */
    public boolean retirePrevious() {
        int deleted = Jdbc.underAdvisoryLock(dataSource, CREATION_LOCK, "retire the previous SAML SP key pair",
                connection -> update(connection, "delete from saml_sp_key where id = ?", PREVIOUS));
        stored.reload();
        return deleted > 0;
    }

    private Map<String, Pair> read() {
        return Jdbc.read(dataSource, "the SAML SP key pairs", connection -> {
            Map<String, Pair> pairs = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement("select id, certificate, private_key from saml_sp_key");
                 ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(row.getString(2))));
                    PrivateKey privateKey = KeyFactory.getInstance("RSA")
                            .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(sealer.open(row.getString(3)))));
                    pairs.put(row.getString(1), new Pair(certificate, privateKey));
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("a stored SAML SP key pair is unreadable", e);
            }
            return Map.copyOf(pairs);
        });
    }


    private void insert(Connection connection, String id) throws SQLException {
        String[] created = create();
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into saml_sp_key (id, certificate, private_key, created_at) values (?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, created[0]);
            insert.setString(3, created[1]);
            insert.setTimestamp(4, Timestamp.from(Instant.now(clock)));
            insert.executeUpdate();
        }
    }

    private static boolean exists(Connection connection, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select 1 from saml_sp_key where id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    private static int update(Connection connection, String sql, String... ids) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            for (int i = 0; i < ids.length; i++) {
                update.setString(i + 1, ids[i]);
            }
            return update.executeUpdate();
        }
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
