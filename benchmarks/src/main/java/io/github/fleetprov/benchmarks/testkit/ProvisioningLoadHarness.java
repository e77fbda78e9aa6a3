package io.github.fleetprov.benchmarks.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fleetprov.core.pki.CertificateSigningRequest;
import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.core.pki.KeyPairs;
import io.github.fleetprov.core.pki.Subject;
import io.github.fleetprov.testkit.LocalIotCore;
import io.github.fleetprov.testkit.registry.ProvisioningTemplateSpec;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.crt.iot.MqttRequestResponseClientOptions;
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
import software.amazon.awssdk.iot.AwsIotMqtt5ClientBuilder;
import software.amazon.awssdk.iot.iotidentity.IotIdentityV2Client;
import software.amazon.awssdk.iot.iotidentity.model.CreateCertificateFromCsrRequest;
import software.amazon.awssdk.iot.iotidentity.model.CreateCertificateFromCsrResponse;
import software.amazon.awssdk.iot.iotidentity.model.RegisterThingRequest;

/**
 * Load harness for LocalIotCore: N devices provisioned by claim with CreateCertificateFromCsr and
 * RegisterThing over C concurrent MQTT 5 connections (AWS IoT Device SDK v2 / aws-crt clients) from
 * one JVM. Reports devices per second, p50/p99 per-device latency (key + CSR + both requests), and
 * the emulator's heap per 1,000 registered things.
 *
 * <p>Modes: {@code raw} keeps the reply subscriptions of each connection and publishes requests
 * directly (what a tuned device client does); {@code v2} uses the SDK's {@code IotIdentityV2Client}
 * request-response client, which subscribes and unsubscribes around every request (the peer).
 *
 * <pre>
 * -Dbench.main=io.github.fleetprov.benchmarks.testkit.ProvisioningLoadHarness
 * -Dbench.args="--devices 2000 --connections 50 --mode raw --warmup 200"
 * </pre>
 */
