package io.github.fleetprov.testkit.registry;

import io.github.fleetprov.core.FleetProvisioningException;
import java.util.Objects;
import java.util.Optional;

/**
 * A registry operation that AWS IoT would refuse, with the error code and HTTP status AWS IoT
 * answers with (from the IoT service model).
 *
 * <p>Codes are the service's exception names, e.g. {@code ResourceAlreadyExistsException}, so a REST front end can put {@link #errorCode()}
 * straight into {@code x-amzn-ErrorType} and {@link #httpStatus()} into the status line.
 */
public final class RegistryException extends FleetProvisioningException {

    private static final long serialVersionUID = 1L;

    /** HTTP 409: the resource exists (carries {@link #resourceId()} and {@link #resourceArn()}). */
    public static final String RESOURCE_ALREADY_EXISTS = "ResourceAlreadyExistsException";
    /** HTTP 404: the resource does not exist. */
    public static final String RESOURCE_NOT_FOUND = "ResourceNotFoundException";
    /** HTTP 400: the request is not valid. */
    public static final String INVALID_REQUEST = "InvalidRequestException";
    /** HTTP 409: the resource is still attached or in use. */
    public static final String DELETE_CONFLICT = "DeleteConflictException";
    /** HTTP 409: the policy or template already has the maximum number of versions (5). */
    public static final String VERSIONS_LIMIT_EXCEEDED = "VersionsLimitExceededException";
    /** HTTP 400: the policy document is not valid. */
    public static final String MALFORMED_POLICY = "MalformedPolicyException";
    /** HTTP 406: the certificate's status does not allow the operation. */
    public static final String CERTIFICATE_STATE = "CertificateStateException";
    /** HTTP 400: the certificate is not valid. */
    public static final String CERTIFICATE_VALIDATION = "CertificateValidationException";
    /** HTTP 409: a certificate with the same subject and issuer is registered under another CA. */
    public static final String CERTIFICATE_CONFLICT = "CertificateConflictException";
    /** HTTP 410: a limit (e.g. 10 policies per target) is reached. */
    public static final String LIMIT_EXCEEDED = "LimitExceededException";
    /** HTTP 409: the expected version does not match the resource's version. */
    public static final String VERSION_CONFLICT = "VersionConflictException";
    /** HTTP 409: another update to the same resource is in progress. */
    public static final String CONFLICTING_RESOURCE_UPDATE = "ConflictingResourceUpdateException";

    private final String errorCode;
    private final int httpStatus;
    private final String resourceId;
    private final String resourceArn;

    private RegistryException(String errorCode, int httpStatus, String message, String resourceId, String resourceArn) {
        super(message);
        this.errorCode = errorCode;
        this.httpStatus = httpStatus;
        this.resourceId = resourceId;
        this.resourceArn = resourceArn;
    }

    /**
     * Creates an exception for an AWS IoT error code; the HTTP status is the one the IoT service
     * model gives for that code (400 for codes it does not know).
     *
     * @param errorCode an AWS IoT error code, e.g. {@link #RESOURCE_NOT_FOUND}
     * @param message what went wrong and what to do about it
     * @return the exception
     */
    public static RegistryException of(String errorCode, String message) {
        Objects.requireNonNull(errorCode, "errorCode");
        Objects.requireNonNull(message, "message");
        return new RegistryException(errorCode, statusOf(errorCode), message, null, null);
    }

    /**
     * A {@link #RESOURCE_ALREADY_EXISTS} error naming the existing resource.
     *
     * @param message what exists
     * @param resourceId the id of the existing resource
     * @param resourceArn the ARN of the existing resource
     * @return the exception
     */
    public static RegistryException alreadyExists(String message, String resourceId, String resourceArn) {
        Objects.requireNonNull(message, "message");
        return new RegistryException(RESOURCE_ALREADY_EXISTS, 409, message, resourceId, resourceArn);
    }

    /**
     * A {@link #RESOURCE_NOT_FOUND} error.
     *
     * @param message what is missing and how to create it
     * @return the exception
     */
    public static RegistryException notFound(String message) {
        return of(RESOURCE_NOT_FOUND, message);
    }

    /**
     * An {@link #INVALID_REQUEST} error.
     *
     * @param message what is wrong with the request
     * @return the exception
     */
    public static RegistryException invalidRequest(String message) {
        return of(INVALID_REQUEST, message);
    }

    private static int statusOf(String code) {
        switch (code) {
            case RESOURCE_NOT_FOUND:
                return 404;
            case RESOURCE_ALREADY_EXISTS:
            case DELETE_CONFLICT:
            case VERSIONS_LIMIT_EXCEEDED:
            case CERTIFICATE_CONFLICT:
            case VERSION_CONFLICT:
            case CONFLICTING_RESOURCE_UPDATE:
                return 409;
            case CERTIFICATE_STATE:
                return 406;
            case LIMIT_EXCEEDED:
                return 410;
            case "UnauthorizedException":
                return 401;
            case "InternalFailureException":
                return 500;
            case "ServiceUnavailableException":
                return 503;
            default:
                return 400;
        }
    }

    /**
     * The AWS IoT error code, e.g. {@code ResourceNotFoundException}.
     *
     * @return the error code
     */
    public String errorCode() {
        return errorCode;
    }

    /**
     * The HTTP status AWS IoT answers this error with.
     *
     * @return the HTTP status code
     */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * For {@link #RESOURCE_ALREADY_EXISTS}: the id of the existing resource.
     *
     * @return the resource id, if known
     */
    public Optional<String> resourceId() {
        return Optional.ofNullable(resourceId);
    }

    /**
     * For {@link #RESOURCE_ALREADY_EXISTS}: the ARN of the existing resource.
     *
     * @return the resource ARN, if known
     */
    public Optional<String> resourceArn() {
        return Optional.ofNullable(resourceArn);
    }
}
