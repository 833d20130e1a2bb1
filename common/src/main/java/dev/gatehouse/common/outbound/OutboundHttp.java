package dev.gatehouse.common.outbound;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one way both services make requests to addresses that others chose (design.md §6, "Outbound requests").
 * Each host is resolved once, every address it resolves to must pass the policy, and the connection goes to
 * exactly those checked addresses (no DNS-rebinding window between check and connect). Redirects are followed
 * by hand, a few at most, and each hop is checked again like the first. Answers are bounded in size and time.
 */
public final class OutboundHttp implements Closeable {

    private static final int MAX_REDIRECTS = 3;

    /** Turns a host name into addresses; the system resolver in production, a test DNS server in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** An answer: status, headers (lower-case names) and the body, at most {@code maxBytes} of it. */
    public record Answer(int status, Map<String, String> headers, byte[] body, URI finalUri) {
    }

    private final OutboundPolicy policy;
    private final CloseableHttpClient client;
    private final int maxBytes;

    public OutboundHttp(OutboundPolicy policy, Duration timeout, int maxBytes) {
        this(policy, timeout, maxBytes, InetAddress::getAllByName);
    }

    public OutboundHttp(OutboundPolicy policy, Duration timeout, int maxBytes, Resolver resolver) {
        this.policy = policy;
        this.maxBytes = maxBytes;
        Timeout t = Timeout.of(timeout);
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new CheckedResolver(policy, resolver))
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(t).setSocketTimeout(t).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(t).setRedirectsEnabled(false).build())
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
    }

    /** GET, following up to three redirects, each one checked again. */
    public Answer get(String url, Map<String, String> headers) throws IOException {
        URI uri = checkedUri(url);
        for (int hop = 0; ; hop++) {
            Answer answer = execute(new HttpUriRequestBase("GET", uri), headers);
            String location = answer.headers().get("location");
            if (answer.status() / 100 != 3 || location == null) {
                return answer;
            }
            if (hop == MAX_REDIRECTS) {
                throw new OutboundRefused("more than " + MAX_REDIRECTS + " redirects from " + url);
            }
            uri = checkedUri(uri.resolve(location).toString());
        }
    }

    /** A form POST; a redirect in answer is returned, never followed (a token endpoint has no business redirecting). */
    public Answer postForm(String url, String formBody, Map<String, String> headers) throws IOException {
        HttpUriRequestBase post = new HttpUriRequestBase("POST", checkedUri(url));
        post.setEntity(new StringEntity(formBody, ContentType.APPLICATION_FORM_URLENCODED));
        return execute(post, headers);
    }

    /** A JSON POST (a webhook delivery); a redirect in answer is returned, never followed. */
    public Answer postJson(String url, String jsonBody, Map<String, String> headers) throws IOException {
        HttpUriRequestBase post = new HttpUriRequestBase("POST", checkedUri(url));
        post.setEntity(new StringEntity(jsonBody, ContentType.APPLICATION_JSON));
        return execute(post, headers);
    }

    /** The URL as a URI with an allowed scheme and a host; addresses are checked when connecting. */
    public URI checkedUri(String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new OutboundRefused("not a valid URL: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || policy.allowHttp() && scheme.equals("http"))) {
            throw new OutboundRefused(policy.allowHttp() ? "must be an absolute http or https URL: " + url
                    : "must be an absolute https URL: " + url);
        }
        if (uri.getRawUserInfo() != null) {
            throw new OutboundRefused("must not carry credentials in the URL: " + url);
        }
        return uri;
    }

    private Answer execute(HttpUriRequestBase request, Map<String, String> headers) throws IOException {
        headers.forEach(request::addHeader);
        return client.execute(request, response -> {
            Map<String, String> answerHeaders = new LinkedHashMap<>();
            for (Header header : response.getHeaders()) {
                answerHeaders.putIfAbsent(header.getName().toLowerCase(Locale.ROOT), header.getValue());
            }
            byte[] body = new byte[0];
            if (response.getEntity() != null) {
                try (InputStream in = response.getEntity().getContent()) {
                    body = in.readNBytes(maxBytes + 1);
                }
                if (body.length > maxBytes) {
                    throw new OutboundRefused("the answer of " + request.getRequestUri() + " is larger than " + maxBytes + " bytes");
                }
            }
            try {
                return new Answer(response.getCode(), answerHeaders, body, request.getUri());
            } catch (java.net.URISyntaxException e) {
                throw new IOException(e);
            }
        });
    }

    @Override
    public void close() throws IOException {
        client.close();
    }

    /** Resolves once and hands the connection exactly the addresses that passed the policy. */
    private record CheckedResolver(OutboundPolicy policy, Resolver resolver) implements DnsResolver {

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            InetAddress[] addresses = resolver.resolve(host);
            if (addresses == null || addresses.length == 0) {
                throw new UnknownHostException(host);
            }
            for (InetAddress address : addresses) {
                // One internal address among public ones is enough to refuse: which one the connection would
                // pick is not ours to guess.
                if (!policy.addressAllowed().test(address)) {
                    throw new OutboundRefused(host + " resolves to an internal address (" + address.getHostAddress()
                            + "), which is not allowed");
                }
            }
            return addresses;
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            return host;
        }
    }
}
