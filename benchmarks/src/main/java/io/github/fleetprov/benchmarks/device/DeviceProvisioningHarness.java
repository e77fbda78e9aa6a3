package io.github.fleetprov.benchmarks.device;

import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.device.ClaimCredentials;
import io.github.fleetprov.device.FleetProvisioningClient;
import io.github.fleetprov.device.RetryPolicy;
import io.github.fleetprov.device.internal.DefaultFleetProvisioningClient;
import io.github.fleetprov.device.internal.Sleeper;
import io.github.fleetprov.device.internal.StepListener;
import io.github.fleetprov.testkit.LocalIotCore;
import io.github.fleetprov.testkit.fault.DelayingProxy;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Provisioning benchmarks against an in-process LocalIotCore, run on demand:
 *
 * <ul>
 *   <li>{@code latency [n]}: end-to-end provisioning latency (connect with the claim, CSR, RegisterThing,
 *       disconnect) of fleetprov's client and of the official Device SDK flow ({@code IotIdentityV2Client},
 *       as the SDK's MQTT 5 sample does it), interleaved in one run against the same broker;</li>
 *   <li>{@code delayed <rtt ms>[,<rtt ms>...] [n]}: the same four flows through testkit's delaying proxy
 *       (half the round-trip time each way), with the round trips each flow spends;</li>
 *   <li>{@code steps [n]}: where fleetprov's provisioning time goes, step by step (time from the start, or
 *       from the previous step, to the end of each step), with the crash-safe store and with the store in
 *       memory, interleaved;</li>
 *   <li>{@code cold [n]}: a new JVM per device, from process start to provisioned, both clients;</li>
 *   <li>{@code concurrent [n]}: n devices (default 500) provisioned at once from one JVM with fleetprov.</li>
 * </ul>
 *
 * <pre>
 * ./mvnw -B -q -DskipTests -pl benchmarks -am package exec:exec \
 *     -Dbench.main=io.github.fleetprov.benchmarks.device.DeviceProvisioningHarness -Dbench.args="all"
 * </pre>
 */
public final class DeviceProvisioningHarness {

    private DeviceProvisioningHarness() {
    }

