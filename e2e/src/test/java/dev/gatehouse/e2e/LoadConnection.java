package dev.gatehouse.e2e;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One connection of the benchmark's load generator: a kept-alive HTTP/1.1 socket, written and read on the
 * calling thread. The JDK's HttpClient hands each request to its selector thread and back; on 2 cores shared with
 * the systems under test that cost more CPU per request than the faster system spends on it, and it costs both
 * systems alike, so it flattened the ratio. A load generator should cost as little as it can.
 *
 * <p>Not for anything but the benchmark: plain http only, no redirects, no retries (a request that fails fails
 * the benchmark; a refresh sent twice would break its token chain).
 */
final class LoadConnection implements AutoCloseable {

    record Response(URI uri, int status, Map<String, String> headers, String body) {

        /** A header's value, by its name in any case. */
        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    LoadConnection(URI base) {
        if (!"http".equals(base.getScheme())) {
            throw new IllegalArgumentException("the load generator speaks plain http only: " + base);
        }
        this.host = base.getHost();
        this.port = base.getPort() == -1 ? 80 : base.getPort();
    }

    Response get(URI uri, String... headers) throws IOException {
        return send("GET", uri, null, headers);
    }

    /** A form post; {@code headers} are name, value, name, value... */
    Response postForm(URI uri, String form, String... headers) throws IOException {
        return send("POST", uri, form, withContentType(headers));
    }

    Response post(URI uri, String... headers) throws IOException {
        return send("POST", uri, "", headers);
    }

    private static String[] withContentType(String[] headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/x-www-form-urlencoded";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return all;
    }

    private Response send(String method, URI uri, String body, String... headers) throws IOException {
        if (!host.equals(uri.getHost()) || port != (uri.getPort() == -1 ? 80 : uri.getPort())) {
            throw new IllegalArgumentException(uri + " is not on this connection's server " + host + ":" + port);
        }
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder request = new StringBuilder(256 + content.length).append(method).append(' ')
                .append(uri.getRawPath()).append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                .append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port).append("\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        if (body != null) {
            request.append("Content-Length: ").append(content.length).append("\r\n");
        }
        byte[] head = request.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
        byte[] whole = new byte[head.length + content.length];
        System.arraycopy(head, 0, whole, 0, head.length);
        System.arraycopy(content, 0, whole, head.length, content.length);
        if (socket == null) {
            open();
        }
        out.write(whole);
        out.flush();
        return read(uri);
    }

    private void open() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = socket.getOutputStream();
    }

    private Response read(URI uri) throws IOException {
        String statusLine = line();
        String[] status = statusLine.split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
            throw new IOException(uri + " answered with no HTTP status line: " + statusLine);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            headers.putIfAbsent(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        byte[] body;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = chunked();
        } else if (headers.containsKey("content-length")) {
            body = exactly(Integer.parseInt(headers.get("content-length")));
        } else {
            body = new byte[0];
        }
        if ("close".equalsIgnoreCase(headers.get("connection")) || statusLine.startsWith("HTTP/1.0")) {
            close();
        }
        return new Response(uri, Integer.parseInt(status[1]), headers, new String(body, StandardCharsets.UTF_8));
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size = chunkSize(); size > 0; size = chunkSize()) {
            body.write(exactly(size));
            line();
        }
        for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
            // trailers are not used
        }
        return body.toByteArray();
    }

    private byte[] exactly(int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            close();
            throw new EOFException(host + ":" + port + " closed the connection within a body");
        }
        return bytes;
    }

    private int chunkSize() throws IOException {
        String line = line();
        int extension = line.indexOf(';');
        return Integer.parseInt((extension < 0 ? line : line.substring(0, extension)).trim(), 16);
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                close();
                throw new EOFException(host + ":" + port + " closed the connection");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing: nothing left to do
            }
            socket = null;
        }
    }
}
