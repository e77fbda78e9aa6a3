package io.github.fleetprov.benchmarks.device;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.crt.CRT;
import software.amazon.awssdk.crt.io.SocketOptions;
import software.amazon.awssdk.crt.iot.MqttRequestResponseClient;
import software.amazon.awssdk.crt.iot.MqttRequestResponseClientOptions;
import software.amazon.awssdk.crt.iot.RequestResponseOperation;
import software.amazon.awssdk.crt.iot.ResponsePath;
import software.amazon.awssdk.crt.mqtt5.Mqtt5Client;
import software.amazon.awssdk.crt.mqtt5.Mqtt5ClientOptions;
import software.amazon.awssdk.crt.mqtt5.OnAttemptingConnectReturn;
import software.amazon.awssdk.crt.mqtt5.OnConnectionFailureReturn;
import software.amazon.awssdk.crt.mqtt5.OnConnectionSuccessReturn;
import software.amazon.awssdk.crt.mqtt5.OnDisconnectionReturn;
import software.amazon.awssdk.crt.mqtt5.OnStoppedReturn;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.PublishPacket;
import software.amazon.awssdk.crt.mqtt5.packets.SubscribePacket;

/**
 * A minimal reproduction of the idle time aws-crt's MQTT request-response client spends before each
 * request, independent of fleetprov, of AWS IoT and of TLS: two plain MQTT 5 clients of aws-crt on one
 * broker (mosquitto with {@code set_tcp_nodelay true}, so that its own Nagle stalls do not hide the
 * figures). A responder echoes every message on {@code repro/request} and
 * {@code repro/hand} to the same topic with {@code /accepted} appended. The requester times, alternately, one request through
 * {@link MqttRequestResponseClient} (the machinery {@code IotIdentityV2Client} uses) and one
 * publish/reply round trip by hand on the same connection (subscribed once), and prints both.
 *
 * <pre>
 * printf 'listener 1883 127.0.0.1\nallow_anonymous true\nset_tcp_nodelay true\n' &gt; repro.conf
 * mosquitto -c repro.conf &amp;
 * java -cp aws-crt-0.50.0.jar:benchmarks/target/classes \
 *     io.github.fleetprov.benchmarks.device.RequestResponseIdleWait localhost 1883 20
 * </pre>
 */
public final class RequestResponseIdleWait {

    private static final String REQUEST = "repro/request";
    private static final String ACCEPTED = "repro/request/accepted";
    private static final String HAND = "repro/hand";

    private RequestResponseIdleWait() {
    }

