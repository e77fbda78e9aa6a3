package io.github.fleetprov.admin;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The mutating calls {@link FleetProvisioningAdmin#setUp(FleetSpec)} would make against the
 * account as it is now. An empty plan means the fleet is set up as the spec says.
 *
 * @param calls the calls, in the order they would be made
 */
public record FleetPlan(List<PlannedCall> calls) {

    /**
     * Copies the calls.
     *
     * @param calls the calls
     */
    public FleetPlan {
        calls = List.copyOf(Objects.requireNonNull(calls, "calls"));
    }

    /** @return whether nothing would change */
    public boolean isEmpty() {
        return calls.isEmpty();
    }

    /** @return one call per line, e.g. {@code IoT CreatePolicy fleet-claim (policy does not exist)} */
    @Override
    public String toString() {
        return calls.isEmpty() ? "(no changes)"
                : calls.stream().map(PlannedCall::toString).collect(Collectors.joining("\n"));
    }
}
