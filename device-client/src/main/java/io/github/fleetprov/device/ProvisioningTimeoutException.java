package io.github.fleetprov.device;

import io.github.fleetprov.core.FleetProvisioningException;
import java.time.Duration;
import java.util.Objects;

/**
 * A provisioning step got no answer in its time limit (see
 * {@link FleetProvisioningClient.Builder#stepTimeout(ProvisioningStep, Duration)}). Retryable: the
 * request or its reply may have been lost on the way.
 */
public final class ProvisioningTimeoutException extends FleetProvisioningException {

    private static final long serialVersionUID = 1L;

    private final ProvisioningStep step;
    private final Duration timeout;

    /**
     * Creates the exception.
     *
     * @param step the step that timed out
     * @param timeout the time limit that passed
     */
    public ProvisioningTimeoutException(ProvisioningStep step, Duration timeout) {
        super(step + " got no answer within " + timeout.toMillis() + " ms. " + hint(step));
        this.step = Objects.requireNonNull(step, "step");
        this.timeout = timeout;
    }

    private static String hint(ProvisioningStep step) {
        if (step == ProvisioningStep.CONNECT || step == ProvisioningStep.VERIFY_NEW_CERTIFICATE) {
            return "The endpoint may be unreachable or slow, or the TLS handshake failed: aws-crt reports a failed"
                    + " handshake (for example a CA that does not match the endpoint) only after a 10-30 s delay;"
                    + " raise the CONNECT timeout to see the cause.";
        }
        return "The request or its reply was lost, or the service is slow; retry, or raise the step timeout.";
    }

    /**
     * The step that timed out.
     *
     * @return the step
     */
    public ProvisioningStep step() {
        return step;
    }

    /**
     * The time limit that passed.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Always {@code true}.
     *
     * @return {@code true}
     */
    @Override
    public boolean isRetryable() {
        return true;
    }
}
