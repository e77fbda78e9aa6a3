package io.github.fleetprov.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.testkit.event.Event;
import io.github.fleetprov.testkit.event.EventType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.crt.mqtt.MqttClientConnectionEvents;
import software.amazon.awssdk.crt.mqtt.MqttMessage;
import software.amazon.awssdk.crt.mqtt.OnConnectionClosedReturn;
import software.amazon.awssdk.crt.mqtt.OnConnectionFailureReturn;
import software.amazon.awssdk.crt.mqtt.OnConnectionSuccessReturn;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.crt.mqtt5.Mqtt5ClientOptions.ExtendedValidationAndFlowControlOptions;
import software.amazon.awssdk.crt.mqtt5.PublishResult;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.ConnAckPacket;
import software.amazon.awssdk.crt.mqtt5.packets.DisconnectPacket;
import software.amazon.awssdk.crt.mqtt5.packets.PubAckPacket;
import software.amazon.awssdk.crt.mqtt5.packets.PublishPacket;
import software.amazon.awssdk.crt.mqtt5.packets.SubAckPacket;
import software.amazon.awssdk.crt.mqtt5.packets.SubscribePacket;
import software.amazon.awssdk.iot.AwsIotMqttConnectionBuilder;

/**
 * AWS IoT Core's message broker limits, through the AWS IoT Device SDK's own MQTT 5 and MQTT 3.1.1
 * clients with their client-side AWS IoT Core validation turned off, so that what reaches the broker
 * is what a raw client would send.
 */
@ExtendWith(LocalIotCoreExtension.class)
class MqttLimitsTest {

    private static final String ALLOW_ALL = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"iot:*\",\"Resource\":\"*\"}]}";
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** PUBACK reason codes of an accepted PUBLISH (nobody subscribes to the test topics). */
    private static final List<PubAckPacket.PubAckReasonCode> ACCEPTED = List.of(PubAckPacket.PubAckReasonCode.SUCCESS,
            PubAckPacket.PubAckReasonCode.NO_MATCHING_SUBSCRIBERS);

    private static IssuedCertificate certificate(LocalIotCore iot) {
        String policy = "limits-" + UUID.randomUUID().toString().substring(0, 8);
        iot.registry().createPolicy(policy, ALLOW_ALL);
        return iot.createClaimCertificate(policy);
    }

    private static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Mqtt5TestClient mqtt5(LocalIotCore iot, String clientId, IssuedCertificate cert) {
        return Mqtt5TestClient.connect(iot, clientId, cert.certificatePem(), privateKey(cert),
                b -> b.withExtendedValidationAndFlowControlOptions(ExtendedValidationAndFlowControlOptions.NONE));
    }

    private static String privateKey(IssuedCertificate cert) {
        return Pem.privateKeyToPem(cert.keyPair().getPrivate());
    }

    private static Event awaitDisconnect(LocalIotCore iot, String clientId, long since) {
        Optional<Event> event = iot.events().await(e -> e.sequence() > since && e.type() == EventType.DISCONNECT
                && e.clientId().filter(clientId::equals).isPresent(), WAIT);
        assertThat(event).as("DISCONNECT event of %s", clientId).isPresent();
        return event.get();
    }

    private static CompletableFuture<PublishResult> publish(Mqtt5TestClient c, String topic, byte[] payload) {
        return c.client().publish(new PublishPacket.PublishPacketBuilder(topic, QOS.AT_LEAST_ONCE, payload).build());
    }

    // ---- client id ----

    @Test
    void connect_whenClientIdHasMoreThan128Bytes_isRefusedAsNotValid(LocalIotCore iot) {
        IssuedCertificate cert = certificate(iot);
        String tooLong = "c".repeat(129);
        try (Mqtt5TestClient c = Mqtt5TestClient.start(iot, tooLong, cert.certificatePem(), privateKey(cert),
                b -> b.withExtendedValidationAndFlowControlOptions(ExtendedValidationAndFlowControlOptions.NONE))) {
            ConnAckPacket connack = c.refused().orTimeout(30, TimeUnit.SECONDS).join();
            assertThat(connack.getReasonCode()).isEqualTo(ConnAckPacket.ConnectReasonCode.CLIENT_IDENTIFIER_NOT_VALID);
        }
        // 128 bytes of UTF-8 (64 two-byte characters) is the limit itself
        try (Mqtt5TestClient c = mqtt5(iot, "é".repeat(64), cert)) {
            assertThat(c.connected()).isCompleted();
        }
    }

