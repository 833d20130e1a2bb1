package dev.gatehouse.tenant.support;

import dev.gatehouse.testing.RequiredTool;
import dev.gatehouse.testing.Scratch;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real DNS server for the ownership checks: Debian's dnsmasq on a loopback port, authoritative for
 * {@code .test}, restarted with the TXT records a test publishes. Installed by .ci/run.
 */
public class DnsServer implements QuarkusTestResourceLifecycleManager {

    private static final Map<String, String> TXT = new ConcurrentHashMap<>();
    /**
     * Names for the outbound-policy tests: one that answers a public (documentation) address first and loopback
     * second, one that is internal only, one in CGNAT space, one IPv6 unique-local.
     */
    private static final String OUTBOUND_RECORDS = """
            address=/public-then-loopback.test/203.0.113.10
            address=/public-then-loopback.test/127.0.0.1
            address=/internal.test/10.1.2.3
            address=/cgnat.test/100.64.0.7
            address=/ula.test/fd00::1
            """;
    private static volatile DnsServer running;
    private Path config;
    private int port;
    private Process process;

    public static void publishTxt(String name, String value) {
        TXT.put(name, value);
        running.restart();
    }

    /** Stops answering, as a DNS server that times out. */
    public static void silence() {
        running.stopProcess();
    }

    public static void resume() {
        running.restart();
    }

    @Override
    public Map<String, String> start() {
        try {
            config = Files.createTempFile("dnsmasq", ".conf");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        running = this;
        // dnsmasq listens on UDP and TCP: a port free for one may be taken for the other (it then exits with 2).
        for (int attempt = 1; ; attempt++) {
            port = freeUdpAndTcpPort();
            try {
                restart();
                break;
            } catch (IllegalStateException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
        return Map.of("gatehouse.domains.dns-server", "127.0.0.1:" + port, "gatehouse.domains.dns-timeout", "PT1S");
    }

    @Override
    public void stop() {
        stopProcess();
        Scratch.delete(config);
    }

    private static int freeUdpAndTcpPort() {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (DatagramSocket udp = new DatagramSocket(0);
                 java.net.ServerSocket tcp = new java.net.ServerSocket(udp.getLocalPort(), 1,
                         java.net.InetAddress.getByName("127.0.0.1"))) {
                return tcp.getLocalPort();
            } catch (IOException taken) {
                // the TCP side of this UDP port is in use: another one
            }
        }
        throw new IllegalStateException("no port free for both UDP and TCP on 127.0.0.1");
    }

    private synchronized void restart() {
        stopProcess();
        try {
            String records = TXT.entrySet().stream()
                    .map(e -> "txt-record=" + e.getKey() + ",\"" + e.getValue() + "\"")
                    .collect(Collectors.joining("\n"));
            Files.writeString(config, "local=/test/\nhost-record=_gatehouse-challenge.nodata.test,127.0.0.1\n" + OUTBOUND_RECORDS
                    + records + "\n");
            String dnsmasq = RequiredTool.path("dnsmasq", "dnsmasq");
            process = new ProcessBuilder(dnsmasq, "--keep-in-foreground", "--no-resolv", "--no-hosts", "--user=root",
                    "--pid-file=", "--port=" + port, "--listen-address=127.0.0.1", "--bind-interfaces",
                    "--conf-file=" + config).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Thread.sleep(300);
            if (!process.isAlive()) {
                throw new IllegalStateException("dnsmasq exited at start with " + process.exitValue());
            }
        } catch (IOException e) {
            throw new IllegalStateException("dnsmasq is needed for the domain verification tests (apt-get install dnsmasq)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private synchronized void stopProcess() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }
}