    /**
     * Runs the reproduction.
     *
     * @param args broker host, port, number of requests of each kind
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        String host = args.length > 0 ? args[0] : "localhost";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 1883;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        System.out.println("aws-crt " + CRT.class.getPackage().getImplementationVersion() + ", broker " + host + ":"
                + port);
        Mqtt5Client[] responder = new Mqtt5Client[1];
        responder[0] = connect(host, port, "repro-responder", (topic, payload) -> responder[0].publish(
                new PublishPacket.PublishPacketBuilder(topic + "/accepted", QOS.AT_LEAST_ONCE, payload).build()));
        responder[0].subscribe(new SubscribePacket.SubscribePacketBuilder(REQUEST, QOS.AT_LEAST_ONCE)
                .withSubscription(HAND, QOS.AT_LEAST_ONCE).build()).get(10, TimeUnit.SECONDS);

        CompletableFuture<?>[] handReply = new CompletableFuture<?>[1];
        Mqtt5Client requester = connect(host, port, "repro-requester", (topic, payload) -> {
            CompletableFuture<?> waiting = handReply[0];
            if (waiting != null && topic.equals(HAND + "/accepted")) {
                waiting.complete(null);
            }
        });
        requester.subscribe(new SubscribePacket.SubscribePacketBuilder(HAND + "/accepted", QOS.AT_LEAST_ONCE).build())
                .get(10, TimeUnit.SECONDS);
        MqttRequestResponseClientOptions options = MqttRequestResponseClientOptions.builder()
                .withMaxRequestResponseSubscriptions(2).withMaxStreamingSubscriptions(2)
                .withOperationTimeoutSeconds(30).build();
        List<Double> viaClient = new ArrayList<>();
        List<Double> byHand = new ArrayList<>();
        try (MqttRequestResponseClient rr = new MqttRequestResponseClient(requester, options)) {
            for (int i = 0; i < n + 3; i++) {
                String token = "rr-" + i;
                RequestResponseOperation operation = RequestResponseOperation.builder()
                        .withSubscription(ACCEPTED)
                        .withResponsePath(ResponsePath.builder().withResponseTopic(ACCEPTED)
                                .withCorrelationTokenJsonPath("clientToken").build())
                        .withPublishTopic(REQUEST)
                        .withPayload(("{\"clientToken\":\"" + token + "\"}").getBytes(StandardCharsets.UTF_8))
                        .withCorrelationToken(token).build();
                long start = System.nanoTime();
                rr.submitRequest(operation).get(30, TimeUnit.SECONDS);
                double rrMs = (System.nanoTime() - start) / 1e6;

                CompletableFuture<Object> reply = new CompletableFuture<>();
                handReply[0] = reply;
                start = System.nanoTime();
                requester.publish(new PublishPacket.PublishPacketBuilder(HAND, QOS.AT_LEAST_ONCE,
                        ("{\"clientToken\":\"hand-" + i + "\"}").getBytes(StandardCharsets.UTF_8)).build());
                reply.get(30, TimeUnit.SECONDS);
                double handMs = (System.nanoTime() - start) / 1e6;
                System.out.printf("request %2d: MqttRequestResponseClient %7.1f ms, publish/reply by hand %6.1f ms%n",
                        i, rrMs, handMs);
                if (i >= 3) {
                    viaClient.add(rrMs);
                    byHand.add(handMs);
                }
            }
        } finally {
            requester.stop();
            requester.close();
            responder[0].stop();
            responder[0].close();
        }
        System.out.printf("median of %d after 3 warm-up: MqttRequestResponseClient %.1f ms, by hand %.1f ms%n", n,
                median(viaClient), median(byHand));
        System.exit(0);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private interface OnMessage {
        void accept(String topic, byte[] payload);
    }

    private static Mqtt5Client connect(String host, int port, String clientId, OnMessage onMessage) throws Exception {
        CompletableFuture<Void> connected = new CompletableFuture<>();
        try (SocketOptions socket = new SocketOptions()) {
            socket.tcpNoDelay = SocketOptions.TcpNoDelay.ON;
            Mqtt5ClientOptions options = new Mqtt5ClientOptions.Mqtt5ClientOptionsBuilder(host, (long) port)
                    .withSocketOptions(socket)
                    .withConnectOptions(new software.amazon.awssdk.crt.mqtt5.packets.ConnectPacket
                            .ConnectPacketBuilder().withClientId(clientId).build())
                    .withPublishEvents((client, result) -> onMessage.accept(result.getPublishPacket().getTopic(),
                            result.getPublishPacket().getPayload()))
                    .withLifecycleEvents(new Mqtt5ClientOptions.LifecycleEvents() {
                        @Override
                        public void onAttemptingConnect(Mqtt5Client c, OnAttemptingConnectReturn r) {
                        }

                        @Override
                        public void onConnectionSuccess(Mqtt5Client c, OnConnectionSuccessReturn r) {
                            connected.complete(null);
                        }

                        @Override
                        public void onConnectionFailure(Mqtt5Client c, OnConnectionFailureReturn r) {
                            connected.completeExceptionally(new IllegalStateException("connect failed: "
                                    + CRT.awsErrorName(r.getErrorCode())));
                        }

                        @Override
                        public void onDisconnection(Mqtt5Client c, OnDisconnectionReturn r) {
                        }

                        @Override
                        public void onStopped(Mqtt5Client c, OnStoppedReturn r) {
                        }
                    }).build();
            Mqtt5Client client = new Mqtt5Client(options);
            client.start();
            connected.get(10, TimeUnit.SECONDS);
            return client;
        }
    }
}