    // ---- payload ----

    @Test
    void publish_whenPayloadExceeds128KB_disconnectsWithClientError(LocalIotCore iot) {
        IssuedCertificate cert = certificate(iot);
        String clientId = id("payload");
        try (Mqtt5TestClient c = mqtt5(iot, clientId, cert)) {
            PublishResult atLimit = publish(c, "limits/payload", new byte[128 * 1024]).orTimeout(30, TimeUnit.SECONDS)
                    .join();
            assertThat(atLimit.getResultPubAck().getReasonCode()).isIn(ACCEPTED);
            long mark = iot.events().lastSequence();
            publish(c, "limits/payload", new byte[128 * 1024 + 1]);
            DisconnectPacket disconnect = c.serverDisconnect().orTimeout(30, TimeUnit.SECONDS).join();
            assertThat(disconnect.getReasonCode()).isEqualTo(DisconnectPacket.DisconnectReasonCode.PACKET_TOO_LARGE);
            Event event = awaitDisconnect(iot, clientId, mark);
            assertThat(event.details()).containsEntry("disconnectReason", "CLIENT_ERROR")
                    .containsEntry("clientErrorReason", "PAYLOAD_LIMIT_EXCEEDED");
        }
    }

    @Test
    void publish_overMqtt311_whenPayloadExceeds128KB_closesTheConnectionWithClientError(LocalIotCore iot)
            throws Exception {
        IssuedCertificate cert = certificate(iot);
        String clientId = id("payload311");
        Mqtt311 c = Mqtt311.connect(iot, clientId, cert);
        try {
            long mark = iot.events().lastSequence();
            c.connection.publish(new MqttMessage("limits/payload", new byte[128 * 1024 + 1],
                    QualityOfService.AT_LEAST_ONCE));
            c.interrupted.get(30, TimeUnit.SECONDS);
            Event event = awaitDisconnect(iot, clientId, mark);
            assertThat(event.details()).containsEntry("disconnectReason", "CLIENT_ERROR")
                    .containsEntry("clientErrorReason", "PAYLOAD_LIMIT_EXCEEDED");
        } finally {
            c.close();
        }
    }

    // ---- topic ----

    @Test
    void publish_whenTopicHasMoreThan256BytesOrSevenSlashes_disconnectsWithClientError(LocalIotCore iot) {
        IssuedCertificate cert = certificate(iot);
        for (String topic : List.of("t".repeat(257), "a/b/c/d/e/f/g/h/i")) {
            String clientId = id("topic");
            try (Mqtt5TestClient c = mqtt5(iot, clientId, cert)) {
                long mark = iot.events().lastSequence();
                publish(c, topic, new byte[] {1});
                DisconnectPacket disconnect = c.serverDisconnect().orTimeout(30, TimeUnit.SECONDS).join();
                assertThat(disconnect.getReasonCode())
                        .isEqualTo(DisconnectPacket.DisconnectReasonCode.TOPIC_NAME_INVALID);
                assertThat(awaitDisconnect(iot, clientId, mark).details())
                        .containsEntry("disconnectReason", "CLIENT_ERROR");
            }
        }
    }

    @Test
    void publish_atTheTopicLimits_andBehindTheBasicIngestPrefix_isAccepted(LocalIotCore iot) {
        IssuedCertificate cert = certificate(iot);
        try (Mqtt5TestClient c = mqtt5(iot, id("topic-ok"), cert)) {
            for (String topic : List.of("t".repeat(256), "a/b/c/d/e/f/g/h", "$aws/rules/myRule/a/b/c/d/e/f/g/h",
                    "$aws/rules/myRule/" + "t".repeat(256))) {
                PublishResult result = publish(c, topic, new byte[] {1}).orTimeout(30, TimeUnit.SECONDS).join();
                assertThat(result.getResultPubAck().getReasonCode()).as(topic).isIn(ACCEPTED);
            }
            assertThat(c.disconnected()).isNotDone();
        }
    }

    // ---- subscribe ----

