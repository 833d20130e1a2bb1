package dev.gatehouse.tenant.sso;

import dev.gatehouse.tenant.common.ApiException;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** X.509 certificates in and out of PEM, as IdP metadata and admins hand them to us. */
public final class Certificates {

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+)-----END CERTIFICATE-----");

    private Certificates() {
    }

    public static X509Certificate fromBase64(String base64) {
        try {
            byte[] der = Base64.getMimeDecoder().decode(base64.replaceAll("\\s", ""));
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | IllegalArgumentException e) {
            throw ApiException.badRequest("a certificate is not a valid base64 X.509 certificate");
        }
    }

    /** Accepts PEM blocks or bare base64 DER. */
    public static X509Certificate parse(String text) {
        Matcher pem = PEM.matcher(text);
        return fromBase64(pem.find() ? pem.group(1) : text);
    }

    public static String toPem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Splits a stored list of PEM blocks. */
    public static List<String> splitPem(String pems) {
        List<String> result = new ArrayList<>();
        if (pems != null) {
            Matcher matcher = PEM.matcher(pems);
            while (matcher.find()) {
                result.add(matcher.group());
            }
        }
        return result;
    }

    public static List<String> expiryWarnings(List<X509Certificate> certificates, Instant now) {
        List<String> warnings = new ArrayList<>();
        for (X509Certificate certificate : certificates) {
            if (certificate.getNotAfter().toInstant().isBefore(now)) {
                warnings.add("certificate " + certificate.getSubjectX500Principal().getName()
                        + " expired on " + certificate.getNotAfter().toInstant());
            }
        }
        return warnings;
    }
}
