package io.github.fleetprov.testkit.internal.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The client id is read from MQTT 3.1.1 and MQTT 5 CONNECT packets as they arrive in pieces. */
class MqttConnectReaderTest {

    /** MQTT 5 CONNECT, clean start, keep alive 60, properties: session expiry 0 (5 bytes), client id "dev-1". */
    private static final String CONNECT_5 = "10170004" + "4d515454" + "05" + "02" + "003c" + "05" + "1100000000"
            + "0005" + "6465762d31";

    private static ByteBuf bytes(String hex) {
        return Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex));
    }

    @Test
    void clientId_ofAnMqtt5Connect() {
        assertThat(MqttConnectReader.clientId(bytes(CONNECT_5))).isEqualTo("dev-1");
    }

    @Test
    void clientId_ofAnMqtt311Connect() {
        String hex = "10110004" + "4d515454" + "04" + "02" + "003c" + "0005" + "6465762d31";
        assertThat(MqttConnectReader.clientId(bytes(hex))).isEqualTo("dev-1");
    }

    @Test
    void clientId_ofAnIncompleteConnect_isNotYetKnown() {
        assertThat(MqttConnectReader.clientId(bytes(CONNECT_5.substring(0, 20)))).isNull();
        assertThat(MqttConnectReader.clientId(bytes("10"))).isNull();
    }

    @Test
    void clientId_doesNotConsumeTheBytes() {
        ByteBuf buffer = bytes(CONNECT_5);
        MqttConnectReader.clientId(buffer);
        assertThat(buffer.readableBytes()).isEqualTo(CONNECT_5.length() / 2);
    }

    @Test
    void clientId_ofAnotherPacketType_isRefused() {
        assertThatThrownBy(() -> MqttConnectReader.clientId(bytes("c000")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a CONNECT");
    }

    @Test
    void clientId_empty_isRefused() {
        String hex = "100c0004" + "4d515454" + "04" + "02" + "003c" + "0000";
        assertThatThrownBy(() -> MqttConnectReader.clientId(bytes(hex))).hasMessageContaining("empty client id");
    }

    @Test
    void clientId_longerThanThePacket_isRefused() {
        String hex = "100e0004" + "4d515454" + "04" + "02" + "003c" + "0009" + "6465";
        assertThatThrownBy(() -> MqttConnectReader.clientId(bytes(hex))).hasMessageContaining("truncated");
    }
}
