package io.github.fleetprov.benchmarks.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fleetprov.core.pki.CertificateSigningRequest;
import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.core.pki.KeyPairs;
import io.github.fleetprov.core.pki.Subject;
import io.github.fleetprov.testkit.LocalIotCore;
import io.github.fleetprov.testkit.event.Event;
import io.github.fleetprov.testkit.event.EventType;
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
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
 * RegisterThing, C at a time, by AWS IoT Device SDK v2 / aws-crt MQTT 5 clients in the same JVM as the
 * emulator. Reports devices per second, p50/p99 per-device latency, process CPU per device, failures
 * (counted and listed by cause, never dropped; the run exits with status 1 if any device failed), the
 * broker's CONNECTs during the measured run, and the emulator's heap per 1,000 registered things.
 *
 * <p>Modes:
 * <ul>
 *   <li>{@code raw}: C long-lived claim connections, opened before the run; each keeps the four reply
 *       subscriptions and publishes requests directly (what a tuned client does). Latency per device:
 *       key + CSR + both requests.</li>
 *   <li>{@code v2}: the same C long-lived connections, each driving the SDK's {@code IotIdentityV2Client}
 *       request-response client, which subscribes and unsubscribes around every request (the peer).
 *       Latency per device: key + CSR + both requests.</li>
 *   <li>{@code fleetprov}: C devices at a time, each provisioning itself with device-client's
 *       {@code FleetProvisioningClient.builder()...build().provision()} as a real device does
 *       ({@link FleetprovDevices}): its own claim connection (TCP, TLS, CONNECT, SUBSCRIBE, closed at the
 *       end), key + CSR, both requests and the credential store. No connection is reused, so this mode
 *       pays a connection per device that {@code raw} and {@code v2} do not; the report says so.
 *       Latency per device: building the client to {@code provision()} returning. With
 *       {@code --store memory} the devices use the device benchmarks' in-memory store instead of the
 *       crash-safe credential store on disk (the default, {@code --store disk}).</li>
 * </ul>
 *
 * <p>All modes use the same provisioning template, claim policy and claim certificate in a fresh
 * {@code LocalIotCore}, and run W warm-up devices before the N measured ones.
 *
 * <pre>
 * -Dbench.main=io.github.fleetprov.benchmarks.testkit.ProvisioningLoadHarness
 * -Dbench.args="--devices 2000 --connections 50 --mode raw|v2|fleetprov [--store disk|memory] --warmup 300"
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
     * @param args {@code --devices N --connections C --mode raw|v2|fleetprov --warmup W}, and for
     *     {@code fleetprov} optionally {@code --store disk|memory} (default {@code disk})
     * @throws Exception if the run cannot be set up; failed devices are counted and reported, and make
     *     the process exit with status 1 after the report
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int devices = Integer.parseInt(options.getOrDefault("devices", "2000"));
        int connections = Integer.parseInt(options.getOrDefault("connections", "50"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "200"));
        String mode = options.getOrDefault("mode", "raw");
        if (!List.of("raw", "v2", "fleetprov").contains(mode)) {
            throw new IllegalArgumentException("--mode must be raw, v2 or fleetprov, was " + mode);
        }
        String store = options.getOrDefault("store", "disk");
        if (!List.of("disk", "memory").contains(store)) {
            throw new IllegalArgumentException("--store must be disk or memory, was " + store);
        }
        if (options.containsKey("store") && !mode.equals("fleetprov")) {
            throw new IllegalArgumentException("--store applies to --mode fleetprov only");
        }
        if (devices < 1 || connections < 1 || warmup < 0) {
            throw new IllegalArgumentException("--devices and --connections must be at least 1, --warmup at least 0");
        }
        boolean failed;

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (LocalIotCore iot = LocalIotCore.builder().start()) {
            String template = "bench";
            iot.registry().createProvisioningTemplate(ProvisioningTemplateSpec.builder().templateName(template)
                    .templateBody(TEMPLATE).enabled(true)
                    .provisioningRoleArn("arn:aws:iam::" + iot.accountId() + ":role/Provisioning").build());
            iot.registry().createPolicy("bench-claim", claimPolicy(iot, template));
            IssuedCertificate claim = iot.createClaimCertificate("bench-claim");

            List<Worker> workers = new ArrayList<>();
            // one thread per worker for warm-up and measured run, so that their CPU time is still counted
            ExecutorService threads = Executors.newFixedThreadPool(connections);
            FleetprovDevices fleetprov = null;
            String connectionNote;
            try {
                if (mode.equals("fleetprov")) {
                    FleetprovDevices shared = new FleetprovDevices(iot, claim, template, store.equals("memory"));
                    fleetprov = shared;
                    for (int i = 0; i < connections; i++) {
                        workers.add(shared::provision);
                    }
                    connectionNote = "each device opens its own claim connection (TCP + TLS + CONNECT + SUBSCRIBE,"
                            + " closed after RegisterThing), " + connections + " devices at a time: one connection"
                            + " per device, none reused; raw and v2 instead reuse " + connections
                            + " long-lived connections opened before the run, so their figures leave out the"
                            + " connection cost this mode includes. Store: " + shared.storeDescription();
                } else {
                    List<Connection> pool = new ArrayList<>();
                    for (int i = 0; i < connections; i++) {
                        pool.add(new Connection(iot, "bench-claim-" + i, claim, mode, template));
                    }
                    workers.addAll(pool);
                    CompletableFuture.allOf(pool.stream().map(c -> c.connected).toArray(CompletableFuture[]::new))
                            .get(120, TimeUnit.SECONDS);
                    for (Connection c : pool) {
                        c.prepare();
                    }
                    connectionNote = connections + " long-lived claim connections opened before the run and reused:"
                            + " each provisions one device at a time, no CONNECT per device";
                }

                Result warm = run(threads, workers, warmup, "w");
                long heapBefore = usedHeapAfterGc(memory);
                int thingsBefore = iot.registry().listThings().size();
                long eventsBefore = iot.events().lastSequence();
                long cpuBefore = processCpuNanos();
                Map<String, Long> threadsBefore = threadCpuByGroup();
                Result result = run(threads, workers, devices, "d");
                double cpuMsPerDevice = (processCpuNanos() - cpuBefore) / 1e6 / devices;
                Map<String, Long> threadsAfter = threadCpuByGroup();
                long heapAfter = usedHeapAfterGc(memory);
                int thingsAfter = iot.registry().listThings().size();
                Map<String, Long> connects = new TreeMap<>();
                for (Event e : iot.events().since(eventsBefore)) {
                    if (e.type() == EventType.CONNECT) {
                        connects.merge(e.outcome(), 1L, Long::sum);
                    }
                }
                report(mode, store, devices, connections, warmup, connectionNote, warm, result, cpuMsPerDevice,
                        threadsBefore, threadsAfter, heapBefore, heapAfter, thingsAfter - thingsBefore, connects);
                failed = warm.failures() > 0 || result.failures() > 0 || thingsAfter - thingsBefore != result.succeeded();
            } finally {
                threads.shutdownNow();
                for (Worker w : workers) {
                    w.close();
                }
                if (fleetprov != null) {
                    fleetprov.close();
                }
            }
        }
        if (failed) {
            System.exit(1);
        }
    }

    private static void report(String mode, String store, int devices, int connections, int warmup,
            String connectionNote, Result warm, Result result, double cpuMsPerDevice, Map<String, Long> threadsBefore,
            Map<String, Long> threadsAfter, long heapBefore, long heapAfter, int thingsAdded, Map<String, Long> connects) {
        System.out.printf(Locale.ROOT, "mode=%s%s devices=%d connections=%d warmup=%d failures=%d"
                + " (warm-up failures=%d)%n", mode, mode.equals("fleetprov") ? " store=" + store : "", devices,
                connections, warmup, result.failures(), warm.failures());
        System.out.println("connections: " + connectionNote);
        System.out.printf(Locale.ROOT, "throughput: %.1f devices/s provisioned (%d of %d in %.2f s wall)%n",
                result.succeeded() / result.seconds, result.succeeded(), devices, result.seconds);
        printFailures("failed devices", result);
        printFailures("failed warm-up devices", warm);
        System.out.println("broker CONNECTs during the measured run, by outcome: " + connects
                + (mode.equals("fleetprov") ? " (one per device expected; more means reconnects or retries)"
                        : " (none expected: the connections were opened before)"));
        System.out.printf(Locale.ROOT, "registry: %d things added during the measured run, %d devices"
                + " provisioned%s%n", thingsAdded, result.succeeded(),
                thingsAdded == result.succeeded() ? "" : " (MISMATCH)");
        System.out.printf(Locale.ROOT, "process CPU: %.2f ms per device (emulator and %d %s in one JVM;"
                + " %d cores: at most %.0f devices/s if this JVM had them to itself)%n", cpuMsPerDevice, connections,
                mode.equals("fleetprov") ? "devices at a time" : "clients",
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().availableProcessors() * 1000 / cpuMsPerDevice);
        StringBuilder split = new StringBuilder();
        threadsAfter.forEach((group, nanos) -> split.append(String.format(Locale.ROOT, " %s=%.2f", group,
                (nanos - threadsBefore.getOrDefault(group, 0L)) / 1e6 / devices)));
        System.out.println("JVM thread CPU ms per device by thread group (native aws-crt threads not included):"
                + split);
        System.out.printf(Locale.ROOT, "latency per provisioned device (%s): p50 %.1f ms, p99 %.1f ms, max"
                + " %.1f ms%n", mode.equals("fleetprov") ? "client built to provision() returned: connect, key +"
                + " CSR, both requests, store, disconnect" : "key + CSR + both requests",
                result.percentile(50), result.percentile(99), result.percentile(100));
        System.out.printf(Locale.ROOT, "emulator heap: %s MiB per 1,000 registered things (%d things added,"
                + " heap after GC %.1f -> %.1f MiB)%n", thingsAdded == 0 ? "n/a"
                : String.format(Locale.ROOT, "%.1f", (heapAfter - heapBefore) / 1048576.0 / (thingsAdded / 1000.0)),
                thingsAdded, heapBefore / 1048576.0, heapAfter / 1048576.0);
    }

    private static void printFailures(String label, Result result) {
        if (result.failures() > 0) {
            System.out.println(label + " by cause: " + result.failuresByCause);
        }
    }

    private static Map<String, String> options(String[] args) {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("options come in pairs (--name value), got " + Arrays.toString(args));
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected an option name starting with --, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
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

    /**
     * Provisions devices {@code prefix + 0} to {@code prefix + (devices - 1)}, one at a time per worker,
     * all workers at once. A device whose provisioning throws is counted as failed with its cause and
     * left out of the latencies.
     */
    private static Result run(ExecutorService threads, List<Worker> workers, int devices, String prefix)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        long[] latencies = new long[devices];
        boolean[] succeeded = new boolean[devices];
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (Worker w : workers) {
            running.add(threads.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < devices) {
                    long t0 = System.nanoTime();
                    try {
                        w.provision(prefix + i);
                        latencies[i] = System.nanoTime() - t0;
                        succeeded[i] = true;
                    } catch (Exception e) {
                        failures.merge(cause(e), 1, Integer::sum);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] ok = new long[devices];
        int n = 0;
        for (int i = 0; i < devices; i++) {
            if (succeeded[i]) {
                ok[n++] = latencies[i];
            }
        }
        return new Result(seconds, Arrays.copyOf(ok, n), new TreeMap<>(failures));
    }

    /** A failure's cause for the report: exception type and the start of its message. */
    private static String cause(Throwable e) {
        Throwable t = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
        String message = String.valueOf(t.getMessage());
        return t.getClass().getSimpleName() + ": " + message.substring(0, Math.min(120, message.length()));
    }

    /** Provisions one device at a time: a reused connection (raw, v2) or a fresh client per device (fleetprov). */
    @FunctionalInterface
    private interface Worker {
        void provision(String serial) throws Exception;

        default void close() {
        }
    }

    private static final class Result {
        final double seconds;
        final long[] sorted;
        final Map<String, Integer> failuresByCause;

        Result(double seconds, long[] latencies, Map<String, Integer> failuresByCause) {
            this.seconds = seconds;
            this.sorted = latencies.clone();
            Arrays.sort(sorted);
            this.failuresByCause = failuresByCause;
        }

        int succeeded() {
            return sorted.length;
        }

        int failures() {
            return failuresByCause.values().stream().mapToInt(Integer::intValue).sum();
        }

        double percentile(int p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int index = Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1);
            return sorted[Math.max(0, index)] / 1e6;
        }
    }

    /** One claim connection with its reply subscriptions; one request in flight at a time. */
    private static final class Connection implements Worker {
        final Mqtt5Client client;
        final String mode;
        final String template;
        final CompletableFuture<Void> connected = new CompletableFuture<>();
        final AtomicReference<CompletableFuture<JsonNode>> pending = new AtomicReference<>();
        IotIdentityV2Client identity;

        Connection(LocalIotCore iot, String clientId, IssuedCertificate claim, String mode, String template) {
            this.mode = mode;
            this.template = template;
            boolean raw = mode.equals("raw");
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

        void prepare() throws Exception {
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

        @Override
        public void provision(String serial) throws Exception {
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

        @Override
        public void close() {
            if (identity != null) {
                identity.close();
            }
            client.stop();
            client.close();
        }
    }
}
