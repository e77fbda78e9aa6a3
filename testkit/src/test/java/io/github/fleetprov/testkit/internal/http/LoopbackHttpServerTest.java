package io.github.fleetprov.testkit.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoopbackHttpServerTest {

    private LoopbackHttpServer server;

    @BeforeEach
    void start() {
        server = LoopbackHttpServer.start("loopback-test", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            if (path.equals("/silent")) {
                return;
            }
            byte[] body = LoopbackHttp.readBody(exchange);
            exchange.getResponseHeaders().set("x-path", path);
            LoopbackHttp.send(exchange, 200, "text/plain", (path + ":" + new String(body, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8));
        }, (exchange, status, problem) -> {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", "InvalidRequestException");
            LoopbackHttp.send(exchange, status, "application/json",
                    ("{\"message\":\"" + problem + "\"}").getBytes(StandardCharsets.UTF_8));
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String exchange(String request) throws Exception {
        try (Socket socket = new Socket(server.address().getAddress(), server.address().getPort())) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void pipelinedRequestsOnOneConnection_areAnsweredInOrder() throws Exception {
        String answer = exchange("GET /first HTTP/1.1\r\nHost: x\r\n\r\n"
                + "POST /second HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nConnection: close\r\n\r\nbody");

        assertThat(answer.split("HTTP/1.1 200 OK", -1)).hasSize(3);
        assertThat(answer.indexOf("/first:")).isLessThan(answer.indexOf("/second:body"));
        assertThat(answer).containsIgnoringCase("x-path: /second");
    }

    @Test
    void chunkedRequestBody_reachesTheHandlerWhole() throws Exception {
        String answer = exchange("POST /chunks HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 200 ").endsWith("/chunks:abcde");
    }

    @Test
    void expectContinue_isAnsweredBeforeTheBodyIsSent() throws Exception {
        try (Socket socket = new Socket(server.address().getAddress(), server.address().getPort())) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(("PUT /upload HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] interim = new byte["HTTP/1.1 100 Continue\r\n\r\n".length()];
            assertThat(in.readNBytes(interim, 0, interim.length)).isEqualTo(interim.length);
            assertThat(new String(interim, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 100 Continue");
            out.write("hello".getBytes(StandardCharsets.US_ASCII));

            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200 ").endsWith("/upload:hello");
        }
    }

    @Test
    void bodyOverTheLimit_isAnswered413InTheEndpointsOwnShape() throws Exception {
        String answer = exchange("POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: " + (LoopbackHttp.MAX_BODY_BYTES + 1)
                + "\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 413 ");
        assertThat(answer).containsIgnoringCase("x-amzn-ErrorType: InvalidRequestException");
        assertThat(answer).contains("{\"message\":\"The request body is larger than " + LoopbackHttp.MAX_BODY_BYTES);
    }

    @Test
    void malformedPercentEscape_isAnswered400InTheEndpointsOwnShape() throws Exception {
        String answer = exchange("GET /a%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400 ");
        assertThat(answer).contains("{\"message\":\"The request URI has a malformed percent-escape at position 2");
    }

    @Test
    void requestThatIsNotHttp_isAnswered400InTheEndpointsOwnShape() throws Exception {
        String answer = exchange("GET / HTTP/9x\r\nHost: x\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400 ");
        assertThat(answer).contains("{\"message\":\"The request is not valid HTTP/1.1");
    }

    @Test
    void handlerThatSendsNoAnswer_closesTheConnectionWithoutAnswering() throws Exception {
        assertThat(exchange("GET /silent HTTP/1.1\r\nHost: x\r\n\r\n")).isEmpty();
    }

    @Test
    void anAddressInUse_isRefusedWithTheAddressAndABindException() {
        assertThatThrownBy(() -> LoopbackHttpServer.start("loopback-taken", server.address(), null,
                exchange -> LoopbackHttp.send(exchange, 200, "text/plain", new byte[0]),
                (exchange, status, problem) -> LoopbackHttp.send(exchange, status, "text/plain", new byte[0])))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(":" + server.address().getPort())
                .hasCauseInstanceOf(BindException.class);
    }

    @Test
    void aChosenAddress_isTheBoundAddress() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        try (LoopbackHttpServer chosen = LoopbackHttpServer.start("loopback-chosen", LoopbackHttp.loopback(port), null,
                exchange -> LoopbackHttp.send(exchange, 200, "text/plain", "ok".getBytes(StandardCharsets.UTF_8)),
                (exchange, status, problem) -> LoopbackHttp.send(exchange, status, "text/plain", new byte[0]))) {
            assertThat(chosen.address().getPort()).isEqualTo(port);
            try (Socket socket = new Socket(chosen.address().getAddress(), port)) {
                socket.getOutputStream().write("GET /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                        .startsWith("HTTP/1.1 200").endsWith("ok");
            }
        }
    }
}
