package io.github.fleetprov.testkit.internal.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A small HTTP/1.1 server on a free loopback port for the local AWS endpoints, handing each request
 * to a {@link com.sun.net.httpserver.HttpHandler}-style handler as an {@link HttpExchange}.
 *
 * <p>Why not the JDK's {@code HttpServer}: it writes a response's headers and body in separate
 * TCP segments without TCP_NODELAY, so on loopback every answer waits about 40 ms for the client's
 * delayed ACK, and the only switch is a JVM-wide system property, which a library must not set. It
 * also answers a request line with a malformed percent-escape with an HTML page of its own, where
 * AWS answers in its JSON or XML error shape. This server sets TCP_NODELAY on each connection,
 * writes each answer in one piece, and lets the endpoint answer malformed requests.
 *
 * <p>Supported: keep-alive, {@code Content-Length} and chunked request bodies,
 * {@code Expect: 100-continue}, HEAD, and TLS with a required client certificate.
 */
public final class LoopbackHttpServer implements AutoCloseable {

    /** Handles one request; the exchange is closed afterwards in any case. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Handles one request.
         *
         * @param exchange the request and its response
         * @throws IOException if writing fails
         */
        void handle(HttpExchange exchange) throws IOException;
    }

    /** Answers a request that is not valid HTTP or whose target is not a valid URI. */
    @FunctionalInterface
    public interface BadRequest {
        /**
         * Answers a malformed request (its URI is {@code /}).
         *
         * @param exchange the exchange to answer on
         * @param problem what is wrong, for the message
         * @throws IOException if writing fails
         */
        void answer(HttpExchange exchange, String problem) throws IOException;
    }

    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 200;
    private static final int IDLE_TIMEOUT_MS = 120_000;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    private final ServerSocket socket;
    private final Handler handler;
    private final BadRequest badRequest;
    private final ExecutorService executor;
    private final Thread acceptor;
    private final Map<Socket, Boolean> open = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private LoopbackHttpServer(String name, SSLContext tlsContext, Handler handler, BadRequest badRequest) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.badRequest = Objects.requireNonNull(badRequest, "badRequest");
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            if (tlsContext == null) {
                socket = new ServerSocket();
            } else {
                SSLServerSocket s = (SSLServerSocket) tlsContext.getServerSocketFactory().createServerSocket();
                s.setNeedClientAuth(true);
                socket = s;
            }
            socket.setReuseAddress(true);
            socket.bind(address, 128);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a loopback port", e);
        }
        this.executor = LoopbackHttp.daemonExecutor(name);
        this.acceptor = new Thread(this::acceptLoop, name + "-accept");
        acceptor.setDaemon(true);
    }

    /**
     * Starts a plain HTTP server.
     *
     * @param name the thread name prefix
     * @param handler the request handler
     * @param badRequest the answer to malformed requests
     * @return the running server
     */
    public static LoopbackHttpServer start(String name, Handler handler, BadRequest badRequest) {
        return start(name, null, handler, badRequest);
    }

    /**
     * Starts a server, over TLS with a required client certificate when a context is given.
     *
     * @param name the thread name prefix
     * @param tlsContext the TLS context, or {@code null} for plain HTTP
     * @param handler the request handler
     * @param badRequest the answer to malformed requests
     * @return the running server
     */
    public static LoopbackHttpServer start(String name, SSLContext tlsContext, Handler handler, BadRequest badRequest) {
        LoopbackHttpServer server = new LoopbackHttpServer(name, tlsContext, handler, badRequest);
        server.acceptor.start();
        return server;
    }

    /**
     * The bound address.
     *
     * @return the loopback address and port
     */
    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket s : open.keySet()) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        executor.shutdownNow();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = socket.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            try {
                executor.execute(() -> serve(s));
            } catch (RuntimeException e) {
                closeQuietly(s);
            }
        }
    }

    private void serve(Socket s) {
        open.put(s, Boolean.TRUE);
        try {
            s.setTcpNoDelay(true);
            s.setSoTimeout(IDLE_TIMEOUT_MS);
            if (s instanceof SSLSocket) {
                ((SSLSocket) s).startHandshake();
            }
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            boolean keepAlive = true;
            while (keepAlive && !closed) {
                String requestLine = readLine(in);
                if (requestLine == null) {
                    return;
                }
                if (requestLine.isEmpty()) {
                    continue;
                }
                keepAlive = exchange(s, requestLine, in, out);
            }
        } catch (IOException | RuntimeException e) {
            // the client went away or sent something unreadable: drop the connection
        } finally {
            open.remove(s);
            closeQuietly(s);
        }
    }

    /** Reads and answers one request; returns whether the connection stays open. */
    private boolean exchange(Socket s, String requestLine, InputStream in, OutputStream out) throws IOException {
        String[] parts = requestLine.split(" ");
        Headers requestHeaders = new Headers();
        for (int i = 0; ; i++) {
            String line = readLine(in);
            if (line == null) {
                throw new IOException("connection closed in the headers");
            }
            if (line.isEmpty()) {
                break;
            }
            if (i >= MAX_HEADERS) {
                throw new IOException("too many headers");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                requestHeaders.add(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        boolean http10 = parts.length == 3 && parts[2].equals("HTTP/1.0");
        String connection = String.valueOf(requestHeaders.getFirst("Connection")).toLowerCase(Locale.ROOT);
        boolean keepAlive = http10 ? connection.equals("keep-alive") : !connection.equals("close");
        if ("100-continue".equalsIgnoreCase(requestHeaders.getFirst("Expect"))) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        byte[] body = readBody(in, requestHeaders);
        String method = parts.length > 0 ? parts[0].toUpperCase(Locale.ROOT) : "";
        String target = parts.length > 1 ? parts[1] : "";
        String problem = parts.length != 3 ? "The request line is not 'METHOD target HTTP/1.1'." : targetProblem(target);
        Exchange exchange = new Exchange(s, method, problem == null ? URI.create(target) : URI.create("/"),
                requestHeaders, body, keepAlive);
        try {
            if (problem == null) {
                handler.handle(exchange);
            } else {
                badRequest.answer(exchange, problem);
            }
        } finally {
            exchange.close();
        }
        out.write(exchange.render());
        out.flush();
        return keepAlive;
    }

    /** Why a request target cannot be used, or {@code null}. */
    static String targetProblem(String target) {
        if (!target.startsWith("/")) {
            return "The request target '" + target + "' is not an absolute path.";
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '%') {
                if (i + 2 >= target.length() || Character.digit(target.charAt(i + 1), 16) < 0
                        || Character.digit(target.charAt(i + 2), 16) < 0) {
                    return "The request URI has a malformed percent-escape at position " + i
                            + ". Encode '%' as %25 and every escape as % followed by two hex digits.";
                }
            }
        }
        try {
            URI.create(target);
            return null;
        } catch (IllegalArgumentException e) {
            return "The request URI is not valid (" + e.getMessage() + "). Percent-encode reserved characters.";
        }
    }

    private static byte[] readBody(InputStream in, Headers headers) throws IOException {
        String te = headers.getFirst("Transfer-Encoding");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = readLine(in);
                if (sizeLine == null) {
                    throw new IOException("connection closed in a chunked body");
                }
                int semi = sizeLine.indexOf(';');
                int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
                if (size == 0) {
                    while (true) {
                        String trailer = readLine(in);
                        if (trailer == null || trailer.isEmpty()) {
                            return body.toByteArray();
                        }
                    }
                }
                if (body.size() + size > LoopbackHttp.MAX_BODY_BYTES + 1) {
                    throw new IOException("chunked body too large");
                }
                body.write(in.readNBytes(size));
                readLine(in);
            }
        }
        String length = headers.getFirst("Content-Length");
        if (length == null) {
            return new byte[0];
        }
        long n = Long.parseLong(length.trim());
        if (n < 0 || n > LoopbackHttp.MAX_BODY_BYTES + 1L) {
            throw new IOException("body too large");
        }
        byte[] body = in.readNBytes((int) n);
        if (body.length != n) {
            throw new IOException("connection closed in the body");
        }
        return body;
    }

    /** A line ending in CRLF (or LF), without it; {@code null} at the end of the stream. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return line.length() == 0 ? null : line.toString();
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw new IOException("line too long");
            }
            line.append((char) b);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing more to do
        }
    }

    /** One request and its buffered response. */
    private final class Exchange extends HttpsExchange {
        private final Socket socket;
        private final String method;
        private final URI uri;
        private final Headers requestHeaders;
        private final Headers responseHeaders = new Headers();
        private final InputStream requestBody;
        private final ByteArrayOutputStream responseBody = new ByteArrayOutputStream();
        private final boolean keepAlive;
        private final Map<String, Object> attributes = new ConcurrentHashMap<>();
        private int status = -1;

        Exchange(Socket socket, String method, URI uri, Headers requestHeaders, byte[] body, boolean keepAlive) {
            this.socket = socket;
            this.method = method;
            this.uri = uri;
            this.requestHeaders = requestHeaders;
            this.requestBody = new ByteArrayInputStream(body);
            this.keepAlive = keepAlive;
        }

        byte[] render() {
            int code = status < 0 ? 500 : status;
            byte[] body = "HEAD".equals(method) ? new byte[0] : responseBody.toByteArray();
            StringBuilder head = new StringBuilder("HTTP/1.1 ").append(code).append(' ').append(reason(code)).append("\r\n");
            responseHeaders.set("Date", HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
            responseHeaders.set("Content-Length", String.valueOf("HEAD".equals(method) ? responseBody.size() : body.length));
            responseHeaders.set("Connection", keepAlive ? "keep-alive" : "close");
            for (Map.Entry<String, List<String>> h : responseHeaders.entrySet()) {
                for (String v : h.getValue()) {
                    head.append(h.getKey()).append(": ").append(v).append("\r\n");
                }
            }
            head.append("\r\n");
            byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
            byte[] all = new byte[headBytes.length + body.length];
            System.arraycopy(headBytes, 0, all, 0, headBytes.length);
            System.arraycopy(body, 0, all, headBytes.length, body.length);
            return all;
        }

        @Override
        public Headers getRequestHeaders() {
            return requestHeaders;
        }

        @Override
        public Headers getResponseHeaders() {
            return responseHeaders;
        }

        @Override
        public URI getRequestURI() {
            return uri;
        }

        @Override
        public String getRequestMethod() {
            return method;
        }

        @Override
        public HttpContext getHttpContext() {
            throw new UnsupportedOperationException("no contexts: one handler per server");
        }

        @Override
        public void close() {
            // the response is written by the server once the handler returns
        }

        @Override
        public InputStream getRequestBody() {
            return requestBody;
        }

        @Override
        public OutputStream getResponseBody() {
            return responseBody;
        }

        @Override
        public void sendResponseHeaders(int rCode, long responseLength) {
            if (status >= 0) {
                throw new IllegalStateException("response headers already sent");
            }
            status = rCode;
        }

        @Override
        public InetSocketAddress getRemoteAddress() {
            return (InetSocketAddress) socket.getRemoteSocketAddress();
        }

        @Override
        public int getResponseCode() {
            return status;
        }

        @Override
        public InetSocketAddress getLocalAddress() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        @Override
        public String getProtocol() {
            return "HTTP/1.1";
        }

        @Override
        public Object getAttribute(String name) {
            return attributes.get(name);
        }

        @Override
        public void setAttribute(String name, Object value) {
            if (value == null) {
                attributes.remove(name);
            } else {
                attributes.put(name, value);
            }
        }

        @Override
        public void setStreams(InputStream i, OutputStream o) {
            throw new UnsupportedOperationException("streams are fixed");
        }

        @Override
        public com.sun.net.httpserver.HttpPrincipal getPrincipal() {
            return null;
        }

        @Override
        public SSLSession getSSLSession() {
            return socket instanceof SSLSocket ? ((SSLSocket) socket).getSession() : null;
        }
    }

    private static String reason(int code) {
        switch (code) {
            case 200:
                return "OK";
            case 400:
                return "Bad Request";
            case 401:
                return "Unauthorized";
            case 403:
                return "Forbidden";
            case 404:
                return "Not Found";
            case 405:
                return "Method Not Allowed";
            case 406:
                return "Not Acceptable";
            case 409:
                return "Conflict";
            case 410:
                return "Gone";
            case 429:
                return "Too Many Requests";
            case 500:
                return "Internal Server Error";
            case 503:
                return "Service Unavailable";
            default:
                return "Status";
        }
    }
}
