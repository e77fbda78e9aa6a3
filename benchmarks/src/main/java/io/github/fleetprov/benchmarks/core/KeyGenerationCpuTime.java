package io.github.fleetprov.benchmarks.core;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The operations of {@link KeyGenerationBenchmark}, timed by the CPU time of the measuring thread as
 * well as by the wall clock. On a shared machine whose load exceeds its cores, wall-clock figures
 * mostly measure waiting for a CPU; thread CPU time measures the work itself. Variants run
 * interleaved (round robin), so that changes in machine load hit every variant alike.
 *
 * <p>Run: {@code ./mvnw -B -q -DskipTests -pl benchmarks package exec:exec
 * -Dbench.main=io.github.fleetprov.benchmarks.core.KeyGenerationCpuTime -Dbench.args="300 10"}
 * (EC operations per round, RSA operations per round; 5 warm-up rounds and 10 measured rounds).
 */
public final class KeyGenerationCpuTime {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private KeyGenerationCpuTime() {
    }

    /**
     * Runs the measurement and prints a table.
     *
     * @param args EC operations per round (default 300), RSA operations per round (default 10)
     * @throws Exception if an operation fails
     */
    public static void main(String[] args) throws Exception {
        int ecOps = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int rsaOps = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        KeyGenerationBenchmark jca = new KeyGenerationBenchmark();
        jca.provider = "JCA";
        KeyGenerationBenchmark bc = new KeyGenerationBenchmark();
        bc.provider = "BC";

        Map<String, Variant> variants = new LinkedHashMap<>();
        variants.put("ecP256KeyCsrPem JCA", new Variant(ecOps, jca::ecP256KeyCsrPem));
        variants.put("ecP256KeyCsrPem BC", new Variant(ecOps, bc::ecP256KeyCsrPem));
        variants.put("fleetprovDefaultEcP256KeyCsrPem", new Variant(ecOps, jca::fleetprovDefaultEcP256KeyCsrPem));
        variants.put("rsa2048Key JCA", new Variant(rsaOps, jca::rsa2048Key));
        variants.put("rsa2048Key BC", new Variant(rsaOps, bc::rsa2048Key));

        for (int round = 0; round < 5; round++) {
            for (Variant v : variants.values()) {
                v.round(false);
            }
        }
        for (int round = 0; round < 10; round++) {
            for (Variant v : variants.values()) {
                v.round(true);
            }
        }
        System.out.printf(Locale.ROOT, "%-34s %8s %14s %14s %14s%n", "operation", "ops", "cpu ms/op", "cpu min round",
                "wall ms/op");
        for (Map.Entry<String, Variant> e : variants.entrySet()) {
            Variant v = e.getValue();
            System.out.printf(Locale.ROOT, "%-34s %8d %14.3f %14.3f %14.3f%n", e.getKey(), v.measuredOps,
                    v.cpuNanos / 1e6 / v.measuredOps, v.minRoundCpuPerOp() / 1e6, v.wallNanos / 1e6 / v.measuredOps);
        }
    }

    private static final class Variant {
        final int opsPerRound;
        final Callable<Object> op;
        long cpuNanos;
        long wallNanos;
        int measuredOps;
        final List<Double> roundCpuPerOp = new ArrayList<>();
        Object sink;

        Variant(int opsPerRound, Callable<Object> op) {
            this.opsPerRound = opsPerRound;
            this.op = op;
        }

        void round(boolean measure) throws Exception {
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            for (int i = 0; i < opsPerRound; i++) {
                sink = op.call();
            }
            long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
            long wall = System.nanoTime() - wall0;
            if (measure) {
                cpuNanos += cpu;
                wallNanos += wall;
                measuredOps += opsPerRound;
                roundCpuPerOp.add((double) cpu / opsPerRound);
            }
        }

        double minRoundCpuPerOp() {
            return roundCpuPerOp.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        }
    }
}
