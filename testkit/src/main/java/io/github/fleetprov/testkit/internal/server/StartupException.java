package io.github.fleetprov.testkit.internal.server;

import io.github.fleetprov.core.FleetProvisioningException;

/**
 * Bad input to {@code local-iot-core}: an unknown option, a port in use, an unusable data directory,
 * unreadable CA files. The message is one line that names the problem and the fix; the launcher
 * prints it and exits with status 2.
 */
public final class StartupException extends FleetProvisioningException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message one line: the problem and the fix
     */
    public StartupException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message one line: the problem and the fix
     * @param cause the underlying failure
     */
    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
