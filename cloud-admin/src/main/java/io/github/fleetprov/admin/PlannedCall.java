package io.github.fleetprov.admin;

import java.util.Objects;

/**
 * One mutating AWS call that a facade makes (or, in a plan, would make).
 *
 * @param service the service, e.g. {@code IoT} or {@code IAM}
 * @param operation the operation, e.g. {@code CreatePolicyVersion}
 * @param target the resource it acts on (a name or an ARN)
 * @param reason why the call is needed, e.g. "policy document changed"
 */
public record PlannedCall(String service, String operation, String target, String reason) {

    /**
     * Validates the parts.
     *
     * @param service the service
     * @param operation the operation
     * @param target the resource
     * @param reason why
     */
    public PlannedCall {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return service + " " + operation + " " + target + " (" + reason + ")";
    }
}
