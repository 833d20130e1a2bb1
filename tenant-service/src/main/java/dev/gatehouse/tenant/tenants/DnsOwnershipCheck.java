package dev.gatehouse.tenant.tenants;

import dev.gatehouse.tenant.common.TenantServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Proves a domain is controlled by whoever claims it: a TXT record {@code gh-verify=<token>} at
 * {@code _gatehouse-challenge.<domain>} (the WorkOS / Google Workspace pattern), looked up with dnsjava.
 * Each lookup uses a fresh cache, so no failure is remembered.
 */
@ApplicationScoped
public class DnsOwnershipCheck {

    @Inject
    TenantServiceConfig config;

    public Outcome check(SsoDomain claim) {
        Lookup lookup;
        try {
            lookup = new Lookup(Name.fromString(claim.txtName() + "."), Type.TXT);
        } catch (TextParseException e) {
            return Outcome.failure("the domain is not a valid DNS name");
        }
        lookup.setResolver(resolver());
        lookup.setCache(null);
        Record[] records = lookup.run();
        switch (lookup.getResult()) {
            case Lookup.SUCCESSFUL -> {
                for (Record record : records) {
                    if (record instanceof TXTRecord txt && String.join("", txt.getStrings()).equals(claim.txtValue())) {
                        return Outcome.success();
                    }
                }
                return Outcome.failure("the TXT record at " + claim.txtName() + " does not hold " + claim.txtValue());
            }
            case Lookup.HOST_NOT_FOUND -> {
                return Outcome.failure(claim.txtName() + " does not exist (NXDOMAIN): create the TXT record");
            }
            case Lookup.TYPE_NOT_FOUND -> {
                return Outcome.failure("no TXT record at " + claim.txtName() + " yet");
            }
            default -> {
                return Outcome.failure("the DNS server did not answer in time; try again shortly");
            }
        }
    }

    private Resolver resolver() {
        try {
            Resolver resolver;
            if (config.domains().dnsServer().isPresent()) {
                String server = config.domains().dnsServer().get();
                int colon = server.lastIndexOf(':');
                resolver = colon > 0
                        ? new SimpleResolver(new InetSocketAddress(server.substring(0, colon), Integer.parseInt(server.substring(colon + 1))))
                        : new SimpleResolver(server);
            } else {
                resolver = new ExtendedResolver();
            }
            resolver.setTimeout(config.domains().dnsTimeout());
            return resolver;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("gatehouse.domains.dns-server is not a resolvable host", e);
        }
    }

    public record Outcome(boolean proven, String reason) {
        static Outcome success() {
            return new Outcome(true, null);
        }

        static Outcome failure(String reason) {
            return new Outcome(false, reason);
        }
    }
}
