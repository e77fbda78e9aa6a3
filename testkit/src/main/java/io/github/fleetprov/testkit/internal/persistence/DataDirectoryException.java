package io.github.fleetprov.testkit.internal.persistence;

import io.github.fleetprov.core.FleetProvisioningException;

/**
 * A data directory that cannot be used: unreadable, damaged, in use by another process, or written
 * by a newer format. The message names the directory or file and what to do.
 */
public final class DataDirectoryException extends FleetProvisioningException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the problem and the fix
     */
    public DataDirectoryException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message the problem and the fix
     * @param cause the underlying failure
     */
    public DataDirectoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
