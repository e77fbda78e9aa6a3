package io.github.fleetprov.benchmarks.device;

import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.device.internal.CredentialsFetcher;
import io.github.fleetprov.testkit.LocalIotCore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import software.amazon.awssdk.crt.mqtt5.Mqtt5Client;
import software.amazon.awssdk.crt.mqtt5.Mqtt5ClientOptions;
import software.amazon.awssdk.crt.mqtt5.OnAttemptingConnectReturn;
import software.amazon.awssdk.crt.mqtt5.OnConnectionFailureReturn;
import software.amazon.awssdk.crt.mqtt5.OnConnectionSuccessReturn;
import software.amazon.awssdk.crt.mqtt5.OnDisconnectionReturn;
import software.amazon.awssdk.crt.mqtt5.OnStoppedReturn;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.SubscribePacket;
import software.amazon.awssdk.iot.AwsIotMqtt5ClientBuilder;

/**
 * Where the time of a claim connection goes: the same mutual-TLS connection, MQTT CONNECT and one
 * SUBSCRIBE against the same {@code LocalIotCore}, made by the Device SDK's aws-crt MQTT 5 client and by
 * a minimal MQTT 3.1.1 client on the JDK's {@code SSLSocket}, once with Nagle's algorithm on (as aws-crt
 * leaves its sockets) and once with {@code TCP_NODELAY}. Interleaved, one of each per round.
 *
 * <pre>
 * ./mvnw -B -q -DskipTests -pl benchmarks -am package exec:exec \
 *     -Dbench.main=io.github.fleetprov.benchmarks.device.ConnectionCostHarness -Dbench.args="100"
 * </pre>
 */
public final class ConnectionCostHarness {

    private static final String TOPIC = "$aws/certificates/create-from-csr/json/accepted";

    private ConnectionCostHarness() {
    }

    /**
     * Runs the comparison.
     *
     * @param args the number of measured rounds (default 100); a third as many warm-up rounds come first
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int warmup = Math.max(10, n / 3);
        Map<String, List<Long>> times = new LinkedHashMap<>();
        try (LocalIotCore iot = LocalIotCore.builder().start()) {
            BenchFleet fleet = new BenchFleet(iot);
            SSLContext jdk = CredentialsFetcher.sslContext(fleet.claim.certificate(), fleet.claim.keyPair().getPrivate(),
                    List.of(Pem.readCertificate(iot.caCertificatePem())));
            for (int i = 0; i < warmup + n; i++) {
                boolean measured = i >= warmup;
                for (int k = 0; k < 4; k++) {
                    int flow = (i + k) % 4;
                    String clientId = "bench-cc" + flow + "-" + i;
                    long[] phases = flow < 2 ? crt(iot, fleet, clientId, flow == 0) : jdk(iot, jdk, clientId, flow == 3);
                    if (measured) {
                        String name = flow == 0 ? "aws-crt MQTT 5, IoT Core flow control (default)"
                                : flow == 1 ? "aws-crt MQTT 5, flow control NONE"
                                : flow == 2 ? "JDK SSLSocket, Nagle on" : "JDK SSLSocket, TCP_NODELAY";
                        String[] labels = {"TLS context", "TCP + TLS + CONNECT/CONNACK", "SUBSCRIBE/SUBACK", "total"};
                        for (int p = 0; p < labels.length; p++) {
                            times.computeIfAbsent(name + " | " + labels[p], x -> new ArrayList<>()).add(phases[p]);
                        }
                    }
                }
            }
        }
        System.out.println();
        System.out.println("== Claim connection cost: mutual TLS + CONNECT + one SUBSCRIBE, " + n
                + " rounds after " + warmup + " warm-up rounds, clients interleaved ==");
        System.out.printf("%-62s %8s %8s %8s %6s%n", "", "min ms", "p50 ms", "p90 ms", "n");
        times.forEach((name, nanos) -> System.out.printf("%-62s %8.1f %8.1f %8.1f %6d%n", name,
                DeviceProvisioningHarness.percentile(nanos, 0), DeviceProvisioningHarness.percentile(nanos, 50),
                DeviceProvisioningHarness.percentile(nanos, 90), nanos.size()));
        System.exit(0);
    }

    /** @return nanoseconds: TLS context, connect to CONNACK, SUBSCRIBE to SUBACK, total */
    private static long[] crt(LocalIotCore iot, BenchFleet fleet, String clientId, boolean iotCoreFlowControl)
            throws Exception {
        long start = System.nanoTime();
        CompletableFuture<Long> connected = new CompletableFuture<>();
        Mqtt5Client client;
        try (AwsIotMqtt5ClientBuilder builder = AwsIotMqtt5ClientBuilder.newDirectMqttBuilderWithMtlsFromMemory(
                iot.mqttHost(), fleet.claim.certificatePem(), fleet.claim.privateKeyPem())) {
            builder.withExtendedValidationAndFlowControlOptions(iotCoreFlowControl
                    ? Mqtt5ClientOptions.ExtendedValidationAndFlowControlOptions.AWS_IOT_CORE_DEFAULTS
                    : Mqtt5ClientOptions.ExtendedValidationAndFlowControlOptions.NONE);
            builder.withPort((long) iot.mqttPort()).withCertificateAuthority(iot.caCertificatePem())
                    .withClientId(clientId).withLifeCycleEvents(new Mqtt5ClientOptions.LifecycleEvents() {
                        @Override
                        public void onAttemptingConnect(Mqtt5Client c, OnAttemptingConnectReturn r) {
                        }

                        @Override
                        public void onConnectionSuccess(Mqtt5Client c, OnConnectionSuccessReturn r) {
                            connected.complete(System.nanoTime());
                        }

                        @Override
                        public void onConnectionFailure(Mqtt5Client c, OnConnectionFailureReturn r) {
                            connected.completeExceptionally(new IllegalStateException("CONNECT failed: "
                                    + r.getErrorCode()));
                        }

                        @Override
                        public void onDisconnection(Mqtt5Client c, OnDisconnectionReturn r) {
                        }

                        @Override
                        public void onStopped(Mqtt5Client c, OnStoppedReturn r) {
                        }
                    });
            client = builder.build();
        }
        try {
            long built = System.nanoTime();
            client.start();
            long connack = connected.get(30, TimeUnit.SECONDS);
            long subscribing = System.nanoTime();
            client.subscribe(new SubscribePacket.SubscribePacketBuilder().withSubscription(TOPIC, QOS.AT_MOST_ONCE)
                    .build()).get(30, TimeUnit.SECONDS);
            long subscribed = System.nanoTime();
            return new long[] {built - start, connack - built, subscribed - subscribing, subscribed - start};
        } finally {
            client.stop();
            client.close();
        }
    }

