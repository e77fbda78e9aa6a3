package io.github.fleetprov.device.credentials;

/** HTTP 404 from the credentials provider: no role alias of that name in the account and region. */
public final class RoleAliasNotFoundException extends IotCredentialsException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what the service said, with the fix
     */
    public RoleAliasNotFoundException(String message) {
        super(404, message, null);
    }
}
