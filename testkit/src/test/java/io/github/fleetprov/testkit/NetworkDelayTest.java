package io.github.fleetprov.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.testkit.fault.DelayingProxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.PublishPacket;

/**
 * The network-latency fault in front of the MQTT listener: a Device SDK client connected through it
 * pays at least one round trip of the configured delays for a QoS 1 PUBLISH and its PUBACK, and at
 * least two for mutual TLS plus CONNECT (lower bounds only).
 */
@ExtendWith(LocalIotCoreExtension.class)
class NetworkDelayTest {

    private static final String ALLOW_ALL = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"iot:*\",\"Resource\":\"*\"}]}";

    @Test
    void aClientBehindTheDelay_paysTheRoundTripTimeOnConnectAndPublish(LocalIotCore iot) throws Exception {
        String policy = "delay-" + UUID.randomUUID().toString().substring(0, 8);
        iot.registry().createPolicy(policy, ALLOW_ALL);
        IssuedCertificate cert = iot.createClaimCertificate(policy);
        Duration oneWay = Duration.ofMillis(100);
        try (DelayingProxy proxy = iot.startMqttDelay(oneWay, oneWay)) {
            long start = System.nanoTime();
            try (Mqtt5TestClient c = Mqtt5TestClient.connect(iot, "delay-" + UUID.randomUUID(), cert.certificatePem(),
                    Pem.privateKeyToPem(cert.keyPair().getPrivate()), b -> b.withPort((long) proxy.port()))) {
                long connect = System.nanoTime() - start;
                // TLS 1.3 needs a full round trip before the client's Finished, and CONNACK another.
                assertThat(connect).isGreaterThanOrEqualTo(oneWay.multipliedBy(4).toNanos());
                long publishStart = System.nanoTime();
                c.client().publish(new PublishPacket.PublishPacketBuilder("delay/test", QOS.AT_LEAST_ONCE,
                        "x".getBytes(StandardCharsets.UTF_8)).build()).get(30, TimeUnit.SECONDS);
                assertThat(System.nanoTime() - publishStart).isGreaterThanOrEqualTo(oneWay.multipliedBy(2).toNanos());
            }
            assertThat(proxy.acceptedConnections()).isEqualTo(1);
        }
    }
}
