package io.github.fleetprov.testkit.internal.provisioning;

import io.github.fleetprov.core.FleetProvisioningException;

/**
 * A fleet provisioning request that the service rejects: the {@code statusCode}, {@code errorCode}
 * and {@code errorMessage} of the rejected reply. Under the library's exception root like every
 * fleetprov error.
 */
final class ProvisioningRejection extends FleetProvisioningException {

    private static final long serialVersionUID = 1L;

    static final String INVALID_PAYLOAD = "InvalidPayload";
    static final String INVALID_TOKEN = "InvalidCertificateOwnershipToken";
    static final String RESOURCE_NOT_FOUND = "ResourceNotFound";
    static final String INVALID_PARAMETERS = "InvalidParameters";
    static final String INVALID_REQUEST = "InvalidRequest";
    static final String THROTTLING = "Throttling";
    static final String INTERNAL_FAILURE = "InternalFailure";

    private final int statusCode;
    private final String errorCode;

    ProvisioningRejection(int statusCode, String errorCode, String errorMessage) {
        super(errorMessage);
        this.statusCode = statusCode;
        this.errorCode = errorCode;
    }

    /** The rejection is an answer to send, not a failure to trace: no stack trace is filled in. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    int statusCode() {
        return statusCode;
    }

    String errorCode() {
        return errorCode;
    }
}
