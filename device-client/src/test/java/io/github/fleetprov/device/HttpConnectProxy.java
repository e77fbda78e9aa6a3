package io.github.fleetprov.device;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A minimal HTTP CONNECT proxy on loopback for tests: tunnels to the requested host and port. */
final class HttpConnectProxy implements AutoCloseable {

    private final ServerSocket server;
    final List<String> requests = new CopyOnWriteArrayList<>();
    /** How many tunnels the proxy opened to an upstream server. */
    final java.util.concurrent.atomic.AtomicInteger tunnels = new java.util.concurrent.atomic.AtomicInteger();

    HttpConnectProxy() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "connect-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread t = new Thread(() -> tunnel(client), "connect-proxy-tunnel");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void tunnel(Socket client) {
        try {
            InputStream in = client.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    client.close();
                    return;
                }
                head.write(b);
            }
            String requestLine = head.toString(StandardCharsets.US_ASCII).split("\r\n")[0];
            requests.add(requestLine);
            String[] parts = requestLine.split(" ");
            String[] hostPort = parts[1].split(":");
            Socket upstream = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(hostPort[1]));
            tunnels.incrementAndGet();
            OutputStream out = client.getOutputStream();
            out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            pump(upstream.getInputStream(), out);
            pump(in, upstream.getOutputStream());
        } catch (IOException | RuntimeException e) {
            try {
                client.close();
            } catch (IOException ignored) {
                // closing
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
                // tunnel closed
            } finally {
                try {
                    in.close();
                    out.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }, "connect-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
