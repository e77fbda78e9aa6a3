package io.github.fleetprov.testkit.internal.alpn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

/** Reading ALPN names from ClientHellos the JDK writes, and refusing bad ones. */
class ClientHelloReaderTest {

    /** A real ClientHello, as the JDK's TLS client sends it. */
    private static byte[] jdkClientHello(String... alpn) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        SSLEngine engine = context.createSSLEngine("localhost", 443);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setApplicationProtocols(alpn);
        engine.setSSLParameters(parameters);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        SSLEngineResult result = engine.wrap(ByteBuffer.allocate(0), out);
        assertThat(result.bytesProduced()).isPositive();
        out.flip();
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }

    @Test
    void read_returnsOfferedAlpnNamesAndEveryByteRead() throws Exception {
        byte[] hello = jdkClientHello("x-amzn-mqtt-ca", "mqtt");
        ClientHelloReader.Hello read = ClientHelloReader.read(new ByteArrayInputStream(hello));
        assertThat(read.alpnProtocols()).containsExactly("x-amzn-mqtt-ca", "mqtt");
        assertThat(read.raw()).isEqualTo(hello);
    }

    @Test
    void read_withoutAlpnExtension_returnsNoNames() throws Exception {
        assertThat(ClientHelloReader.read(new ByteArrayInputStream(jdkClientHello())).alpnProtocols()).isEmpty();
    }

    @Test
    void read_helloSplitOverTwoRecords_isReassembled() throws Exception {
        byte[] hello = jdkClientHello("x-amzn-mqtt-ca");
        byte[] body = Arrays.copyOfRange(hello, 5, hello.length);
        int half = body.length / 2;
        ByteArrayOutputStream split = new ByteArrayOutputStream();
        split.write(record(Arrays.copyOfRange(body, 0, half)));
        split.write(record(Arrays.copyOfRange(body, half, body.length)));
        assertThat(ClientHelloReader.read(new ByteArrayInputStream(split.toByteArray())).alpnProtocols())
                .containsExactly("x-amzn-mqtt-ca");
    }

    @Test
    void read_truncatedHello_isMalformed() throws Exception {
        byte[] hello = jdkClientHello("x-amzn-mqtt-ca");
        byte[] cut = Arrays.copyOf(hello, hello.length - 10);
        assertThatThrownBy(() -> ClientHelloReader.read(new ByteArrayInputStream(cut)))
                .isInstanceOf(ClientHelloReader.MalformedHelloException.class).hasMessageContaining("ended");
    }

    @Test
    void read_plainText_isMalformed() {
        byte[] http = "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> ClientHelloReader.read(new ByteArrayInputStream(http)))
                .isInstanceOf(ClientHelloReader.MalformedHelloException.class)
                .hasMessageContaining("not a TLS handshake record");
    }

    @Test
    void read_oversizedRecordLength_isRefusedBeforeReading() {
        byte[] header = {0x16, 0x03, 0x01, (byte) 0xff, (byte) 0xff};
        assertThatThrownBy(() -> ClientHelloReader.read(new ByteArrayInputStream(header)))
                .isInstanceOf(ClientHelloReader.MalformedHelloException.class).hasMessageContaining("out of bounds");
    }

    @Test
    void alpn_listLengthPastItsExtension_isMalformed() {
        ByteBuffer body = ByteBuffer.allocate(64);
        body.put(new byte[34]).put((byte) 0).putShort((short) 2).putShort((short) 0x1301).put((byte) 1).put((byte) 0);
        body.putShort((short) 8).putShort((short) 16).putShort((short) 4).putShort((short) 40).put((byte) 2)
                .put((byte) 'h');
        body.flip();
        assertThatThrownBy(() -> ClientHelloReader.alpn(body))
                .isInstanceOf(ClientHelloReader.MalformedHelloException.class)
                .hasMessageContaining("ALPN protocol_name_list");
    }

    @Test
    void alpn_emptyName_isMalformed() {
        ByteBuffer body = ByteBuffer.allocate(64);
        body.put(new byte[34]).put((byte) 0).putShort((short) 2).putShort((short) 0x1301).put((byte) 1).put((byte) 0);
        body.putShort((short) 7).putShort((short) 16).putShort((short) 3).putShort((short) 1).put((byte) 0);
        body.flip();
        assertThatThrownBy(() -> ClientHelloReader.alpn(body))
                .isInstanceOf(ClientHelloReader.MalformedHelloException.class).hasMessageContaining("empty");
    }

    private static byte[] record(byte[] body) {
        byte[] r = new byte[5 + body.length];
        r[0] = 0x16;
        r[1] = 0x03;
        r[2] = 0x01;
        r[3] = (byte) (body.length >> 8);
        r[4] = (byte) body.length;
        System.arraycopy(body, 0, r, 5, body.length);
        return r;
    }
}
