package io.github.fleetprov.testkit.fault;

import io.github.fleetprov.core.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network-latency fault: a TCP proxy on a loopback port that forwards every connection to a target
 * (for example {@code LocalIotCore}'s MQTT listener) and holds the bytes of each direction for a
 * configurable one-way delay, as a cellular link does. A round trip through it takes at least
 * {@code clientToServer + serverToClient} more than without it; bandwidth is not limited (bytes sent
 * back to back stay back to back, each held for the delay). TLS passes through untouched, so clients
 * connect to {@code localhost:}{@link #port()} with the certificates they would use against the target.
 *
 * <pre>{@code
 * try (DelayingProxy slowLink = iot.startMqttDelay(Duration.ofMillis(50), Duration.ofMillis(50))) {
 *     // connect the device to iot.mqttHost():slowLink.port(): 100 ms round-trip time
 * }
 * }</pre>
 *
 * <p>The delays can be changed while connections are open ({@link #setDelays}); bytes already held
 * keep the delay they were given.
 */
public final class DelayingProxy implements AutoCloseable {

    private static final int CHUNK = 16 * 1024;
    private static final byte[] EOF = new byte[0];

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile long clientToServerNanos;
    private volatile long serverToClientNanos;
    private volatile boolean closed;

    private DelayingProxy(ServerSocket server, InetSocketAddress target) {
        this.server = server;
        this.target = target;
    }

    /**
     * Starts a proxy on a free loopback port.
     *
     * @param targetHost the host to forward to
     * @param targetPort the port to forward to
     * @param clientToServer the delay of bytes from the client to the target
     * @param serverToClient the delay of bytes from the target to the client
     * @return the running proxy; close it when done
     */
    public static DelayingProxy start(String targetHost, int targetPort, Duration clientToServer,
            Duration serverToClient) {
        Objects.requireNonNull(targetHost, "targetHost");
        if (targetPort < 1 || targetPort > 65535) {
            throw new InvalidInputException("targetPort", "is " + targetPort, "Give a port from 1 to 65535.");
        }
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            DelayingProxy proxy = new DelayingProxy(server, new InetSocketAddress(targetHost, targetPort));
            proxy.setDelays(clientToServer, serverToClient);
            Thread acceptor = new Thread(proxy::acceptLoop, "delaying-proxy-accept-" + server.getLocalPort());
            acceptor.setDaemon(true);
            acceptor.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the proxy's loopback port", e);
        }
    }

    /**
     * Sets the one-way delays for bytes read from now on.
     *
     * @param clientToServer the delay from the client to the target (zero for none)
     * @param serverToClient the delay from the target to the client (zero for none)
     */
    public void setDelays(Duration clientToServer, Duration serverToClient) {
        this.clientToServerNanos = nanos("clientToServer", clientToServer);
        this.serverToClientNanos = nanos("serverToClient", serverToClient);
    }

    private static long nanos(String field, Duration delay) {
        Objects.requireNonNull(delay, field);
        if (delay.isNegative()) {
            throw new InvalidInputException(field, "is negative (" + delay + ")", "Give zero or a positive delay.");
        }
        return delay.toNanos();
    }

    /** @return the delay from the client to the target */
    public Duration clientToServer() {
        return Duration.ofNanos(clientToServerNanos);
    }

    /** @return the delay from the target to the client */
    public Duration serverToClient() {
        return Duration.ofNanos(serverToClientNanos);
    }

    /** @return the loopback port clients connect to */
    public int port() {
        return server.getLocalPort();
    }

    /** @return how many connections the proxy has accepted */
    public int acceptedConnections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            connections.incrementAndGet();
            Socket upstream = new Socket();
            try {
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                upstream.connect(target, 10_000);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            sockets.add(client);
            sockets.add(upstream);
            String name = "delaying-proxy-" + port() + "-" + connections.get();
            AtomicInteger open = new AtomicInteger(2);
            Runnable done = () -> {
                if (open.decrementAndGet() == 0) {
                    closeQuietly(client);
                    closeQuietly(upstream);
                    sockets.remove(client);
                    sockets.remove(upstream);
                }
            };
            pipe(client, upstream, true, name + "-up", done);
            pipe(upstream, client, false, name + "-down", done);
        }
    }

    /** One direction: a reader stamps each chunk with its due time, a writer sends it when due. */
    private void pipe(Socket from, Socket to, boolean clientToServer, String name, Runnable done) {
        BlockingQueue<Chunk> held = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[CHUNK];
            try {
                InputStream in = from.getInputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    long delay = clientToServer ? clientToServerNanos : serverToClientNanos;
                    held.add(new Chunk(Arrays.copyOf(buffer, n), System.nanoTime() + delay));
                }
            } catch (IOException e) {
                // the connection is gone; the writer ends it on the other side
            }
            long delay = clientToServer ? clientToServerNanos : serverToClientNanos;
            held.add(new Chunk(EOF, System.nanoTime() + delay));
        }, name + "-read");
        Thread writer = new Thread(() -> {
            try {
                OutputStream out = to.getOutputStream();
                while (true) {
                    Chunk chunk = held.take();
                    long wait = chunk.dueNanos() - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    if (chunk.bytes() == EOF) {
                        to.shutdownOutput();
                        break;
                    }
                    out.write(chunk.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                closeQuietly(from);
                closeQuietly(to);
            } finally {
                done.run();
            }
        }, name + "-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    private record Chunk(byte[] bytes, long dueNanos) {
    }

    /** Stops accepting and closes every open connection. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        sockets.clear();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing a socket that is already gone
        }
    }

    @Override
    public String toString() {
        return "DelayingProxy{127.0.0.1:" + port() + " -> " + target.getHostString() + ":" + target.getPort()
                + ", clientToServer=" + clientToServer() + ", serverToClient=" + serverToClient() + "}";
    }
}
