package io.github.fleetprov.core.store;

import io.github.fleetprov.core.FleetProvisioningException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The credential store could not read or write its directory (permissions, a full disk, an I/O
 * error). What was stored before the failed write is still there, unchanged.
 */
public class CredentialStoreException extends FleetProvisioningException {

    private static final long serialVersionUID = 1L;

    private final transient Path path;

    /**
     * @param path the file or directory that failed
     * @param message what failed and what to do
     * @param cause the I/O error
     */
    public CredentialStoreException(Path path, String message, Throwable cause) {
        super(path + ": " + message, cause);
        this.path = Objects.requireNonNull(path, "path");
    }

    /** @return the file or directory that failed */
    public Path path() {
        return path;
    }
}
