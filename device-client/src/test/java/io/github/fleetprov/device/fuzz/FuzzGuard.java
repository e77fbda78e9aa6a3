package io.github.fleetprov.device.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The property every fuzz target checks: a reader given any input returns a value or throws the
 * library's typed exception, and does so with bounded work.
 *
 * <p>The reader runs on a worker thread, so that a {@link StackOverflowError} or a hang is reported
 * as a failure of that input instead of ending the run. One input may take
 * {@value #BOUND_MILLIS} ms: generous, since the readers bound their own work far below it (the
 * costliest legitimate input, an encrypted key at the PBKDF2 bound, takes about a second), and wide
 * enough for a machine shared with other builds. An input still running after
 * {@value #HANG_BOUND_SECONDS} s is abandoned as a hang.
 */
public final class FuzzGuard {

    /** The time one input may take. */
    public static final long BOUND_MILLIS = 5_000;
    /** Wall-clock time after which an input counts as hung. */
    public static final long HANG_BOUND_SECONDS = 60;

    private static final AtomicLong INPUTS = new AtomicLong();
    private static ExecutorService worker = newWorker();

    private FuzzGuard() {
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(null, r, "fuzz-target", 0);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs a reader on one input.
     *
     * @param typedRoot the exception type the reader may throw for bad input
     * @param reader the reader applied to the input
     * @param <T> what the reader returns
     * @return the value, or {@code null} if the reader refused the input with a typed exception
     * @throws AssertionError if the reader threw anything else, took longer than the bound, or hung
     */
    public static synchronized <T> T check(Class<? extends Throwable> typedRoot, Callable<T> reader) {
        Future<Outcome<T>> future = worker.submit(() -> {
            long start = System.nanoTime();
            T value = null;
            Throwable thrown = null;
            try {
                value = reader.call();
            } catch (Throwable t) {
                thrown = t;
            }
            return new Outcome<>(value, thrown, (System.nanoTime() - start) / 1_000_000);
        });
        Outcome<T> outcome;
        try {
            outcome = future.get(HANG_BOUND_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            throw new AssertionError("the reader did not finish within " + HANG_BOUND_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError("the guard failed", e.getCause());
        }
        if (outcome.millis > BOUND_MILLIS) {
            throw new AssertionError("the reader took " + outcome.millis + " ms, more than " + BOUND_MILLIS + " ms",
                    outcome.thrown);
        }
        if (outcome.thrown == null) {
            return outcome.value;
        }
        if (typedRoot.isInstance(outcome.thrown)) {
            return null;
        }
        throw new AssertionError("the reader threw " + outcome.thrown.getClass().getName()
                + " instead of " + typedRoot.getSimpleName(), outcome.thrown);
    }

    /** Counts one input of a fuzz target; call once at the start of each execution. */
    public static void input() {
        INPUTS.incrementAndGet();
    }

    /**
     * Appends the number of inputs run in this JVM to {@code target/fuzz-executions.txt}, one line
     * per target, and prints it: the figure docs/fuzzing.md records.
     *
     * @param target the fuzz test class
     */
    public static void report(Class<?> target) {
        String mode = System.getenv("JAZZER_FUZZ") == null || System.getenv("JAZZER_FUZZ").isEmpty()
                ? "regression" : "fuzzing";
        long inputs = INPUTS.getAndSet(0);
        String line = target.getSimpleName() + " " + mode + " inputs=" + inputs + System.lineSeparator();
        System.out.print(line);
        try {
            Files.writeString(Path.of("target", "fuzz-executions.txt"), line, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.out.println("cannot record the executions: " + e);
        }
    }

    private record Outcome<T>(T value, Throwable thrown, long millis) {
    }
}
