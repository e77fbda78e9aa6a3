package io.github.fleetprov.device;

import io.github.fleetprov.core.FleetProvisioningException;
import java.util.Objects;
import java.util.Set;

/**
 * AWS IoT answered a fleet provisioning request on its {@code rejected} topic.
 *
 * <p>The exception carries the service's {@link #statusCode()}, {@link #errorCode()} and
 * {@link #errorMessage()} and the {@link #step()} that was rejected. Throttling and service-side
 * failures ({@code ThrottlingException}, {@code ServiceUnavailableException},
 * {@code InternalFailureException}, {@code InternalException}, or status 429 or 5xx) are
 * {@link #isRetryable() retryable};
 * every other rejection (for example {@code InvalidParameters} or a pre-provisioning hook denial)
 * fails again unchanged and is not.
 */
public final class ProvisioningRejectedException extends FleetProvisioningException {

    private static final long serialVersionUID = 1L;

    private static final Set<String> RETRYABLE_CODES = Set.of(
            "ThrottlingException", "Throttling", "ServiceUnavailableException", "ServiceUnavailable",
            "InternalFailureException", "InternalFailure", "InternalException", "InternalServerException");

    private final ProvisioningStep step;
    private final int statusCode;
    private final String errorCode;
    private final String errorMessage;

    /**
     * Creates the exception.
     *
     * @param step the rejected step
     * @param statusCode the service's status code
     * @param errorCode the service's error code, empty if it sent none
     * @param errorMessage the service's error message, empty if it sent none
     */
    public ProvisioningRejectedException(ProvisioningStep step, int statusCode, String errorCode, String errorMessage) {
        super(step + " was rejected by AWS IoT: " + statusCode + " " + errorCode
                + (errorMessage.isEmpty() ? "" : " (" + errorMessage + ")") + ". "
                + hint(step, retryable(statusCode, errorCode)));
        this.step = Objects.requireNonNull(step, "step");
        this.statusCode = statusCode;
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
        this.errorMessage = Objects.requireNonNull(errorMessage, "errorMessage");
    }

    private static boolean retryable(int statusCode, String errorCode) {
        return RETRYABLE_CODES.contains(errorCode) || statusCode == 429 || statusCode >= 500;
    }

    private static String hint(ProvisioningStep step, boolean retryable) {
        if (retryable) {
            return "The service is busy; retrying later may succeed.";
        }
        if (step == ProvisioningStep.REGISTER_THING) {
            return "Check the template name, the template parameters and the pre-provisioning hook's answer.";
        }
        return "Check the claim certificate's policy and the certificate signing request.";
    }

    /**
     * The step that was rejected.
     *
     * @return the step
     */
    public ProvisioningStep step() {
        return step;
    }

    /**
     * The status code of the rejected payload, for example 400.
     *
     * @return the status code
     */
    public int statusCode() {
        return statusCode;
    }

    /**
     * The error code of the rejected payload, for example {@code InvalidParameters}.
     *
     * @return the error code, empty if the service sent none
     */
    public String errorCode() {
        return errorCode;
    }

    /**
     * The error message of the rejected payload.
     *
     * @return the message, empty if the service sent none
     */
    public String errorMessage() {
        return errorMessage;
    }

    /**
     * {@code true} for throttling and service-side failures (by error code, or status 429 or 5xx),
     * {@code false} for every other rejection.
     *
     * @return whether the same request may succeed later
     */
    @Override
    public boolean isRetryable() {
        return retryable(statusCode, errorCode);
    }
}
