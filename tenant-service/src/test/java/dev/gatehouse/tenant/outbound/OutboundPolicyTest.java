package dev.gatehouse.tenant.outbound;

import dev.gatehouse.common.outbound.OutboundHttp;
import dev.gatehouse.common.outbound.OutboundPolicy;
import dev.gatehouse.common.outbound.OutboundRefused;
import dev.gatehouse.embeddeddb.EmbeddedPostgresResource;
import dev.gatehouse.tenant.support.DnsServer;
import dev.gatehouse.tenant.support.PeerHttpServer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.gatehouse.tenant.support.Api.asProjectAdmin;
import static dev.gatehouse.tenant.support.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;

/**
 * The one outbound policy of both services (design.md §6), against a real DNS server (dnsmasq) and a real HTTP
 * peer. Nothing here connects anywhere but loopback: refused names are refused before any connection.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PeerHttpServer.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = DnsServer.class, scope = TestResourceScope.GLOBAL)
class OutboundPolicyTest {

    @ConfigProperty(name = "gatehouse.domains.dns-server")
    String dnsServer;

    /** Java hands IPv4-mapped addresses over as the IPv4 address they map, which the IPv4 rules then judge. */
    @Test
    void onlyPublicAddressesArePublic() throws UnknownHostException {
        for (String internal : List.of("127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254",
                "100.64.0.1", "100.127.255.254", "0.0.0.0", "0.1.2.3", "224.0.0.1", "255.255.255.255", "198.18.0.1",
                "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "fec0::1", "ff02::1", "::ffff:127.0.0.1",
                "::ffff:10.0.0.1", "::127.0.0.1", "64:ff9b::a00:1", "64:ff9b::808:808")) {
            assertThat(OutboundPolicy.isPublic(InetAddress.getByName(internal))).as(internal).isFalse();
        }
        for (String external : List.of("8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.1", "172.15.0.1",
                "172.32.0.1", "2001:4860:4860::8888", "2606:4700::1111")) {
            assertThat(OutboundPolicy.isPublic(InetAddress.getByName(external))).as(external).isTrue();
        }
    }

    @Test
    void aNameAnsweringAPublicAddressFirstAndLoopbackSecondIsRefusedBeforeAnyConnection() {
        try (OutboundHttp http = strict()) {
            assertThatThrownBy(() -> http.get("https://public-then-loopback.test/metadata", Map.of()))
                    .isInstanceOf(OutboundRefused.class).hasMessageContaining("127.0.0.1");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void privateCgnatAndUniqueLocalNamesAreRefused() throws IOException {
        try (OutboundHttp http = strict()) {
            for (String host : List.of("internal.test", "cgnat.test", "ula.test")) {
                assertThatThrownBy(() -> http.get("https://" + host + "/x", Map.of())).as(host)
                        .isInstanceOf(OutboundRefused.class).hasMessageContaining("internal address");
            }
        }
    }

    @Test
    void plainHttpIsRefusedOutsideDevelopment() throws IOException {
        try (OutboundHttp http = strict()) {
            assertThatThrownBy(() -> http.get("http://example.test/x", Map.of()))
                    .isInstanceOf(OutboundRefused.class).hasMessageContaining("https");
            assertThatThrownBy(() -> http.get("https://user:secret@example.test/x", Map.of()))
                    .isInstanceOf(OutboundRefused.class).hasMessageContaining("credentials");
        }
    }

    @Test
    void aHostIsResolvedOnceAndConnectedToAsChecked() throws IOException {
        PeerHttpServer.publish("/outbound/once", "checked");
        int port = URI.create(PeerHttpServer.url("/")).getPort();
        AtomicInteger lookups = new AtomicInteger();
        // A rebinding resolver: its first answer is the checked one; any later answer would point elsewhere.
        OutboundHttp.Resolver rebinding = host -> new InetAddress[]{InetAddress.getByName(
                lookups.getAndIncrement() == 0 ? "127.0.0.1" : "127.0.0.2")};
        OutboundPolicy onlyTheFirstAnswer = new OutboundPolicy(true, a -> a.getHostAddress().equals("127.0.0.1"));
        try (OutboundHttp http = new OutboundHttp(onlyTheFirstAnswer, Duration.ofSeconds(5), 4096, rebinding)) {
            OutboundHttp.Answer answer = http.get("http://idp.test:" + port + "/outbound/once", Map.of());
            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("checked");
        }
        assertThat(lookups.get()).isEqualTo(1);
    }

    @Test
    void everyRedirectIsCheckedAgain() throws IOException {
        int port = URI.create(PeerHttpServer.url("/")).getPort();
        PeerHttpServer.publishRedirect("/outbound/hop", "http://inside.test:" + port + "/outbound/secret");
        PeerHttpServer.publish("/outbound/secret", "internal data");
        OutboundHttp.Resolver resolver = host -> new InetAddress[]{InetAddress.getByName(
                host.equals("inside.test") ? "127.0.0.2" : "127.0.0.1")};
        OutboundPolicy loopbackOneOnly = new OutboundPolicy(true, a -> a.getHostAddress().equals("127.0.0.1"));
        try (OutboundHttp http = new OutboundHttp(loopbackOneOnly, Duration.ofSeconds(5), 4096, resolver)) {
            assertThatThrownBy(() -> http.get("http://idp.test:" + port + "/outbound/hop", Map.of()))
                    .isInstanceOf(OutboundRefused.class).hasMessageContaining("inside.test");
        }
    }

    @Test
    void aMetadataUrlOnLoopbackIsRefusedByTheStrictPolicy() {
        String tenant = dev.gatehouse.tenant.support.Api.createTenant(unique("ssrf") + ".example.com");
        // This test profile allows private addresses for the peer server; the strict policy is what production runs.
        try (OutboundHttp http = new OutboundHttp(OutboundPolicy.strict(), Duration.ofSeconds(2), 4096)) {
            assertThatThrownBy(() -> http.get("https://127.0.0.1/metadata", Map.of())).isInstanceOf(OutboundRefused.class);
            assertThatThrownBy(() -> http.get("https://169.254.169.254/latest/meta-data", Map.of())).isInstanceOf(OutboundRefused.class);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        asProjectAdmin().body(Map.of("type", "saml", "saml", Map.of("metadataUrl", "ftp://127.0.0.1/metadata")))
                .put("/v1/mgmt/tenants/" + tenant + "/sso").then().statusCode(400).body("detail", containsString("URL"));
    }

    private OutboundHttp strict() {
        return new OutboundHttp(OutboundPolicy.strict(), Duration.ofSeconds(2), 4096, this::lookUp);
    }

    /** Asks the test's dnsmasq, as the system resolver would ask the cluster's DNS. */
    private InetAddress[] lookUp(String host) throws UnknownHostException {
        int colon = dnsServer.lastIndexOf(':');
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(dnsServer.substring(0, colon),
                Integer.parseInt(dnsServer.substring(colon + 1))));
        resolver.setTimeout(Duration.ofSeconds(2));
        List<InetAddress> addresses = new ArrayList<>();
        try {
            for (int type : new int[]{Type.A, Type.AAAA}) {
                Lookup lookup = new Lookup(host, type);
                lookup.setResolver(resolver);
                lookup.setCache(null);
                Record[] records = lookup.run();
                for (Record record : records == null ? new Record[0] : records) {
                    addresses.add(record instanceof ARecord a ? a.getAddress() : ((AAAARecord) record).getAddress());
                }
            }
        } catch (org.xbill.DNS.TextParseException e) {
            throw new UnknownHostException(host);
        }
        if (addresses.isEmpty()) {
            throw new UnknownHostException(host);
        }
        return addresses.toArray(InetAddress[]::new);
    }
}
