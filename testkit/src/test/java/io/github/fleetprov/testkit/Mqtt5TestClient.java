package io.github.fleetprov.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import software.amazon.awssdk.crt.mqtt5.Mqtt5Client;
import software.amazon.awssdk.crt.mqtt5.Mqtt5ClientOptions;
import software.amazon.awssdk.crt.mqtt5.OnAttemptingConnectReturn;
import software.amazon.awssdk.crt.mqtt5.OnConnectionFailureReturn;
import software.amazon.awssdk.crt.mqtt5.OnConnectionSuccessReturn;
import software.amazon.awssdk.crt.mqtt5.OnDisconnectionReturn;
import software.amazon.awssdk.crt.mqtt5.OnStoppedReturn;
import software.amazon.awssdk.crt.mqtt5.PublishResult;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.ConnAckPacket;
import software.amazon.awssdk.crt.mqtt5.packets.DisconnectPacket;
import software.amazon.awssdk.crt.mqtt5.packets.PublishPacket;
import software.amazon.awssdk.crt.mqtt5.packets.SubAckPacket;
import software.amazon.awssdk.crt.mqtt5.packets.SubscribePacket;
import software.amazon.awssdk.iot.AwsIotMqtt5ClientBuilder;

/**
 * An MQTT 5 client of the AWS IoT Device SDK v2 (aws-crt) connected to a LocalIotCore with a
 * certificate, recording what it receives. For tests.
 */
final class Mqtt5TestClient implements AutoCloseable {

    /** A message the client received. */
    record Received(String topic, String payload, byte[] bytes) {
    }

    private final Mqtt5Client client;
    private final CompletableFuture<ConnAckPacket> connected = new CompletableFuture<>();
    private final CompletableFuture<Integer> failed = new CompletableFuture<>();
    private final CompletableFuture<Void> disconnected = new CompletableFuture<>();
    private final CompletableFuture<ConnAckPacket> refused = new CompletableFuture<>();
    private final CompletableFuture<DisconnectPacket> serverDisconnect = new CompletableFuture<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private Mqtt5TestClient(LocalIotCore iot, String clientId, String certificatePem, String privateKeyPem,
            Consumer<AwsIotMqtt5ClientBuilder> options) {
        Mqtt5ClientOptions.LifecycleEvents events = new Mqtt5ClientOptions.LifecycleEvents() {
            @Override
            public void onAttemptingConnect(Mqtt5Client c, OnAttemptingConnectReturn r) {
            }

            @Override
            public void onConnectionSuccess(Mqtt5Client c, OnConnectionSuccessReturn r) {
                connected.complete(r.getConnAckPacket());
            }

            @Override
            public void onConnectionFailure(Mqtt5Client c, OnConnectionFailureReturn r) {
                if (r.getConnAckPacket() != null) {
                    refused.complete(r.getConnAckPacket());
                }
                failed.complete(r.getErrorCode());
            }

            @Override
            public void onDisconnection(Mqtt5Client c, OnDisconnectionReturn r) {
                if (r.getDisconnectPacket() != null) {
                    serverDisconnect.complete(r.getDisconnectPacket());
                }
                disconnected.complete(null);
            }

            @Override
            public void onStopped(Mqtt5Client c, OnStoppedReturn r) {
            }
        };
        Path chainDir = certificatePem.indexOf("-----BEGIN CERTIFICATE-----", 1) > 0 ? writeChain(certificatePem,
                privateKeyPem) : null;
        try (AwsIotMqtt5ClientBuilder builder = chainDir == null
                ? AwsIotMqtt5ClientBuilder.newDirectMqttBuilderWithMtlsFromMemory(iot.mqttHost(), certificatePem,
                        privateKeyPem)
                : AwsIotMqtt5ClientBuilder.newDirectMqttBuilderWithMtlsFromPath(iot.mqttHost(),
                        chainDir.resolve("certificate.pem").toString(), chainDir.resolve("private.key").toString())) {
            builder.withPort((long) iot.mqttPort())
                    .withCertificateAuthority(iot.caCertificatePem())
                    .withClientId(clientId)
                    .withLifeCycleEvents(events)
                    .withMinReconnectDelayMs(60_000L)
                    .withMaxReconnectDelayMs(120_000L)
                    .withPublishEvents((c, r) -> received.add(new Received(r.getPublishPacket().getTopic(),
                            new String(r.getPublishPacket().getPayload(), StandardCharsets.UTF_8),
                            r.getPublishPacket().getPayload())));
            options.accept(builder);
            this.client = builder.build();
        } finally {
            if (chainDir != null) {
                deleteChain(chainDir);
            }
        }
    }

