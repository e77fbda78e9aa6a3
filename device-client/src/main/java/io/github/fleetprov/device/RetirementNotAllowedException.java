package io.github.fleetprov.device;

import io.github.fleetprov.core.FleetProvisioningException;
import java.util.Objects;

/**
 * AWS refused a call that retires a replaced certificate because the role behind the device's role alias
 * does not allow it (error code {@code AccessDeniedException}, or {@code UnrecognizedClientException} for
 * credentials AWS does not know). The rotation itself is complete: the new certificate is the stored
 * identity and connects. The old certificate stays in the store's retirement record at the stage it
 * reached, and {@link FleetProvisioningClient#retireReplacedCertificates()} finishes the job once the
 * role's policy allows the action.
 */
public final class RetirementNotAllowedException extends FleetProvisioningException {

    private static final long serialVersionUID = 1L;

    private final String certificateId;
    private final String action;
    private final String errorCode;

    /**
     * Creates the exception.
     *
     * @param certificateId the certificate that could not be retired
     * @param action the IAM action that was refused, e.g. {@code iot:UpdateCertificate}
     * @param errorCode AWS's error code
     * @param roleAlias the role alias whose role was used
     * @param resourceArn the resource the action was called on
     */
    public RetirementNotAllowedException(String certificateId, String action, String errorCode, String roleAlias,
            String resourceArn) {
        super(action + " on " + resourceArn + " was refused (" + errorCode + "): the role of role alias '"
                + roleAlias + "' does not allow retiring the replaced certificate " + certificateId + ". The new"
                + " certificate is stored and in use. Allow iot:UpdateCertificate, iot:DescribeCertificate,"
                + " iot:DetachThingPrincipal and iot:DeleteCertificate on the device's certificate and thing ARNs in"
                + " the role's policy, then call"
                + " retireReplacedCertificates(); or retire it from the cloud with cloud-admin's CertificateRotation.");
        this.certificateId = Objects.requireNonNull(certificateId, "certificateId");
        this.action = Objects.requireNonNull(action, "action");
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
    }

    /**
     * The certificate that could not be retired.
     *
     * @return its id
     */
    public String certificateId() {
        return certificateId;
    }

    /**
     * The IAM action AWS refused.
     *
     * @return e.g. {@code iot:UpdateCertificate}
     */
    public String action() {
        return action;
    }

    /**
     * AWS's error code.
     *
     * @return e.g. {@code AccessDeniedException}
     */
    public String errorCode() {
        return errorCode;
    }
}
