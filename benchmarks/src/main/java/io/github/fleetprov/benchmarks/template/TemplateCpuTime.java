package io.github.fleetprov.benchmarks.template;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * CPU time per template evaluation, for a machine too loaded for JMH's wall-clock throughput: the
 * same three bodies as {@link TemplateBenchmark} ({@code evaluateSeedTemplate},
 * {@code evaluateSeedTemplateStaticVaryingSerial}, {@code baselineInterpretJacksonTree}), run in
 * turns of about one second each (rotating the order), timed with the thread's CPU clock
 * ({@link ThreadMXBean#getCurrentThreadCpuTime()}), so that time the thread spends waiting for a
 * core does not count. Reports the median CPU nanoseconds per operation over the measured rounds.
 *
 * <pre>
 * java -cp ... io.github.fleetprov.benchmarks.template.TemplateCpuTime [warm-up rounds] [rounds]
 * </pre>
 */
public final class TemplateCpuTime {

    private static volatile Object sink;

    private TemplateCpuTime() {
    }

    /**
     * Runs the measurement.
     *
     * @param args warm-up rounds (default 8), measured rounds (default 10)
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        TemplateBenchmark bench = new TemplateBenchmark();
        bench.setUp();
        Map<String, Supplier<Object>> bodies = new LinkedHashMap<>();
        bodies.put("evaluateSeedTemplate", bench::evaluateSeedTemplate);
        bodies.put("evaluateSeedTemplateStaticVaryingSerial", bench::evaluateSeedTemplateStaticVaryingSerial);
        bodies.put("baselineInterpretJacksonTree", bench::baselineInterpretJacksonTree);
        List<String> names = new ArrayList<>(bodies.keySet());
        Map<String, List<Double>> cpuNsPerOp = new LinkedHashMap<>();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < warmup + rounds; round++) {
            for (int k = 0; k < names.size(); k++) {
                String name = names.get((round + k) % names.size());
                Supplier<Object> body = bodies.get(name);
                long ops = 0;
                long wallEnd = System.nanoTime() + 1_000_000_000L;
                long cpu0 = threads.getCurrentThreadCpuTime();
                while (System.nanoTime() < wallEnd) {
                    for (int i = 0; i < 1000; i++) {
                        sink = body.get();
                    }
                    ops += 1000;
                }
                long cpu = threads.getCurrentThreadCpuTime() - cpu0;
                if (round >= warmup) {
                    cpuNsPerOp.computeIfAbsent(name, x -> new ArrayList<>()).add((double) cpu / ops);
                }
            }
        }
        for (String name : names) {
            List<Double> v = new ArrayList<>(cpuNsPerOp.get(name));
            Collections.sort(v);
            double median = v.get(v.size() / 2);
            System.out.printf(Locale.ROOT, "%-42s median %7.1f CPU ns/op (min %7.1f, max %7.1f; %d rounds)"
                    + " = %,.0f ops per CPU second%n", name, median, v.get(0), v.get(v.size() - 1), v.size(),
                    1e9 / median);
        }
    }
}
