package io.github.fleetprov.testkit.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Helpers shared by the local HTTP endpoints: loopback servers, bodies, query strings. */
public final class LoopbackHttp {

    /** The largest request body the local endpoints read (AWS's largest documents are far smaller). */
    public static final int MAX_BODY_BYTES = 1 << 20;

    private LoopbackHttp() {
    }

    /**
     * An executor of daemon threads named after the server, so that a forgotten server never keeps
     * a test JVM alive.
     *
     * @param name the thread name prefix
     * @return the executor
     */
    public static ExecutorService daemonExecutor(String name) {
        AtomicInteger counter = new AtomicInteger();
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name + "-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A loopback address and port.
     *
     * @param port the port, 0 for a free one
     * @return the socket address
     */
    public static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /**
     * Reads the whole request body, refusing bodies larger than {@link #MAX_BODY_BYTES}.
     *
     * @param exchange the exchange
     * @return the body bytes (empty if none)
     * @throws IOException if reading fails
     */
    public static byte[] readBody(LoopbackHttpServer.Exchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw AwsApiException.invalidRequest("The request body is larger than " + MAX_BODY_BYTES + " bytes.");
            }
            return body;
        }
    }

    /**
     * Sends a complete answer and closes the exchange.
     *
     * @param exchange the exchange
     * @param status the HTTP status
     * @param contentType the content type
     * @param body the body bytes
     * @throws IOException if writing fails
     */
    public static void send(LoopbackHttpServer.Exchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(body);
            }
        }
    }

    /**
     * Parses a URL-encoded query string or form body; later duplicates win.
     *
     * @param encoded the raw query or body, may be {@code null}
     * @return the decoded parameters in order
     */
    public static Map<String, String> parseForm(String encoded) {
        Map<String, String> params = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return params;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }

    /**
     * Decodes one percent-encoded path segment (a {@code +} stays a plus sign).
     *
     * @param raw the raw segment
     * @return the decoded segment
     */
    public static String decodePathSegment(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