    /**
     * Runs the benchmarks named in the arguments.
     *
     * @param args {@code latency|cold|concurrent|all} and optional counts
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "all";
        Path work = Files.createTempDirectory("fleetprov-device-bench");
        try (LocalIotCore iot = LocalIotCore.builder().start()) {
            BenchFleet fleet = new BenchFleet(iot);
            if (mode.equals("latency") || mode.equals("all")) {
                latency(iot, fleet, work, count(args, 1, 200));
            }
            if (mode.equals("delayed")) {
                int n = count(args, 2, 20);
                for (String rtt : args[1].split(",")) {
                    long half = Long.parseLong(rtt) / 2;
                    try (DelayingProxy proxy = iot.startMqttDelay(Duration.ofMillis(half), Duration.ofMillis(half))) {
                        latency(iot, fleet, work, n, proxy.port(), Math.max(5, n / 4), 2 * half);
                    }
                }
            }
            if (mode.equals("steps")) {
                steps(iot, fleet, work, count(args, 1, 100));
            }
            if (mode.equals("cold") || mode.equals("all")) {
                coldStart(iot, fleet, work, count(args, 1, 5));
            }
            if (mode.equals("concurrent") || mode.equals("all")) {
                concurrent(iot, fleet, work, count(args, 1, 500));
            }
        } finally {
            deleteTree(work);
        }
        System.exit(0);
    }

    private static int count(String[] args, int index, int fallback) {
        return args.length > index && !args[0].equals("all") ? Integer.parseInt(args[index]) : fallback;
    }

    private static FleetProvisioningClient.Builder fleetprov(LocalIotCore iot, BenchFleet fleet, String serial,
            Path store) {
        return fleetprov(iot, iot.mqttPort(), fleet, serial, store);
    }

    private static FleetProvisioningClient.Builder fleetprov(LocalIotCore iot, int port, BenchFleet fleet,
            String serial, Path store) {
        return FleetProvisioningClient.builder().endpoint(iot.mqttHost()).port(port)
                .certificateAuthorityPem(iot.caCertificatePem())
                .claim(ClaimCredentials.of(fleet.claim.certificate(), fleet.claim.keyPair().getPrivate()))
                .clientId("bench-" + serial).templateName(fleet.templateName).templateParameter("SerialNumber", serial)
                .credentialStore(store);
    }

    static void latency(LocalIotCore iot, BenchFleet fleet, Path work, int n) throws Exception {
        latency(iot, fleet, work, n, iot.mqttPort(), Math.max(20, n / 5), 0);
    }

    /**
     * The four flows interleaved against one MQTT port (the broker's, or a delaying proxy's).
     *
     * @param rttMillis the round-trip time the proxy adds, or 0 on loopback; when set, each flow's
     *     round trips are estimated as (wall time - process CPU time) / RTT, where the process CPU
     *     time includes the in-process broker's, so the estimate is a lower bound
     */
    static void latency(LocalIotCore iot, BenchFleet fleet, Path work, int n, int port, int warmup, long rttMillis)
            throws Exception {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<List<Long>> idle = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<Long> ours = new ArrayList<>();
        List<Long> oursInMemory = new ArrayList<>();
        List<Long> official = new ArrayList<>();
        List<Long> officialTuned = new ArrayList<>();
        List<List<Long>> flows = List.of(ours, oursInMemory, official, officialTuned);
        for (int i = 0; i < warmup + n; i++) {
            for (int k = 0; k < 4; k++) {
                int flow = (i + k) % 4;
                String serial = "fmot".charAt(flow) + Integer.toString(i) + (rttMillis > 0 ? "r" + rttMillis : "");
                long start = System.nanoTime();
                long cpuStart = os.getProcessCpuTime();
                if (flow == 0) {
                    DeviceIdentity device = fleetprov(iot, port, fleet, serial, work.resolve(serial)).build().provision();
                    check(device.thingName(), serial);
                } else if (flow == 1) {
                    DeviceIdentity device = DefaultFleetProvisioningClient.create(
                            fleetprov(iot, port, fleet, serial, work.resolve(serial)), null, new MemoryStore(),
                            Sleeper.THREAD, StepListener.NONE).provision();
                    check(device.thingName(), serial);
                } else {
                    String thing = OfficialSdkFlow.provision(iot.mqttHost(), port, iot.caCertificatePem(),
                            fleet.claim.certificatePem(), fleet.claim.privateKeyPem(), "bench-" + serial,
                            fleet.templateName, Map.of("SerialNumber", serial), flow == 3);
                    check(thing, serial);
                }
                long elapsed = System.nanoTime() - start;
                long cpu = os.getProcessCpuTime() - cpuStart;
                if (i >= warmup) {
                    flows.get(flow).add(elapsed);
                    idle.get(flow).add(elapsed - cpu);
                }
            }
        }
        System.out.println();
        System.out.println("== End-to-end provisioning latency (connect, CSR, RegisterThing, disconnect), "
                + n + " devices per flow after " + warmup + " warm-up rounds, flows interleaved; MQTT 5, EC P-256 CSR;"
                + (rttMillis > 0 ? " through a delaying proxy, RTT " + rttMillis + " ms;" : " loopback;")
                + " aws-crt " + software.amazon.awssdk.crt.CRT.class.getPackage().getImplementationVersion() + " ==");
        System.out.println(header());
        System.out.println(row("fleetprov, crash-safe credential store", ours));
        System.out.println(row("fleetprov, MQTT flow only (store in memory)", oursInMemory));
        System.out.println(row("official IotIdentityV2Client flow, sample as written", official));
        System.out.println(row("official flow, TCP_NODELAY + flow control NONE", officialTuned));
        System.out.printf("ratio of medians, fleetprov crash-safe / official as written: %.2f%n",
                percentile(ours, 50) / percentile(official, 50));
        System.out.printf("ratio of medians, fleetprov crash-safe / official best-configured: %.2f%n",
                percentile(ours, 50) / percentile(officialTuned, 50));
        System.out.printf("ratio of medians, fleetprov MQTT flow only / official best-configured: %.2f%n",
                percentile(oursInMemory, 50) / percentile(officialTuned, 50));
        if (rttMillis > 0) {
            String[] names = {"fleetprov crash-safe", "fleetprov in memory", "official as written", "official best"};
            for (int f = 0; f < 4; f++) {
                System.out.printf("round trips (p50 of (wall - process CPU) / RTT), %s: %.1f (floor 4)%n", names[f],
                        percentile(idle.get(f), 50) / rttMillis);
            }
        }
    }

