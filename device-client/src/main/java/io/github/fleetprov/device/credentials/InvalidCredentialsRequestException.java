package io.github.fleetprov.device.credentials;

/**
 * HTTP 400 from the credentials provider: the request was malformed, for example an invalid thing
 * name header or role alias.
 */
public final class InvalidCredentialsRequestException extends IotCredentialsException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what the service said, with the fix
     */
    public InvalidCredentialsRequestException(String message) {
        super(400, message, null);
    }
}
