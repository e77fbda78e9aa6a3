package io.github.fleetprov.policy;

import io.github.fleetprov.core.FleetProvisioningException;
import io.github.fleetprov.core.InvalidInputException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.Supplier;

/**
 * The property every fuzz target checks: a reader given any input ends in a value or in an
 * exception under fleetprov's root, {@link FleetProvisioningException}, with a message, and spends
 * bounded work on it. Work is measured as CPU time of the calling thread, so a busy machine does
 * not make an input fail; an input that needs more than {@link #CPU_BUDGET_NANOS} is a finding
 * (a quadratic loop, unbounded recursion, a missing size check).
 */
public final class FuzzGuard {

    /** The CPU time one input may take: 2 s. */
    public static final long CPU_BUDGET_NANOS = 2_000_000_000L;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private FuzzGuard() {
    }

    /**
     * Runs one call on one input and checks the property.
     *
     * @param <T> the value type
     * @param call the reader call
     * @return the value, or {@code null} if the call ended in a typed exception
     * @throws AssertionError if the call returned {@code null}, threw a typed exception without a
     *     message or field, or took more than the CPU budget; any other exception propagates
     */
    public static <T> T valueOrTypedException(Supplier<T> call) {
        long before = THREADS.getCurrentThreadCpuTime();
        T value = null;
        FleetProvisioningException typed = null;
        try {
            value = call.get();
        } catch (FleetProvisioningException e) {
            typed = e;
        }
        long spent = THREADS.getCurrentThreadCpuTime() - before;
        if (spent > CPU_BUDGET_NANOS) {
            throw new AssertionError("one input took " + spent / 1_000_000 + " ms of CPU, more than "
                    + CPU_BUDGET_NANOS / 1_000_000 + " ms", typed);
        }
        if (typed != null) {
            if (typed.getMessage() == null || typed.getMessage().isBlank()) {
                throw new AssertionError("a typed exception without a message", typed);
            }
            if (typed instanceof InvalidInputException invalid && invalid.field().isBlank()) {
                throw new AssertionError("an input error that names no field", typed);
            }
            return null;
        }
        if (value == null) {
            throw new AssertionError("the reader returned null");
        }
        return value;
    }
}