    /**
     * A certificate file with a chain (a device certificate followed by its CA's, as just-in-time
     * registration needs) goes to aws-crt as files: its in-memory path accepts one certificate only.
     */
    private static Path writeChain(String certificatePem, String privateKeyPem) {
        try {
            Path dir = Files.createTempDirectory("mqtt5-chain");
            Files.writeString(dir.resolve("certificate.pem"), certificatePem);
            Files.writeString(dir.resolve("private.key"), privateKeyPem);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteChain(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve("certificate.pem"));
            Files.deleteIfExists(dir.resolve("private.key"));
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a client and waits until it is connected. */
    static Mqtt5TestClient connect(LocalIotCore iot, String clientId, String certificatePem, String privateKeyPem) {
        return connect(iot, clientId, certificatePem, privateKeyPem, builder -> { });
    }

    /** Starts a client with further builder options and waits until it is connected. */
    static Mqtt5TestClient connect(LocalIotCore iot, String clientId, String certificatePem, String privateKeyPem,
            Consumer<AwsIotMqtt5ClientBuilder> options) {
        Mqtt5TestClient c = new Mqtt5TestClient(iot, clientId, certificatePem, privateKeyPem, options);
        c.client.start();
        CompletableFuture.anyOf(c.connected, c.failed).orTimeout(60, TimeUnit.SECONDS).join();
        if (!c.connected.isDone()) {
            c.close();
            throw new IllegalStateException("CONNECT of " + clientId + " failed with aws-crt error "
                    + c.failed.join() + "; events: " + iot.events().since(iot.events().lastSequence() - 5));
        }
        return c;
    }

    /** Starts a client without waiting for the outcome. */
    static Mqtt5TestClient start(LocalIotCore iot, String clientId, String certificatePem, String privateKeyPem) {
        return start(iot, clientId, certificatePem, privateKeyPem, builder -> { });
    }

    /** Starts a client with further builder options without waiting for the outcome. */
    static Mqtt5TestClient start(LocalIotCore iot, String clientId, String certificatePem, String privateKeyPem,
            Consumer<AwsIotMqtt5ClientBuilder> options) {
        Mqtt5TestClient c = new Mqtt5TestClient(iot, clientId, certificatePem, privateKeyPem, options);
        c.client.start();
        return c;
    }

    Mqtt5Client client() {
        return client;
    }

    CompletableFuture<ConnAckPacket> connected() {
        return connected;
    }

    CompletableFuture<Integer> failed() {
        return failed;
    }

    CompletableFuture<Void> disconnected() {
        return disconnected;
    }

    /** The CONNACK of a refused CONNECT. */
    CompletableFuture<ConnAckPacket> refused() {
        return refused;
    }

    /** The DISCONNECT the server sent, if it sent one. */
    CompletableFuture<DisconnectPacket> serverDisconnect() {
        return serverDisconnect;
    }

    SubAckPacket subscribe(String filter) {
        return client.subscribe(new SubscribePacket.SubscribePacketBuilder(filter, QOS.AT_LEAST_ONCE).build())
                .orTimeout(20, TimeUnit.SECONDS).join();
    }

    CompletableFuture<PublishResult> publish(String topic, String payload) {
        return client.publish(new PublishPacket.PublishPacketBuilder(topic, QOS.AT_LEAST_ONCE,
                payload.getBytes(StandardCharsets.UTF_8)).build());
    }

    /** Publishes at QoS 1 with the RETAIN flag set. */
    CompletableFuture<PublishResult> publishRetained(String topic, String payload) {
        return client.publish(new PublishPacket.PublishPacketBuilder(topic, QOS.AT_LEAST_ONCE,
                payload.getBytes(StandardCharsets.UTF_8)).withRetain(true).build());
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** Waits until a message on a topic arrives, or the timeout passes. */
    java.util.Optional<Received> awaitMessage(String topic, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Received r : received) {
                if (r.topic().equals(topic)) {
                    return java.util.Optional.of(r);
                }
            }
            Thread.sleep(10);
        }
        return java.util.Optional.empty();
    }

    @Override
    public void close() {
        try {
            client.stop();
        } finally {
            client.close();
        }
    }
}
