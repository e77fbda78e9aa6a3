package io.github.fleetprov.benchmarks.testkit;

import io.github.fleetprov.testkit.LocalIotCore;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Start and stop time of {@link LocalIotCore}. The parent spawns {@code --runs} fresh JVMs with the
 * same class path; each child starts an emulator, waits for its first answers (a TCP accept on the
 * MQTT listener and a control-plane HTTP answer), closes it, then starts and closes a second one in
 * the same JVM, and prints one line of figures. The parent prints each line and the medians.
 *
 * <p>Figures: {@code jvm} is the JVM's uptime when {@code main} runs; {@code start} is
 * {@code LocalIotCore.builder().start()}; {@code firstAnswer} is from the spawn of the JVM (its start
 * time) to the control plane's first answer; {@code close} is {@code close()}; {@code start2} and
 * {@code close2} are the second instance in the same JVM; {@code firstAnswerCpu} is the CPU time of
 * the whole child process (all threads) at the first answer, and {@code startMainCpu} the CPU time
 * of the calling thread during the first {@code start()}. The CPU figures move much less than the
 * wall-clock ones when the machine is shared.
 *
 * <pre>
 * -Dbench.main=io.github.fleetprov.benchmarks.testkit.StartStopHarness -Dbench.args="--runs 5"
 * </pre>
 */
public final class StartStopHarness {

    private static final String CHILD = "--child";
    private static final List<String> KEYS = List.of("jvm", "start", "firstAnswer", "close", "start2", "close2",
            "firstAnswerCpu", "startMainCpu");

    private StartStopHarness() {
    }

    /**
     * Runs the harness.
     *
     * @param args {@code --runs N} (default 5), or {@code --child} to measure in this JVM
     * @throws Exception if a run fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals(CHILD)) {
            child();
            return;
        }
        int runs = 5;
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--runs")) {
                runs = Integer.parseInt(args[i + 1]);
            }
        }
        Map<String, List<Double>> figures = new LinkedHashMap<>();
        for (int run = 0; run < runs; run++) {
            Map<String, Double> line = spawn();
            System.out.println("run " + (run + 1) + ": " + line);
            line.forEach((k, v) -> figures.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        }
        StringBuilder medians = new StringBuilder("median of " + runs + " fresh JVMs:");
        for (String key : KEYS) {
            List<Double> values = new ArrayList<>(figures.getOrDefault(key, List.of()));
            Collections.sort(values);
            if (!values.isEmpty()) {
                medians.append(String.format(Locale.ROOT, " %s=%.0f ms", key, values.get(values.size() / 2)));
            }
        }
        System.out.println(medians);
    }

    private static Map<String, Double> spawn() throws IOException, InterruptedException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp",
                System.getProperty("java.class.path"), StartStopHarness.class.getName(), CHILD));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        Map<String, Double> result = new LinkedHashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("FIGURES ")) {
                    Arrays.stream(line.substring(8).split(" ")).map(kv -> kv.split("="))
                            .forEach(kv -> result.put(kv[0], Double.parseDouble(kv[1])));
                }
            }
        }
        if (p.waitFor() != 0 || result.isEmpty()) {
            throw new IllegalStateException("the child JVM failed (exit " + p.exitValue() + ")");
        }
        return result;
    }

    private static void child() throws Exception {
        double jvm = ManagementFactory.getRuntimeMXBean().getUptime();
        long spawnedAtMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
        long t0 = System.nanoTime();
        long mainCpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        LocalIotCore iot = LocalIotCore.builder().start();
        double start = ms(t0);
        double startMainCpu = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - mainCpu0) / 1e6;
        firstAnswers(iot);
        double firstAnswer = System.currentTimeMillis() - spawnedAtMillis;
        double firstAnswerCpu = processCpuMillis();
        long t1 = System.nanoTime();
        iot.close();
        double close = ms(t1);
        long t2 = System.nanoTime();
        LocalIotCore second = LocalIotCore.builder().start();
        double start2 = ms(t2);
        firstAnswers(second);
        long t3 = System.nanoTime();
        second.close();
        double close2 = ms(t3);
        System.out.printf(Locale.ROOT, "FIGURES jvm=%.1f start=%.1f firstAnswer=%.1f close=%.1f start2=%.1f close2=%.1f"
                + " firstAnswerCpu=%.1f startMainCpu=%.1f%n",
                jvm, start, firstAnswer, close, start2, close2, firstAnswerCpu, startMainCpu);
        System.exit(0);
    }

    private static void firstAnswers(LocalIotCore iot) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", iot.mqttPort()), 10_000);
        }
        URI uri = iot.controlPlaneEndpoint().resolve("/endpoint?endpointType=iot:Data-ATS");
        HttpURLConnection http = (HttpURLConnection) uri.toURL().openConnection();
        try {
            if (http.getResponseCode() != 200) {
                throw new IllegalStateException("DescribeEndpoint answered " + http.getResponseCode());
            }
            http.getInputStream().readAllBytes();
        } finally {
            http.disconnect();
        }
    }

    /** CPU time of the whole process (all threads: broker, JIT, GC) so far, in milliseconds. */
    private static double processCpuMillis() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1e6;
        }
        return Double.NaN;
    }

    private static double ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }
}
