package io.github.fleetprov.testkit.internal.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpContentException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Date;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;

/**
 * An HTTP/1.1 server on a free loopback port for the local AWS endpoints, built on Netty's HTTP
 * codec, handing each request to a handler as an {@link Exchange}.
 *
 * <p>Why not the JDK's {@code HttpServer}: it writes a response's headers and body in separate
 * TCP segments without TCP_NODELAY, so on loopback every answer waits for the client's delayed ACK,
 * and the only switch is a JVM-wide system property, which a library must not set. It also answers
 * a request line with a malformed percent-escape with an HTML page of its own, where AWS answers in
 * its JSON or XML error shape. Here TCP_NODELAY is a per-connection option, each answer is one
 * full response, and the endpoint answers malformed and oversized requests in its own shape.
 *
 * <p>Handlers run on a daemon executor, never on the event loop, one request at a time per
 * connection so that answers keep the order of requests.
 */
public final class LoopbackHttpServer implements AutoCloseable {

    /** Handles one request; a handler that sends no answer makes the server close the connection. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Handles one request.
         *
         * @param exchange the request and its response
         * @throws IOException if writing fails
         */
        void handle(Exchange exchange) throws IOException;
    }

    /** Answers a request that is not valid HTTP, whose target is not a valid URI, or that is too large. */
    @FunctionalInterface
    public interface BadRequest {
        /**
         * Answers a malformed request (its URI is {@code /}).
         *
         * @param exchange the exchange to answer on
         * @param status the HTTP status to answer with: 400, or 413 for a body over
         *     {@link LoopbackHttp#MAX_BODY_BYTES}
         * @param problem what is wrong, for the message
         * @throws IOException if writing fails
         */
        void answer(Exchange exchange, int status, String problem) throws IOException;
    }

    private static final int IDLE_TIMEOUT_SECONDS = 120;

    private final Handler handler;
    private final BadRequest badRequest;
    private final EventLoopGroup loop;
    private final ExecutorService executor;
    private final Channel channel;

    private LoopbackHttpServer(String name, InetSocketAddress address, SSLContext tls, Handler handler,
            BadRequest badRequest) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.badRequest = Objects.requireNonNull(badRequest, "badRequest");
        this.loop = new NioEventLoopGroup(1, new DefaultThreadFactory(name + "-io", true));
        this.executor = LoopbackHttp.daemonExecutor(name);
        ServerBootstrap bootstrap = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls != null) {
                            SSLEngine engine = tls.createSSLEngine();
                            engine.setUseClientMode(false);
                            engine.setNeedClientAuth(true);
                            ch.pipeline().addLast(new SslHandler(engine));
                        }
                        ch.pipeline().addLast(new ReadTimeoutHandler(IDLE_TIMEOUT_SECONDS), new HttpServerCodec(),
                                new HttpServerExpectContinueHandler(), new BodyAggregator(), new Dispatcher());
                    }
                });
        ChannelFuture bound = bootstrap.bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            close();
            Throwable cause = bound.cause();
            throw new UncheckedIOException("cannot bind " + address,
                    cause instanceof IOException io ? io : new IOException(cause));
        }
        this.channel = bound.channel();
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
        return start(name, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), tlsContext, handler, badRequest);
    }

    /**
     * Starts a server on an address, over TLS with a required client certificate when a context is given.
     *
     * @param name the thread name prefix
     * @param address the address and port to bind (port 0 for a free one)
     * @param tlsContext the TLS context, or {@code null} for plain HTTP
     * @param handler the request handler
     * @param badRequest the answer to malformed requests
     * @return the running server
     * @throws UncheckedIOException wrapping a {@link java.net.BindException} if the port is taken
     */
    public static LoopbackHttpServer start(String name, InetSocketAddress address, SSLContext tlsContext, Handler handler,
            BadRequest badRequest) {
        return new LoopbackHttpServer(name, Objects.requireNonNull(address, "address"), tlsContext, handler, badRequest);
    }

    /**
     * The bound address.
     *
     * @return the bound address and port
     */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Closes the port and every connection without waiting for requests in progress. */
    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
        loop.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS);
        executor.shutdownNow();
    }

    /** Why a request target cannot be used, or {@code null}. */
    static String targetProblem(String target) {
        if (!target.startsWith("/")) {
            return "The request target '" + target + "' is not an absolute path.";
        }
        for (int i = 0; i < target.length(); i++) {
            if (target.charAt(i) == '%' && (i + 2 >= target.length() || Character.digit(target.charAt(i + 1), 16) < 0
                    || Character.digit(target.charAt(i + 2), 16) < 0)) {
                return "The request URI has a malformed percent-escape at position " + i
                        + ". Encode '%' as %25 and every escape as % followed by two hex digits.";
            }
        }
        try {
            URI.create(target);
            return null;
        } catch (IllegalArgumentException e) {
            return "The request URI is not valid (" + e.getMessage() + "). Percent-encode reserved characters.";
        }
    }

    /** Passes an oversized request on as a failed one, so the endpoint answers 413 in its own shape. */
    private static final class BodyAggregator extends HttpObjectAggregator {
        BodyAggregator() {
            super(LoopbackHttp.MAX_BODY_BYTES);
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            if (!(oversized instanceof HttpRequest request)) {
                ctx.close();
                return;
            }
            FullHttpRequest failed = new DefaultFullHttpRequest(request.protocolVersion(), request.method(), request.uri(),
                    Unpooled.EMPTY_BUFFER);
            failed.headers().set(request.headers());
            failed.setDecoderResult(DecoderResult.failure(new TooLongHttpContentException("body too large")));
            ctx.fireChannelRead(failed);
        }
    }

    /** Hands the requests of one connection, in order, to the executor. */
    private final class Dispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {
        private CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            SslHandler tls = ctx.pipeline().get(SslHandler.class);
            Exchange exchange = new Exchange(request, tls == null ? null : tls.engine().getSession());
            DecoderResult decoded = request.decoderResult();
            boolean keepAlive = decoded.isSuccess() && HttpUtil.isKeepAlive(request);
            previous = previous.thenRunAsync(() -> serve(ctx, exchange, decoded, keepAlive), executor)
                    .exceptionally(e -> {
                        ctx.close();
                        return null;
                    });
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private void serve(ChannelHandlerContext ctx, Exchange exchange, DecoderResult decoded, boolean keepAlive) {
        try {
            String problem = decoded.isSuccess() ? targetProblem(exchange.target) : null;
            if (decoded.cause() instanceof TooLongHttpContentException) {
                badRequest.answer(exchange, 413, "The request body is larger than " + LoopbackHttp.MAX_BODY_BYTES + " bytes.");
            } else if (decoded.isFailure()) {
                badRequest.answer(exchange, 400, "The request is not valid HTTP/1.1 (" + decoded.cause().getMessage() + ").");
            } else if (problem != null) {
                badRequest.answer(exchange, 400, problem);
            } else {
                handler.handle(exchange);
            }
        } catch (IOException | RuntimeException e) {
            exchange.status = -1;
        }
        if (exchange.status < 0) {
            ctx.close();
            return;
        }
        ChannelFuture written = ctx.writeAndFlush(exchange.response(keepAlive));
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * One request and its buffered response; the method names follow
     * {@code com.sun.net.httpserver.HttpExchange}. The response goes out in one piece when the
     * handler returns.
     */
    public static final class Exchange {
        private final String method;
        private final String target;
        private final URI uri;
        private final HttpHeaders requestHeaders;
        private final InputStream requestBody;
        private final SSLSession session;
        private final HttpHeaders responseHeaders = new DefaultHttpHeaders();
        private final ByteArrayOutputStream responseBody = new ByteArrayOutputStream();
        private int status = -1;

        Exchange(FullHttpRequest request, SSLSession session) {
            this.method = request.method().name();
            this.target = request.uri();
            this.uri = request.decoderResult().isSuccess() && targetProblem(target) == null ? URI.create(target) : URI.create("/");
            this.requestHeaders = request.headers();
            this.requestBody = new ByteArrayInputStream(ByteBufUtil.getBytes(request.content()));
            this.session = session;
        }

        FullHttpResponse response(boolean keepAlive) {
            byte[] body = responseBody.toByteArray();
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                    Unpooled.wrappedBuffer(body));
            response.headers().set(responseHeaders).set(HttpHeaderNames.DATE, DateFormatter.format(new Date()));
            HttpUtil.setContentLength(response, body.length);
            HttpUtil.setKeepAlive(response, keepAlive);
            return response;
        }

        /** {@return the request method, e.g. {@code GET}} */
        public String getRequestMethod() {
            return method;
        }

        /** {@return the request target with its raw path and query; {@code /} for a malformed request} */
        public URI getRequestURI() {
            return uri;
        }

        /** {@return the request headers (names are case-insensitive)} */
        public HttpHeaders getRequestHeaders() {
            return requestHeaders;
        }

        /** {@return the request body, read in full before the handler runs} */
        public InputStream getRequestBody() {
            return requestBody;
        }

        /** {@return the TLS session with the client's certificate chain, or {@code null} over plain HTTP} */
        public SSLSession getSSLSession() {
            return session;
        }

        /** {@return the response headers, to set before the status} */
        public HttpHeaders getResponseHeaders() {
            return responseHeaders;
        }

        /**
         * Sets the response status; the length is that of what is written to the body.
         *
         * @param code the HTTP status
         * @param length ignored
         */
        public void sendResponseHeaders(int code, long length) {
            if (status >= 0) {
                throw new IllegalStateException("response headers already sent");
            }
            status = code;
        }

        /** {@return the response body, buffered until the handler returns} */
        public OutputStream getResponseBody() {
            return responseBody;
        }

        /** Does nothing: the server writes the response once the handler returns. */
        public void close() {
            // the response is written by the server
        }
    }
}
