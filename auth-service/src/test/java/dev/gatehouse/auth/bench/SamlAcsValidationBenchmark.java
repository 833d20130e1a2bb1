package dev.gatehouse.auth.bench;

import dev.gatehouse.auth.saml.SamlRejected;
import dev.gatehouse.auth.saml.SamlResponseValidator;
import dev.gatehouse.auth.support.SamlIdp;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the SAML ACS spends on validating one response: parsing with the hardened parser, the XML-Signature check
 * against the tenant's certificate, and every condition (issuer, audience, destination, recipient, times). The
 * response is signed by xmlsec1 (not by our code), once, before measuring; {@code signed} says which element carries
 * the signature. The replay cache (a database insert) is not part of it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SamlAcsValidationBenchmark {

    private static final String ACS = "https://auth.example.com/saml/acs/acme";
    private static final String SP = "https://auth.example.com/saml/metadata/acme";

    @Param({"assertion", "response"})
    public String signed;

    private String samlResponse;
    private SamlResponseValidator.Expectations expectations;
    private Instant now;

    @Setup
    public void sign() throws Exception {
        Map<String, String> fields = SamlIdp.response(ACS, SP, "_req1", "ada@acme.test");
        String xml = signed.equals("assertion") ? SamlIdp.signedAssertion(fields) : SamlIdp.signedResponse(fields);
        samlResponse = Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
        var certificate = CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(SamlIdp.certificate().getBytes(StandardCharsets.US_ASCII)));
        expectations = new SamlResponseValidator.Expectations(ACS, SP, SamlIdp.ENTITY_ID, "_req1",
                List.of(certificate.getPublicKey()), Duration.ofSeconds(60), 1 << 20, null, false);
        now = Instant.parse(fields.get("issueInstant"));
        validate();
    }

    @Benchmark
    public SamlResponseValidator.ValidatedAssertion validate() throws SamlRejected {
        return SamlResponseValidator.validate(samlResponse, expectations, now);
    }
}
