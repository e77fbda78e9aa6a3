package io.github.fleetprov.device;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP forwarder to the broker that can spoil connections before MQTT sees them: close a
 * connection at once (a lost connection during CONNECT) or swallow everything the client sends (a
 * CONNECT whose answer never comes). LocalIotCore has no fault rule for CONNECT, and CONNACK travels
 * inside TLS, so claim-connect faults are injected on the wire.
 */
final class FaultyTcpProxy implements AutoCloseable {

    enum Mode { PASS, CLOSE, BLACKHOLE }

    private final ServerSocket server;
    private final int targetPort;
    private final Deque<Mode> script = new ArrayDeque<>();
    private final List<Socket> sockets = new ArrayList<>();
    final AtomicInteger accepted = new AtomicInteger();

    FaultyTcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "faulty-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    synchronized void next(Mode mode) {
        script.add(mode);
    }

    private synchronized Mode nextMode() {
        return script.isEmpty() ? Mode.PASS : script.poll();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                accepted.incrementAndGet();
                synchronized (this) {
                    sockets.add(client);
                }
                Mode mode = nextMode();
                if (mode == Mode.CLOSE) {
                    client.close();
                } else if (mode == Mode.BLACKHOLE) {
                    pump(client.getInputStream(), OutputStream.nullOutputStream());
                } else {
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    upstream.setTcpNoDelay(true);
                    client.setTcpNoDelay(true);
                    synchronized (this) {
                        sockets.add(upstream);
                    }
                    pump(client.getInputStream(), upstream.getOutputStream());
                    pump(upstream.getInputStream(), client.getOutputStream());
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pump(InputStream in, OutputStream out) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // connection closed
            } finally {
                try {
                    in.close();
                    out.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }, "faulty-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public synchronized void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