public final class ProvisioningLoadHarness {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CSR_TOPIC = "$aws/certificates/create-from-csr/json";
    private static final String TEMPLATE = "{\"Parameters\":{\"SerialNumber\":{\"Type\":\"String\"},"
            + "\"AWS::IoT::Certificate::Id\":{\"Type\":\"String\"}},\"Resources\":{\"thing\":{\"Type\":"
            + "\"AWS::IoT::Thing\",\"Properties\":{\"ThingName\":{\"Fn::Join\":[\"\",[\"bench_\",{\"Ref\":"
            + "\"SerialNumber\"}]]},\"AttributePayload\":{\"serialNumber\":{\"Ref\":\"SerialNumber\"}}}},"
            + "\"certificate\":{\"Type\":\"AWS::IoT::Certificate\",\"Properties\":{\"CertificateId\":{\"Ref\":"
            + "\"AWS::IoT::Certificate::Id\"},\"Status\":\"Active\"}},\"policy\":{\"Type\":\"AWS::IoT::Policy\","
            + "\"Properties\":{\"PolicyDocument\":{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":[\"iot:Connect\",\"iot:Publish\",\"iot:Subscribe\",\"iot:Receive\"],\"Resource\":\"*\"}]}}}},"
            + "\"DeviceConfiguration\":{\"fleet\":\"bench\"}}";

    private ProvisioningLoadHarness() {
    }

    /**
     * Runs the harness.
     *
     * @param args {@code --devices N --connections C --mode raw|v2 --warmup W}
     * @throws Exception if the run fails
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int devices = Integer.parseInt(options.getOrDefault("devices", "2000"));
        int connections = Integer.parseInt(options.getOrDefault("connections", "50"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "200"));
        String mode = options.getOrDefault("mode", "raw");

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (LocalIotCore iot = LocalIotCore.builder().start()) {
            String template = "bench";
            iot.registry().createProvisioningTemplate(ProvisioningTemplateSpec.builder().templateName(template)
                    .templateBody(TEMPLATE).enabled(true)
                    .provisioningRoleArn("arn:aws:iam::" + iot.accountId() + ":role/Provisioning").build());
            iot.registry().createPolicy("bench-claim", claimPolicy(iot, template));
            IssuedCertificate claim = iot.createClaimCertificate("bench-claim");

            List<Connection> pool = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                pool.add(new Connection(iot, "bench-claim-" + i, claim, mode.equals("raw")));
            }
            CompletableFuture.allOf(pool.stream().map(c -> c.connected).toArray(CompletableFuture[]::new))
                    .get(120, TimeUnit.SECONDS);
            for (Connection c : pool) {
                c.prepare(mode, template);
            }

            run(pool, warmup, "w", mode, template);
            long heapBefore = usedHeapAfterGc(memory);
            int thingsBefore = iot.registry().listThings().size();
            long cpuBefore = processCpuNanos();
            Map<String, Long> threadsBefore = threadCpuByGroup();
            Result result = run(pool, devices, "d", mode, template);
            double cpuMsPerDevice = (processCpuNanos() - cpuBefore) / 1e6 / devices;
            Map<String, Long> threadsAfter = threadCpuByGroup();
            long heapAfter = usedHeapAfterGc(memory);
            int thingsAfter = iot.registry().listThings().size();

            for (Connection c : pool) {
                c.close();
            }
            double perThousand = (heapAfter - heapBefore) / 1024.0 / 1024.0 / ((thingsAfter - thingsBefore) / 1000.0);
            System.out.printf(Locale.ROOT, "mode=%s devices=%d connections=%d warmup=%d failures=%d%n", mode, devices,
                    connections, warmup, result.failures);
            System.out.printf(Locale.ROOT, "throughput: %.1f devices/s (%.2f s wall)%n",
                    devices / result.seconds, result.seconds);
            System.out.printf(Locale.ROOT, "process CPU: %.2f ms per device (emulator and %d clients in one JVM;"
                    + " %d cores: at most %.0f devices/s if this JVM had them to itself)%n", cpuMsPerDevice, connections,
                    Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().availableProcessors() * 1000 / cpuMsPerDevice);
            StringBuilder split = new StringBuilder();
            threadsAfter.forEach((group, nanos) -> split.append(String.format(Locale.ROOT, " %s=%.2f", group,
                    (nanos - threadsBefore.getOrDefault(group, 0L)) / 1e6 / devices)));
            System.out.println("JVM thread CPU ms per device by thread group (native aws-crt threads not included):"
                    + split);
            System.out.printf(Locale.ROOT, "latency per device: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    result.percentile(50), result.percentile(99), result.percentile(100));
            System.out.printf(Locale.ROOT, "emulator heap: %.1f MiB per 1,000 registered things (%d things added,"
                    + " heap after GC %.1f -> %.1f MiB)%n", perThousand, thingsAfter - thingsBefore,
                    heapBefore / 1048576.0, heapAfter / 1048576.0);
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }

    /** CPU time of live JVM threads, grouped: emulator provisioning, broker, clients, other. */
    private static Map<String, Long> threadCpuByGroup() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> groups = new java.util.TreeMap<>();
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu < 0) {
                continue;
            }
            String name = info.getThreadName();
            String group = name.startsWith("local-iot-provisioning") ? "emulator-provisioning"
                    : name.startsWith("hivemq") || name.startsWith("extension-") || name.contains("hivemq")
                            ? "emulator-broker"
                            : name.startsWith("pool-") ? "harness-clients" : "other";
            groups.merge(group, cpu, Long::sum);
        }
        return groups;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static String claimPolicy(LocalIotCore iot, String template) {
        String p = "arn:aws:iot:" + iot.region() + ":" + iot.accountId() + ":";
        String t = "$aws/provisioning-templates/" + template + "/provision/json";
        return "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"" + p + "client/bench-claim-*\"},"
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":[\"" + p + "topic/" + CSR_TOPIC + "\",\""
                + p + "topic/" + t + "\"]},"
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Receive\",\"Resource\":[\"" + p + "topic/" + CSR_TOPIC
                + "/*\",\"" + p + "topic/" + t + "/*\"]},"
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Subscribe\",\"Resource\":[\"" + p + "topicfilter/" + CSR_TOPIC
                + "/*\",\"" + p + "topicfilter/" + t + "/*\"]}]}";
    }

    private static Result run(List<Connection> pool, int devices, String prefix, String mode, String template)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        long[] latencies = new long[devices];
        ExecutorService threads = Executors.newFixedThreadPool(pool.size());
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (Connection c : pool) {
            running.add(threads.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < devices) {
                    long t0 = System.nanoTime();
                    try {
                        c.provision(mode, template, prefix + i);
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                    latencies[i] = System.nanoTime() - t0;
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        threads.shutdown();
        return new Result(seconds, latencies, failures.get());
    }

    private static final class Result {
        final double seconds;
        final long[] sorted;
        final int failures;

        Result(double seconds, long[] latencies, int failures) {
            this.seconds = seconds;
            this.sorted = latencies.clone();
            Arrays.sort(sorted);
            this.failures = failures;
        }

        double percentile(int p) {
            int index = Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1);
            return sorted[Math.max(0, index)] / 1e6;
        }
    }

    /** One claim connection with its reply subscriptions; one request in flight at a time. */
    private static final class Connection {
        final Mqtt5Client client;
        final CompletableFuture<Void> connected = new CompletableFuture<>();
        final AtomicReference<CompletableFuture<JsonNode>> pending = new AtomicReference<>();
        IotIdentityV2Client identity;

        Connection(LocalIotCore iot, String clientId, IssuedCertificate claim, boolean raw) {
            Mqtt5ClientOptions.LifecycleEvents events = new Mqtt5ClientOptions.LifecycleEvents() {
                @Override
                public void onAttemptingConnect(Mqtt5Client c, OnAttemptingConnectReturn r) {
                }

                @Override
                public void onConnectionSuccess(Mqtt5Client c, OnConnectionSuccessReturn r) {
                    connected.complete(null);
                }

                @Override
                public void onConnectionFailure(Mqtt5Client c, OnConnectionFailureReturn r) {
                    connected.completeExceptionally(new IllegalStateException("connect failed: " + r.getErrorCode()));
                }

                @Override
                public void onDisconnection(Mqtt5Client c, OnDisconnectionReturn r) {
                }

                @Override
                public void onStopped(Mqtt5Client c, OnStoppedReturn r) {
                }
            };
            try (AwsIotMqtt5ClientBuilder builder = AwsIotMqtt5ClientBuilder.newDirectMqttBuilderWithMtlsFromMemory(
                    iot.mqttHost(), claim.certificatePem(), claim.privateKeyPem())) {
                builder.withPort((long) iot.mqttPort()).withCertificateAuthority(iot.caCertificatePem())
                        .withClientId(clientId).withLifeCycleEvents(events);
                if (raw) {
                    builder.withPublishEvents((c, r) -> onReply(r.getPublishPacket()));
                }
                this.client = builder.build();
            }
            client.start();
        }

        void prepare(String mode, String template) throws Exception {
            if (mode.equals("raw")) {
                String t = "$aws/provisioning-templates/" + template + "/provision/json";
                client.subscribe(new SubscribePacket.SubscribePacketBuilder()
                        .withSubscription(CSR_TOPIC + "/accepted", QOS.AT_LEAST_ONCE)
                        .withSubscription(CSR_TOPIC + "/rejected", QOS.AT_LEAST_ONCE)
                        .withSubscription(t + "/accepted", QOS.AT_LEAST_ONCE)
                        .withSubscription(t + "/rejected", QOS.AT_LEAST_ONCE).build()).get(60, TimeUnit.SECONDS);
            } else {
                identity = IotIdentityV2Client.newFromMqtt5(client, MqttRequestResponseClientOptions.builder()
                        .withMaxRequestResponseSubscriptions(4).withMaxStreamingSubscriptions(1)
                        .withOperationTimeoutSeconds(60).build());
            }
        }

        private void onReply(PublishPacket packet) {
            CompletableFuture<JsonNode> f = pending.getAndSet(null);
            if (f == null) {
                return;
            }
            try {
                JsonNode body = JSON.readTree(packet.getPayload());
                if (packet.getTopic().endsWith("/rejected")) {
                    f.completeExceptionally(new IllegalStateException("rejected: " + body));
                } else {
                    f.complete(body);
                }
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        }

        private JsonNode request(String topic, ObjectNode body) throws Exception {
            CompletableFuture<JsonNode> reply = new CompletableFuture<>();
            pending.set(reply);
            client.publish(new PublishPacket.PublishPacketBuilder(topic, QOS.AT_LEAST_ONCE,
                    body.toString().getBytes(StandardCharsets.UTF_8)).build());
            return reply.get(60, TimeUnit.SECONDS);
        }

        void provision(String mode, String template, String serial) throws Exception {
            String csr = CertificateSigningRequest.create(KeyPairs.generate(), Subject.ofCommonName(serial)).toPem();
            if (mode.equals("raw")) {
                JsonNode created = request(CSR_TOPIC, JSON.createObjectNode().put("certificateSigningRequest", csr));
                ObjectNode register = JSON.createObjectNode()
                        .put("certificateOwnershipToken", created.get("certificateOwnershipToken").asText());
                register.putObject("parameters").put("SerialNumber", serial);
                request("$aws/provisioning-templates/" + template + "/provision/json", register);
            } else {
                CreateCertificateFromCsrRequest csrRequest = new CreateCertificateFromCsrRequest();
                csrRequest.certificateSigningRequest = csr;
                CreateCertificateFromCsrResponse created = identity.createCertificateFromCsr(csrRequest)
                        .get(60, TimeUnit.SECONDS);
                RegisterThingRequest register = new RegisterThingRequest();
                register.templateName = template;
                register.certificateOwnershipToken = created.certificateOwnershipToken;
                register.parameters = new HashMap<>(Map.of("SerialNumber", serial));
                identity.registerThing(register).get(60, TimeUnit.SECONDS);
            }
        }

        void close() {
            if (identity != null) {
                identity.close();
            }
            client.stop();
            client.close();
        }
    }
}
