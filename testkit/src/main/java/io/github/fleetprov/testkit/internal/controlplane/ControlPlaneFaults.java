package io.github.fleetprov.testkit.internal.controlplane;

import io.github.fleetprov.testkit.internal.http.AwsApiException;

import io.github.fleetprov.testkit.fault.FaultRule;
import io.github.fleetprov.testkit.fault.Faults;
import java.util.Objects;
import java.util.Optional;

/**
 * Applies {@link Faults} rules to control-plane operations by API name ({@code CreateThing},
 * {@code AttachPolicy}, ...): rejections carry the rule's code and status, throttling (always, or above
 * a rate) answers {@code 400 ThrottlingException} as AWS IoT does, delays hold the request, a dropped reply closes
 * the connection after the operation ran, a disconnect closes it before.
 */
public final class ControlPlaneFaults implements ControlPlaneServer.FaultGate {

    private final Faults faults;

    /**
     * Creates the gate.
     *
     * @param faults the rules shared with the rest of the emulator
     */
    public ControlPlaneFaults(Faults faults) {
        this.faults = Objects.requireNonNull(faults, "faults");
    }

    @Override
    public ControlPlaneServer.FaultOutcome before(String operation) {
        Optional<FaultRule> fired = faults.fire(operation, null, null);
        if (fired.isEmpty()) {
            return ControlPlaneServer.FaultOutcome.PROCEED;
        }
        FaultRule rule = fired.get();
        switch (rule.kind()) {
            case REJECT:
                throw new AwsApiException(rule.statusCode(), rule.errorCode(), rule.message());
            case THROTTLE:
                throw new AwsApiException(400, "ThrottlingException", rule.message());
            case DELAY:
                try {
                    Thread.sleep(rule.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return ControlPlaneServer.FaultOutcome.PROCEED;
            case DROP_REPLY:
                return ControlPlaneServer.FaultOutcome.DROP_REPLY;
            case DISCONNECT:
                return ControlPlaneServer.FaultOutcome.DISCONNECT;
            default:
                return ControlPlaneServer.FaultOutcome.PROCEED;
        }
    }
}
