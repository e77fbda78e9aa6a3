package io.github.fleetprov.device.credentials;

/**
 * HTTP 403 from the credentials provider: the thing name does not belong to the certificate, or the
 * certificate's policy does not allow {@code iot:AssumeRoleWithCertificate} on the role alias.
 */
public final class CredentialsAccessDeniedException extends IotCredentialsException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what the service said, with the fix
     */
    public CredentialsAccessDeniedException(String message) {
        super(403, message, null);
    }
}
