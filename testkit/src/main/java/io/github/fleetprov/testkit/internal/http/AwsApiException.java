package io.github.fleetprov.testkit.internal.http;

import io.github.fleetprov.core.FleetProvisioningException;
import java.util.Objects;

/**
 * A refusal that a local AWS endpoint sends back as the service would: an HTTP status and an AWS
 * error code (e.g. {@code 409 ResourceAlreadyExistsException}, {@code 404 NoSuchEntity}).
 *
 * <p>Messages never contain private keys, ownership tokens, secret keys or session tokens.
 */
public final class AwsApiException extends FleetProvisioningException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String errorCode;

    /**
     * Creates a refusal.
     *
     * @param status the HTTP status the service model gives this error
     * @param errorCode the AWS error code
     * @param message what is wrong and what to do instead
     */
    public AwsApiException(int status, String errorCode, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.status = status;
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
    }

    /**
     * The HTTP status.
     *
     * @return the status
     */
    public int status() {
        return status;
    }

    /**
     * The AWS error code.
     *
     * @return the code, e.g. {@code InvalidRequestException}
     */
    public String errorCode() {
        return errorCode;
    }

    /**
     * Throttling and server-side failures may succeed when retried; everything else needs a
     * different request.
     *
     * @return whether a retry may help
     */
    @Override
    public boolean isRetryable() {
        return status >= 500 || errorCode.startsWith("Throttling");
    }

    /**
     * {@code 400 InvalidRequestException}.
     *
     * @param message what is wrong
     * @return the exception
     */
    public static AwsApiException invalidRequest(String message) {
        return new AwsApiException(400, "InvalidRequestException", message);
    }

    /**
     * {@code 404 ResourceNotFoundException}.
     *
     * @param message what is missing
     * @return the exception
     */
    public static AwsApiException notFound(String message) {
        return new AwsApiException(404, "ResourceNotFoundException", message);
    }

    /**
     * {@code 409 ResourceAlreadyExistsException}.
     *
     * @param message what exists
     * @return the exception
     */
    public static AwsApiException alreadyExists(String message) {
        return new AwsApiException(409, "ResourceAlreadyExistsException", message);
    }
}
