package io.github.fleetprov.testkit.internal.provisioning;

/**
 * A fleet provisioning request that the service rejects: the {@code statusCode}, {@code errorCode}
 * and {@code errorMessage} of the rejected reply.
 */
final class ProvisioningRejection extends RuntimeException {

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
        super(errorMessage, null, false, false);
        this.statusCode = statusCode;
        this.errorCode = errorCode;
    }

    int statusCode() {
        return statusCode;
    }

    String errorCode() {
        return errorCode;
    }
}
