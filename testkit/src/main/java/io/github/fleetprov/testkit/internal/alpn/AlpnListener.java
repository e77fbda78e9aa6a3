package io.github.fleetprov.testkit.internal.alpn;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * AWS IoT's MQTT port 443 for X.509 clients: a loopback listener that accepts a connection only when its
 * ClientHello offers the ALPN protocol {@value #MQTT_ALPN}, and then passes the connection's bytes through,
 * unchanged, to the broker's mutual-TLS listener. The TLS handshake (client certificate included) is
 * the broker's own, so the broker's extension sees each client's certificate and enforces its policy
 * exactly as on the direct listener. A ClientHello without that protocol gets a fatal
 * {@code no_application_protocol} alert (RFC 7301 section 3.2) and the connection is closed, as AWS IoT
 * refuses an X.509 MQTT connection on 443 without it.
 *
 * <p>AWS source: AWS IoT Core developer guide, "Protocols" (protocols.html), table "Protocols,
 * authentication, and port mappings": MQTT with an X.509 client certificate on port 443 requires the
 * ALPN ProtocolName {@code x-amzn-mqtt-ca} in the ClientHello's ProtocolNameList.
 *
 * <p>HiveMQ CE's TLS listener configuration has no ALPN setting (its SSL context is built from key
 * store, trust store, protocols and cipher suites only), hence this gate in front of it.
 */
public final class AlpnListener implements AutoCloseable {

    /** The ALPN protocol name AWS IoT requires for MQTT with X.509 on port 443. */
    public static final String MQTT_ALPN = "x-amzn-mqtt-ca";

    /** A TLS 1.2-framed fatal alert, {@code no_application_protocol} (120). */
    private static final byte[] ALERT_NO_APPLICATION_PROTOCOL = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x78};
    /** A TLS 1.2-framed fatal alert, {@code decode_error} (50). */
    private static final byte[] ALERT_DECODE_ERROR = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x32};
    private static final int HELLO_READ_TIMEOUT_MS = 10_000;

    private final ServerSocket server;
    private final int brokerPort;
    private final Consumer<String> refusals;
    private final ExecutorService threads;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private AlpnListener(ServerSocket server, int brokerPort, Consumer<String> refusals) {
        this.server = server;
        this.brokerPort = brokerPort;
        this.refusals = refusals;
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "local-iot-alpn-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts the listener on a loopback port.
     *
     * @param requestedPort the port, or 0 for a free one
     * @param brokerPort the broker's mutual-TLS port on the loopback interface
     * @param refusals told the reason of each refused connection (for the event log)
     * @return the running listener
     */
    public static AlpnListener start(int requestedPort, int brokerPort, Consumer<String> refusals) {
        ServerSocket server;
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 128);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on loopback port " + requestedPort
                    + " for MQTT with ALPN", e);
        }
        AlpnListener listener = new AlpnListener(server, brokerPort, refusals);
        listener.threads.execute(listener::acceptLoop);
        return listener;
    }

    /** @return the listening port */
    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            open.add(client);
            try {
                threads.execute(() -> serve(client));
            } catch (RuntimeException e) {
                closeQuietly(client);
            }
        }
    }

    private void serve(Socket client) {
        Socket broker = null;
        try {
            client.setTcpNoDelay(true);
            client.setSoTimeout(HELLO_READ_TIMEOUT_MS);
            InputStream in = client.getInputStream();
            ClientHelloReader.Hello hello;
            try {
                hello = ClientHelloReader.read(in);
            } catch (ClientHelloReader.MalformedHelloException e) {
                refuse(client, ALERT_DECODE_ERROR, "not a TLS ClientHello: " + e.getMessage());
                return;
            }
            if (!hello.alpnProtocols().contains(MQTT_ALPN)) {
                refuse(client, ALERT_NO_APPLICATION_PROTOCOL, hello.alpnProtocols().isEmpty()
                        ? "the ClientHello offers no ALPN protocol; MQTT with X.509 on this port needs " + MQTT_ALPN
                        : "the ClientHello offers ALPN " + hello.alpnProtocols() + ", not " + MQTT_ALPN);
                return;
            }
            client.setSoTimeout(0);
            broker = new Socket(InetAddress.getLoopbackAddress(), brokerPort);
            broker.setTcpNoDelay(true);
            open.add(broker);
            broker.getOutputStream().write(hello.raw());
            broker.getOutputStream().flush();
            Socket b = broker;
            threads.execute(() -> pipe(b, client));
            pipe(client, broker);
        } catch (IOException | RuntimeException e) {
            closeQuietly(client);
            closeQuietly(broker);
        }
    }

    private void refuse(Socket client, byte[] alert, String reason) {
        try {
            OutputStream out = client.getOutputStream();
            out.write(alert);
            out.flush();
            client.shutdownOutput();
        } catch (IOException e) {
            // the client went away first
        } finally {
            closeQuietly(client);
        }
        refusals.accept(reason);
    }

    /** Copies until either side closes, then closes both. */
    private void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (SocketException e) {
            // one side closed
        } catch (IOException e) {
            // the connection failed; both sides are closed below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(Socket socket) {
        if (socket == null) {
            return;
        }
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    /** Stops listening and closes every connection through the listener. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        threads.shutdownNow();
    }
}
