package io.github.fleetprov.device.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.crt.io.SocketOptions;

class CrtSocketOptionsTest {

    @Test
    void everyConnectionTurnsNaglesAlgorithmOff() {
        try (SocketOptions socket = CrtMqttTransport.socketOptions(Duration.ofSeconds(10))) {
            assertThat(socket.tcpNoDelay).isEqualTo(SocketOptions.TcpNoDelay.ON);
        }
    }

    @Test
    void connectTimeoutIsTheStepLimitButAtLeastOneSecond() {
        try (SocketOptions longStep = CrtMqttTransport.socketOptions(Duration.ofSeconds(12));
                SocketOptions shortStep = CrtMqttTransport.socketOptions(Duration.ofMillis(5))) {
            assertThat(longStep.connectTimeoutMs).isEqualTo(12_000);
            assertThat(shortStep.connectTimeoutMs).isEqualTo(1_000);
        }
    }
}