    static void steps(LocalIotCore iot, BenchFleet fleet, Path work, int n) throws Exception {
        int warmup = Math.max(20, n / 5);
        Map<String, List<Long>> times = new java.util.TreeMap<>();
        for (int i = 0; i < warmup + n; i++) {
            for (int k = 0; k < 2; k++) {
                int flow = (i + k) % 2;
                String serial = "sm".charAt(flow) + Integer.toString(i);
                String prefix = flow == 0 ? "crash-safe store | " : "store in memory  | ";
                boolean measured = i >= warmup;
                long start = System.nanoTime();
                long[] last = {start};
                StepListener listener = step -> {
                    long now = System.nanoTime();
                    if (measured) {
                        times.computeIfAbsent(prefix + step.ordinal() + " " + step, x -> new ArrayList<>())
                                .add(now - last[0]);
                    }
                    last[0] = now;
                };
                DeviceIdentity device = DefaultFleetProvisioningClient.create(
                        fleetprov(iot, fleet, serial, work.resolve(serial)), null,
                        flow == 0 ? null : new MemoryStore(), Sleeper.THREAD, listener).provision();
                long end = System.nanoTime();
                check(device.thingName(), serial);
                if (measured) {
                    times.computeIfAbsent(prefix + "9 after the last step", x -> new ArrayList<>()).add(end - last[0]);
                    times.computeIfAbsent(prefix + "total", x -> new ArrayList<>()).add(end - start);
                }
            }
        }
        System.out.println();
        System.out.println("== fleetprov provisioning, step by step (time since the previous step ended; CONNECT"
                + " includes the client's construction, the TLS context, the key and CSR and the SUBSCRIBE), "
                + n + " devices per flow after " + warmup + " warm-up rounds ==");
        System.out.println(header());
        times.forEach((name, nanos) -> System.out.println(row(name, nanos)));
    }

    private static void check(String thingName, String serial) {
        if (!("bench_" + serial).equals(thingName)) {
            throw new IllegalStateException("unexpected thing " + thingName);
        }
    }

