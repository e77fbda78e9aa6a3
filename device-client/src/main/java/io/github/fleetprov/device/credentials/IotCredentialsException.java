package io.github.fleetprov.device.credentials;

import io.github.fleetprov.core.FleetProvisioningException;
import org.jspecify.annotations.Nullable;

/**
 * The AWS IoT credentials provider did not return credentials. Subtypes name the common causes;
 * {@link #statusCode()} is the HTTP status, 0 if the request did not get an answer.
 * {@link #isRetryable()} is {@code true} for network failures, throttling (429) and server errors
 * (5xx).
 */
public class IotCredentialsException extends FleetProvisioningException {

    private static final long serialVersionUID = 1L;

    private final int statusCode;

    /**
     * Creates the exception.
     *
     * @param statusCode the HTTP status, 0 if there was no answer
     * @param message what went wrong and what to do (never secret)
     * @param cause the underlying failure, or {@code null}
     */
    public IotCredentialsException(int statusCode, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
    }

    /**
     * The HTTP status of the answer.
     *
     * @return the status, 0 if there was no answer
     */
    public int statusCode() {
        return statusCode;
    }

    @Override
    public boolean isRetryable() {
        return statusCode == 0 || statusCode == 429 || statusCode >= 500;
    }
}
