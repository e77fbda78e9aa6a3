package io.github.fleetprov.testkit.internal.websocket;

import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.testkit.internal.broker.IamPrincipal;
import io.github.fleetprov.testkit.internal.broker.RelayedIdentities;
import io.github.fleetprov.testkit.internal.http.ServerTls;
import io.github.fleetprov.testkit.internal.iam.IamSession;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * AWS IoT Core's MQTT over WebSockets with SigV4 for {@code LocalIotCore}: a TLS listener (server
 * certificate from the emulator's CA) that serves the WebSocket upgrade on {@value #PATH} with the
 * subprotocol {@value #SUBPROTOCOL}, checks the upgrade's query-string signature with a
 * {@link SigV4QueryVerifier} and answers HTTP 403 without upgrading when it is missing, expired or
 * wrong, as AWS IoT does. An accepted connection's MQTT bytes (binary frames, which may split or join
 * MQTT packets) are relayed over a plain loopback connection to the embedded broker's relay listener,
 * after the IAM identity of the signer was announced for the CONNECT's client id through
 * {@link RelayedIdentities}; the broker then authorizes every CONNECT, PUBLISH, SUBSCRIBE and delivery
 * with the IAM policies of that identity's role.
 *
 * <p>AWS source: AWS IoT Core developer guide, "MQTT over the WebSocket protocol" (port 443, path
 * {@code /mqtt}, {@code Sec-WebSocket-Protocol: mqtt}, SigV4 with service {@code iotdevicegateway});
 * "Protocols" (MQTT over WSS with SigV4 on port 443). HiveMQ CE's own WebSocket listener does not show
 * extensions the upgrade request, so it cannot check the signature; hence this front.
 */
public final class WebSocketListener implements AutoCloseable {

    /** The request path AWS IoT serves MQTT over WebSockets on. */
    public static final String PATH = "/mqtt";
    /** The WebSocket subprotocol MQTT uses. */
    public static final String SUBPROTOCOL = "mqtt";

    private static final int MAX_UPGRADE_BYTES = 64 * 1024;
    private static final int MAX_FRAME_BYTES = 1024 * 1024;
    /** Longest MQTT CONNECT read before relaying (AWS IoT's CONNECT carries at most a few KB). */
    private static final int MAX_CONNECT_BYTES = 256 * 1024;

    private final EventLoopGroup group;
    private Channel server;
    private final int brokerRelayPort;
    private final SigV4QueryVerifier verifier;
    private final RelayedIdentities relayed;
    private final Consumer<String> refusals;
    private final SSLContext tls;

    private WebSocketListener(EventLoopGroup group, int brokerRelayPort, SigV4QueryVerifier verifier,
            RelayedIdentities relayed, Consumer<String> refusals, SSLContext tls) {
        this.group = group;
        this.brokerRelayPort = brokerRelayPort;
        this.verifier = verifier;
        this.relayed = relayed;
        this.refusals = refusals;
        this.tls = tls;
    }

