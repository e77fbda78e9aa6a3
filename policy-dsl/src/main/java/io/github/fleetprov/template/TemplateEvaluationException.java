package io.github.fleetprov.template;

import java.util.Objects;

import io.github.fleetprov.core.FleetProvisioningException;
import org.jspecify.annotations.Nullable;

/**
 * AWS would reject the provisioning request: the template cannot be evaluated with these
 * parameters and this certificate, or the pre-provisioning hook refused. {@link #errorCode()} and
 * {@link #statusCode()} are what the RegisterThing rejection would carry; the message says exactly
 * why, and where in the template ({@link #pointer()}).
 */
public final class TemplateEvaluationException extends FleetProvisioningException {

    private static final long serialVersionUID = 1L;

    /** A parameter is missing or a value is unusable. HTTP-style status 400. */
    public static final String INVALID_PARAMETERS = "InvalidParameters";

    /** The pre-provisioning hook refused the request, failed, or answered without permission. Status 403. */
    public static final String ACCESS_DENIED = "ACCESS_DENIED";

    private final String errorCode;
    private final int statusCode;
    private final String pointer;

    /**
     * Creates an evaluation failure.
     *
     * @param errorCode the error code AWS would answer with, e.g. {@value #INVALID_PARAMETERS}
     * @param statusCode the status code of the rejection, e.g. 400
     * @param pointer the JSON pointer in the template of the value that failed, or {@code ""}
     * @param message the exact reason, with no secret values
     */
    public TemplateEvaluationException(String errorCode, int statusCode, String pointer, String message) {
        this(errorCode, statusCode, pointer, message, null);
    }

    /**
     * Creates an evaluation failure with a cause.
     *
     * @param errorCode the error code
     * @param statusCode the status code
     * @param pointer the JSON pointer, or {@code ""}
     * @param message the exact reason
     * @param cause the underlying failure, or {@code null}
     */
    public TemplateEvaluationException(String errorCode, int statusCode, String pointer, String message,
            @Nullable Throwable cause) {
        super(message, cause);
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
        this.statusCode = statusCode;
        this.pointer = Objects.requireNonNull(pointer, "pointer");
    }

    /**
     * The error code of the rejection.
     *
     * @return e.g. {@value #INVALID_PARAMETERS}
     */
    public String errorCode() {
        return errorCode;
    }

    /**
     * The status code of the rejection.
     *
     * @return e.g. 400
     */
    public int statusCode() {
        return statusCode;
    }

    /**
     * Where in the template evaluation failed.
     *
     * @return the JSON pointer, or {@code ""} when the failure is not tied to one value
     */
    public String pointer() {
        return pointer;
    }
}