    /** @return nanoseconds: TLS context (0: made once), connect to CONNACK, SUBSCRIBE to SUBACK, total */
    private static long[] jdk(LocalIotCore iot, SSLContext context, String clientId, boolean noDelay)
            throws IOException {
        long start = System.nanoTime();
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.setTcpNoDelay(noDelay);
            socket.connect(new InetSocketAddress(iot.mqttHost(), iot.mqttPort()));
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] id = clientId.getBytes(StandardCharsets.US_ASCII);
            ByteArrayOutputStream connect = new ByteArrayOutputStream();
            // MQTT 3.1.1 CONNECT: protocol name, level 4, clean session, keep-alive 60 s, client id
            connect.write(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 60, 0, (byte) id.length});
            connect.write(id);
            send(out, 0x10, connect.toByteArray());
            byte[] connack = in.readNBytes(4);
            if (connack.length != 4 || connack[0] != 0x20 || connack[3] != 0) {
                throw new IllegalStateException("CONNECT refused for " + clientId);
            }
            long connected = System.nanoTime();
            byte[] topic = TOPIC.getBytes(StandardCharsets.US_ASCII);
            ByteArrayOutputStream subscribe = new ByteArrayOutputStream();
            subscribe.write(new byte[] {0, 1, 0, (byte) topic.length});
            subscribe.write(topic);
            subscribe.write(0);
            send(out, 0x82, subscribe.toByteArray());
            byte[] suback = in.readNBytes(5);
            if (suback.length != 5 || suback[0] != (byte) 0x90 || (suback[4] & 0x80) != 0) {
                throw new IllegalStateException("SUBSCRIBE refused for " + clientId);
            }
            long subscribed = System.nanoTime();
            out.write(new byte[] {(byte) 0xe0, 0});
            out.flush();
            return new long[] {0, connected - start, subscribed - connected, subscribed - start};
        }
    }

    private static void send(OutputStream out, int header, byte[] body) throws IOException {
        if (body.length > 127) {
            throw new IllegalArgumentException("packet too long for this minimal client");
        }
        byte[] packet = new byte[body.length + 2];
        packet[0] = (byte) header;
        packet[1] = (byte) body.length;
        System.arraycopy(body, 0, packet, 2, body.length);
        out.write(packet);
        out.flush();
    }
}