    /**
     * Starts the listener.
     *
     * @param authority the CA that issues the listener's server certificate
     * @param serverNames the names the server certificate carries
     * @param address the address and port to listen on (port 0 for a free one)
     * @param brokerRelayPort the broker's relay listener port on 127.0.0.1
     * @param verifier checks the upgrade's signature
     * @param relayed where the signer's identity is announced to the broker
     * @param refusals told the reason of each refused upgrade (for the event log)
     * @return the running listener
     */
    public static WebSocketListener start(CertificateAuthority authority, List<String> serverNames,
            InetSocketAddress address, int brokerRelayPort, SigV4QueryVerifier verifier, RelayedIdentities relayed,
            Consumer<String> refusals) {
        Objects.requireNonNull(authority, "authority");
        IssuedCertificate serverCert = authority.issueServerWithKey(serverNames, Duration.ofDays(365));
        SSLContext tls = tls(serverCert, authority);
        EventLoopGroup group = new NioEventLoopGroup(2, new DefaultThreadFactory("local-iot-wss", true));
        WebSocketListener listener = new WebSocketListener(group, brokerRelayPort, Objects.requireNonNull(verifier,
                "verifier"), Objects.requireNonNull(relayed, "relayed"), Objects.requireNonNull(refusals, "refusals"), tls);
        try {
            listener.server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            listener.initChannel(ch);
                        }
                    })
                    .bind(address).syncUninterruptibly().channel();
            return listener;
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
            throw new IllegalStateException("cannot listen on " + address + " for MQTT over WebSockets: "
                    + e.getMessage(), e);
        }
    }

    /** @return the listening port */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    private void initChannel(SocketChannel ch) {
        SSLEngine engine = tls.createSSLEngine();
        engine.setUseClientMode(false);
        ch.pipeline().addLast("tls", new SslHandler(engine))
                .addLast("http", new HttpServerCodec())
                .addLast("aggregate", new HttpObjectAggregator(MAX_UPGRADE_BYTES))
                .addLast("upgrade", new UpgradeGate());
    }

    /** Checks the upgrade request; hands an accepted connection to a {@link Relay}. */
    private final class UpgradeGate extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            URI uri;
            try {
                uri = new URI(request.uri());
            } catch (java.net.URISyntaxException e) {
                answer(ctx, HttpResponseStatus.BAD_REQUEST, "the request URI is not valid");
                return;
            }
            if (!PATH.equals(uri.getRawPath())) {
                answer(ctx, HttpResponseStatus.NOT_FOUND, "MQTT over WebSockets is served on " + PATH);
                return;
            }
            if (!HttpMethod.GET.equals(request.method())
                    || !request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
                answer(ctx, HttpResponseStatus.BAD_REQUEST, "a WebSocket upgrade (GET with Upgrade: websocket) is"
                        + " required on " + PATH);
                return;
            }
            String protocols = request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, "");
            if (Arrays.stream(protocols.split(",")).map(String::trim).noneMatch(SUBPROTOCOL::equals)) {
                answer(ctx, HttpResponseStatus.BAD_REQUEST, "the upgrade must offer the WebSocket subprotocol "
                        + SUBPROTOCOL + " (Sec-WebSocket-Protocol: " + SUBPROTOCOL + ")");
                return;
            }
            IamSession session;
            try {
                session = verifier.verify(request.method().name(), uri.getRawPath(), uri.getRawQuery(),
                        name -> request.headers().get(name));
            } catch (SigV4QueryVerifier.SignatureRefusedException e) {
                refusals.accept("WebSocket upgrade refused with HTTP 403: " + e.getMessage());
                answer(ctx, HttpResponseStatus.FORBIDDEN, e.getMessage());
                return;
            }
            WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                    "wss://" + request.headers().get(HttpHeaderNames.HOST, "localhost") + PATH, SUBPROTOCOL, false,
                    MAX_FRAME_BYTES).newHandshaker(request);
            if (handshaker == null) {
                WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
                return;
            }
            ctx.pipeline().addLast("relay", new Relay(new IamPrincipal(session.accessKeyId(), session.roleArn(),
                    session.sessionName())));
            handshaker.handshake(ctx.channel(), request).addListener((ChannelFutureListener) f -> {
                if (!f.isSuccess()) {
                    f.channel().close();
                } else if (f.channel().pipeline().get(UpgradeGate.class) != null) {
                    f.channel().pipeline().remove(UpgradeGate.class);
                }
            });
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        private void answer(ChannelHandlerContext ctx, HttpResponseStatus status, String message) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.copiedBuffer(message + "\n", StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * Relays one accepted WebSocket connection: reads the MQTT CONNECT, announces the signer's identity
     * under its client id, opens the broker connection and then copies bytes both ways.
     */
    private final class Relay extends ChannelInboundHandlerAdapter {
        private final IamPrincipal principal;
        private ByteBuf pending = Unpooled.buffer();
        private Channel broker;
        private String clientId;
        private boolean closed;

        Relay(IamPrincipal principal) {
            this.principal = principal;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof WebSocketFrame frame)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            try {
                if (frame instanceof PingWebSocketFrame) {
                    ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
                } else if (frame instanceof CloseWebSocketFrame) {
                    ctx.writeAndFlush(new CloseWebSocketFrame()).addListener(ChannelFutureListener.CLOSE);
                } else if (frame instanceof BinaryWebSocketFrame || frame instanceof ContinuationWebSocketFrame) {
                    onBytes(ctx, frame.content());
                } else if (!(frame instanceof PongWebSocketFrame)) {
                    // MQTT over WebSockets uses binary frames only
                    ctx.writeAndFlush(new CloseWebSocketFrame(1003, "MQTT needs binary frames"))
                            .addListener(ChannelFutureListener.CLOSE);
                }
            } finally {
                frame.release();
            }
        }

        private void onBytes(ChannelHandlerContext ctx, ByteBuf bytes) {
            if (broker != null && pending == null) {
                broker.writeAndFlush(bytes.retain());
                return;
            }
            pending.writeBytes(bytes);
            if (clientId != null) {
                return; // waiting for the broker connection
            }
            String id;
            try {
                id = MqttConnectReader.clientId(pending);
            } catch (IllegalArgumentException e) {
                refusals.accept("WebSocket connection closed: " + e.getMessage());
                ctx.close();
                return;
            }
            if (id == null) {
                if (pending.readableBytes() > MAX_CONNECT_BYTES) {
                    ctx.close();
                }
                return;
            }
            clientId = id;
            relayed.announce(clientId, principal);
            Channel client = ctx.channel();
            new Bootstrap().group(client.eventLoop()).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new BrokerSide(client));
                        }
                    })
                    .connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), brokerRelayPort))
                    .addListener((ChannelFutureListener) f -> {
                        if (!f.isSuccess() || closed) {
                            relayed.withdraw(clientId, principal);
                            f.channel().close();
                            client.close();
                            return;
                        }
                        broker = f.channel();
                        ByteBuf buffered = pending;
                        pending = null;
                        broker.writeAndFlush(buffered);
                    });
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closed = true;
            if (pending != null) {
                pending.release();
                pending = null;
            }
            if (broker != null) {
                broker.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Copies the broker's bytes to the WebSocket client as binary frames; closes it when the broker does. */
    private static final class BrokerSide extends ChannelInboundHandlerAdapter {
        private final Channel client;

        BrokerSide(Channel client) {
            this.client = client;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf bytes) {
                client.writeAndFlush(new BinaryWebSocketFrame(bytes));
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (client.isActive()) {
                client.writeAndFlush(new CloseWebSocketFrame()).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private static SSLContext tls(IssuedCertificate serverCert, CertificateAuthority authority) {
        return ServerTls.context(serverCert, authority.certificate(), null, "the WebSocket listener");
    }

    /** Stops listening and closes every connection through the listener. */
    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