    @Test
    void subscribe_whenFilterHasMoreThanSevenSlashes_failsThatFilterOnly(LocalIotCore iot) {
        IssuedCertificate cert = certificate(iot);
        try (Mqtt5TestClient c = mqtt5(iot, id("filter"), cert)) {
            SubAckPacket suback = c.client().subscribe(new SubscribePacket.SubscribePacketBuilder()
                    .withSubscription("a/b/c/d/e/f/g/h/+", QOS.AT_LEAST_ONCE)
                    .withSubscription("a/b/c/d/e/f/g/+", QOS.AT_LEAST_ONCE).build())
                    .orTimeout(30, TimeUnit.SECONDS).join();
            assertThat(suback.getReasonCodes()).containsExactly(SubAckPacket.SubAckReasonCode.TOPIC_FILTER_INVALID,
                    SubAckPacket.SubAckReasonCode.GRANTED_QOS_1);
        }
    }

    @Test
    void subscribe_withMoreThanEightFilters_disconnectsWithClientError_andEightAreGranted(LocalIotCore iot) {
        IssuedCertificate cert = certificate(iot);
        try (Mqtt5TestClient c = mqtt5(iot, id("eight"), cert)) {
            SubAckPacket suback = c.client().subscribe(filters(8)).orTimeout(30, TimeUnit.SECONDS).join();
            assertThat(suback.getReasonCodes()).hasSize(8).containsOnly(SubAckPacket.SubAckReasonCode.GRANTED_QOS_1);
        }
        String clientId = id("nine");
        try (Mqtt5TestClient c = mqtt5(iot, clientId, cert)) {
            long mark = iot.events().lastSequence();
            c.client().subscribe(filters(9));
            c.disconnected().orTimeout(30, TimeUnit.SECONDS).join();
            assertThat(awaitDisconnect(iot, clientId, mark).details())
                    .containsEntry("disconnectReason", "CLIENT_ERROR")
                    .containsEntry("clientErrorReason", "SUBSCRIBE_LIMIT_EXCEEDED");
        }
    }

    private static SubscribePacket filters(int n) {
        SubscribePacket.SubscribePacketBuilder b = new SubscribePacket.SubscribePacketBuilder();
        for (int i = 0; i < n; i++) {
            b.withSubscription("limits/filter/" + i, QOS.AT_LEAST_ONCE);
        }
        return b.build();
    }

    // ---- QoS 2 ----

    @Test
    void mqtt5_connackSaysMaximumQos1(LocalIotCore iot) {
        // A QoS 2 PUBLISH after this CONNACK is a protocol error that HiveMQ's max-qos answers with
        // DISCONNECT "QoS not supported"; the Device SDK's MQTT 5 client refuses to send QoS 2 at all.
        IssuedCertificate cert = certificate(iot);
        try (Mqtt5TestClient c = mqtt5(iot, id("qos2"), cert)) {
            ConnAckPacket connack = c.connected().join();
            assertThat(connack.getMaximumQOS()).isEqualTo(QOS.AT_LEAST_ONCE);
        }
    }

    @Test
    void mqtt311_qos2PublishOrSubscribe_closesTheConnectionWithClientError(LocalIotCore iot) throws Exception {
        IssuedCertificate cert = certificate(iot);
        String publisher = id("qos2-pub");
        Mqtt311 c = Mqtt311.connect(iot, publisher, cert);
        try {
            long mark = iot.events().lastSequence();
            c.connection.publish(new MqttMessage("limits/qos2", new byte[] {1}, QualityOfService.EXACTLY_ONCE));
            c.interrupted.get(30, TimeUnit.SECONDS);
            assertThat(awaitDisconnect(iot, publisher, mark).details()).containsEntry("disconnectReason", "CLIENT_ERROR");
        } finally {
            c.close();
        }
        String subscriber = id("qos2-sub");
        Mqtt311 s = Mqtt311.connect(iot, subscriber, cert);
        try {
            long mark = iot.events().lastSequence();
            s.connection.subscribe("limits/qos2", QualityOfService.EXACTLY_ONCE, m -> { });
            s.interrupted.get(30, TimeUnit.SECONDS);
            assertThat(awaitDisconnect(iot, subscriber, mark).details())
                    .containsEntry("disconnectReason", "CLIENT_ERROR")
                    .containsEntry("clientErrorReason", "QOS_NOT_SUPPORTED");
        } finally {
            s.close();
        }
    }