    static void coldStart(LocalIotCore iot, BenchFleet fleet, Path work, int n) throws Exception {
        Path ca = Files.writeString(work.resolve("ca.pem"), iot.caCertificatePem());
        Path cert = Files.writeString(work.resolve("claim.pem"), fleet.claim.certificatePem());
        Path key = Files.writeString(work.resolve("claim.key"), fleet.claim.privateKeyPem());
        String classpath = System.getProperty("java.class.path");
        List<Long> ours = new ArrayList<>();
        List<Long> official = new ArrayList<>();
        List<Long> oursInJvm = new ArrayList<>();
        List<Long> officialInJvm = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (String flow : List.of("fleetprov", "official")) {
                String serial = "cold-" + flow.charAt(0) + i;
                ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", classpath, ColdStartDevice.class.getName(), flow, iot.mqttHost(),
                        Integer.toString(iot.mqttPort()), ca.toString(), cert.toString(), key.toString(),
                        fleet.templateName, serial, work.resolve(serial).toString());
                pb.redirectErrorStream(true);
                long start = System.nanoTime();
                Process process = pb.start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                int exit = process.waitFor();
                long elapsed = System.nanoTime() - start;
                if (exit != 0 || !output.contains("PROVISIONED bench_" + serial)) {
                    throw new IllegalStateException("cold start " + flow + " failed: " + output);
                }
                long inJvm = Long.parseLong(output.replaceAll("(?s).*IN_JVM_MS (\\d+).*", "$1")) * 1_000_000L;
                (flow.equals("fleetprov") ? ours : official).add(elapsed);
                (flow.equals("fleetprov") ? oursInJvm : officialInJvm).add(inJvm);
            }
        }
        System.out.println();
        System.out.println("== Cold start: new JVM per device, process start to provisioned and exited, " + n
                + " runs each ==");
        System.out.println(header());
        System.out.println(row("fleetprov, process wall time", ours));
        System.out.println(row("fleetprov, JVM start to provisioned", oursInJvm));
        System.out.println(row("official flow, process wall time", official));
        System.out.println(row("official flow, JVM start to provisioned", officialInJvm));
    }

    static void concurrent(LocalIotCore iot, BenchFleet fleet, Path work, int n) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peakHeap = new AtomicLong(heapBefore);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Long>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String serial = "c" + i;
            results.add(pool.submit(() -> {
                go.await();
                long start = System.nanoTime();
                fleetprov(iot, fleet, serial, work.resolve(serial)).stepTimeouts(Duration.ofSeconds(60))
                        .retryPolicy(RetryPolicy.builder().maxAttempts(10).maxBackoff(Duration.ofSeconds(20)).build())
                        .build().provision();
                return System.nanoTime() - start;
            }));
        }
        long start = System.nanoTime();
        go.countDown();
        List<Long> latencies = new ArrayList<>();
        int failures = 0;
        java.util.Map<String, Integer> failuresByType = new java.util.TreeMap<>();
        for (Future<Long> result : results) {
            try {
                latencies.add(result.get(10, TimeUnit.MINUTES));
            } catch (Exception e) {
                failures++;
                Throwable cause = e.getCause() == null ? e : e.getCause();
                String message = String.valueOf(cause.getMessage());
                failuresByType.merge(cause.getClass().getSimpleName() + ": "
                        + message.substring(0, Math.min(90, message.length())), 1, Integer::sum);
            }
        }
        long elapsed = System.nanoTime() - start;
        sampler.interrupt();
        pool.shutdownNow();
        System.gc();
        long heapAfter = memory.getHeapMemoryUsage().getUsed();
        long things = iot.registry().listThings().stream().filter(t -> t.thingName().startsWith("bench_c")).count();
        System.out.println();
        System.out.println("== " + n + " devices provisioned concurrently from one JVM (fleetprov, MQTT 5, CSR EC P-256;"
                + " up to 10 attempts per step; broker in the same JVM) ==");
        System.out.printf("wall time %.2f s, %.1f devices/s provisioned, failures %d %s, things registered %d%n",
                elapsed / 1e9, latencies.size() / (elapsed / 1e9), failures, failuresByType, things);
        System.out.printf("heap used: before %d MiB, peak %d MiB, after GC %d MiB (JVM max %d MiB)%n",
                heapBefore >> 20, peakHeap.get() >> 20, heapAfter >> 20, memory.getHeapMemoryUsage().getMax() >> 20);
        System.out.println(header());
        System.out.println(row("per-device latency under load", latencies));
    }

    private static String header() {
        return String.format("%-45s %8s %8s %8s %8s %8s %6s", "", "min ms", "p50 ms", "p90 ms", "p99 ms", "mean ms", "n");
    }

    private static String row(String name, List<Long> nanos) {
        double mean = nanos.stream().mapToLong(Long::longValue).average().orElse(Double.NaN) / 1e6;
        return String.format("%-45s %8.1f %8.1f %8.1f %8.1f %8.1f %6d", name, percentile(nanos, 0),
                percentile(nanos, 50), percentile(nanos, 90), percentile(nanos, 99), mean, nanos.size());
    }

    static double percentile(List<Long> nanos, double p) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toArray(Path[]::new)) {
                Files.deleteIfExists(p);
            }
        }
    }

    @SuppressWarnings("unused")
    private static String join(String... parts) {
        return String.join(" ", Arrays.asList(parts));
    }
}
