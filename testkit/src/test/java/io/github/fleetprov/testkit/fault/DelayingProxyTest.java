package io.github.fleetprov.testkit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.InvalidInputException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The delaying proxy holds each direction for its delay: a round trip through it never takes less
 * than the two delays together (a lower bound, which no scheduling can break).
 */
class DelayingProxyTest {

    /** A one-connection echo server on a loopback port. */
    private static ServerSocket echoServer() throws Exception {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (Socket s = server.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                byte[] buffer = new byte[1024];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (Exception e) {
                // the test closed the connection
            }
        });
        t.setDaemon(true);
        t.start();
        return server;
    }

    private static long roundTripNanos(Socket socket, byte value) throws Exception {
        long start = System.nanoTime();
        socket.getOutputStream().write(value);
        socket.getOutputStream().flush();
        int echoed = socket.getInputStream().read();
        long elapsed = System.nanoTime() - start;
        assertThat(echoed).isEqualTo(value);
        return elapsed;
    }

    @Test
    void aRoundTrip_takesAtLeastBothDelays_andNewDelaysApplyToLaterBytes() throws Exception {
        try (ServerSocket echo = echoServer();
                DelayingProxy proxy = DelayingProxy.start("127.0.0.1", echo.getLocalPort(), Duration.ofMillis(60),
                        Duration.ofMillis(40));
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            assertThat(roundTripNanos(socket, (byte) 7)).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
            proxy.setDelays(Duration.ofMillis(150), Duration.ofMillis(150));
            assertThat(roundTripNanos(socket, (byte) 8)).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
            assertThat(proxy.acceptedConnections()).isEqualTo(1);
        }
    }

    @Test
    void bytesSentBackToBack_arriveInOrderAndWhole() throws Exception {
        try (ServerSocket echo = echoServer();
                DelayingProxy proxy = DelayingProxy.start("127.0.0.1", echo.getLocalPort(), Duration.ofMillis(5),
                        Duration.ofMillis(5));
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            byte[] sent = new byte[200_000];
            for (int i = 0; i < sent.length; i++) {
                sent[i] = (byte) (i * 31);
            }
            socket.getOutputStream().write(sent);
            socket.getOutputStream().flush();
            byte[] received = socket.getInputStream().readNBytes(sent.length);
            assertThat(received).isEqualTo(sent);
        }
    }

    @Test
    void start_withANegativeDelay_isRefusedNamingTheField() {
        assertThatThrownBy(() -> DelayingProxy.start("127.0.0.1", 1883, Duration.ofMillis(-1), Duration.ZERO))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("clientToServer");
    }
}
