package io.github.fleetprov.admin.internal;

import io.github.fleetprov.admin.PlannedCall;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Records the mutating calls of a run and either makes them (apply) or only lists them (plan).
 * Read-only calls are always made, so a plan reflects the account's current state.
 */
public final class Changes {

    private final boolean apply;
    private final List<PlannedCall> calls = new ArrayList<>();

    private Changes(boolean apply) {
        this.apply = apply;
    }

    /** @return a recorder that makes the calls */
    public static Changes applying() {
        return new Changes(true);
    }

    /** @return a recorder that only lists the calls */
    public static Changes planning() {
        return new Changes(false);
    }

    /** @return whether calls are made */
    public boolean isApplying() {
        return apply;
    }

    /**
     * Records a mutating call and makes it when applying.
     *
     * @param call the call
     * @param action the call itself
     * @param planValue what to return when only planning
     * @param <T> the result type
     * @return the action's result, or {@code planValue}
     */
    public <T> T mutate(PlannedCall call, Supplier<T> action, T planValue) {
        calls.add(call);
        return apply ? action.get() : planValue;
    }

    /**
     * Records a mutating call without result and makes it when applying.
     *
     * @param call the call
     * @param action the call itself
     */
    public void mutate(PlannedCall call, Runnable action) {
        calls.add(call);
        if (apply) {
            action.run();
        }
    }

    /** @return the calls so far (a copy) */
    public List<PlannedCall> calls() {
        return List.copyOf(calls);
    }
}