    // ---- CONNECT rate per client id ----

    @Test
    void connect_withTheLimitTurnedOff_acceptsASecondConnectAtOnce(LocalIotCore iot) {
        IssuedCertificate cert = certificate(iot);
        String clientId = id("rate-off");
        long mark = iot.events().lastSequence();
        iot.setConnectRateLimit(false);
        try {
            try (Mqtt5TestClient first = mqtt5(iot, clientId, cert)) {
                assertThat(first.disconnected()).isNotDone();
            }
            try (Mqtt5TestClient second = mqtt5(iot, clientId, cert)) {
                assertThat(second.disconnected()).isNotDone();
            }
        } finally {
            iot.setConnectRateLimit(true);
        }
        assertThat(iot.events().since(mark)).filteredOn(e -> e.type() == EventType.CONNECT
                && e.clientId().filter(clientId::equals).isPresent()).extracting(Event::outcome)
                .containsExactly("ACCEPTED", "ACCEPTED");
    }

    @Test
    void connect_twiceWithinASecondWithTheSameClientId_theSecondIsThrottled(LocalIotCore iot) {
        IssuedCertificate cert = certificate(iot);
        String clientId = id("rate");
        long mark = iot.events().lastSequence();
        assertThat(iot.isConnectRateLimited()).as("on by default, as in AWS IoT Core").isTrue();
        try (Mqtt5TestClient first = mqtt5(iot, clientId, cert);
                Mqtt5TestClient second = Mqtt5TestClient.start(iot, clientId, cert.certificatePem(), privateKey(cert),
                        b -> b.withExtendedValidationAndFlowControlOptions(ExtendedValidationAndFlowControlOptions.NONE))) {
            ConnAckPacket refused = second.refused().orTimeout(30, TimeUnit.SECONDS).join();
            assertThat(refused.getReasonCode()).isEqualTo(ConnAckPacket.ConnectReasonCode.CONNECTION_RATE_EXCEEDED);
            assertThat(first.disconnected()).isNotDone();
        }
        List<String> outcomes = new ArrayList<>();
        for (Event e : iot.events().since(mark)) {
            if (e.type() == EventType.CONNECT && e.clientId().filter(clientId::equals).isPresent()) {
                outcomes.add(e.outcome());
            }
        }
        assertThat(outcomes).containsExactly("ACCEPTED", "REFUSED");
    }

    /** The Device SDK's MQTT 3.1.1 connection, recording when the broker closes it. */
    private static final class Mqtt311 {
        final MqttClientConnection connection;
        final CompletableFuture<Integer> interrupted = new CompletableFuture<>();

        private Mqtt311(MqttClientConnection connection) {
            this.connection = connection;
        }

        static Mqtt311 connect(LocalIotCore iot, String clientId, IssuedCertificate cert) throws Exception {
            CompletableFuture<Integer> interrupted = new CompletableFuture<>();
            MqttClientConnectionEvents events = new MqttClientConnectionEvents() {
                @Override
                public void onConnectionInterrupted(int errorCode) {
                    interrupted.complete(errorCode);
                }

                @Override
                public void onConnectionResumed(boolean sessionPresent) {
                }

                @Override
                public void onConnectionSuccess(OnConnectionSuccessReturn data) {
                }

                @Override
                public void onConnectionFailure(OnConnectionFailureReturn data) {
                }

                @Override
                public void onConnectionClosed(OnConnectionClosedReturn data) {
                }
            };
            try (AwsIotMqttConnectionBuilder builder = AwsIotMqttConnectionBuilder.newMtlsBuilder(
                    cert.certificatePem(), privateKey(cert))) {
                MqttClientConnection connection = builder.withEndpoint(iot.mqttHost()).withPort(iot.mqttPort())
                        .withCertificateAuthority(iot.caCertificatePem()).withClientId(clientId)
                        .withCleanSession(true).withConnectionEventCallbacks(events)
                        .withReconnectTimeoutSecs(60, 120).build();
                connection.connect().get(30, TimeUnit.SECONDS);
                Mqtt311 c = new Mqtt311(connection);
                interrupted.whenComplete((code, e) -> c.interrupted.complete(code));
                return c;
            }
        }

        void close() throws Exception {
            try {
                connection.disconnect().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                // already closed by the broker
            } finally {
                connection.close();
            }
        }
    }
}
