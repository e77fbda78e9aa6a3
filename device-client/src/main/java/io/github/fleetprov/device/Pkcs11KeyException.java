package io.github.fleetprov.device;

import io.github.fleetprov.core.FleetProvisioningException;
import java.util.Objects;

/**
 * A PKCS#11 token refused or could not give the device's key. {@link #problem()} says what went wrong;
 * the message names the library, slot and key label to check, never the PIN. Not retryable: the same
 * call fails again until the configuration or the token changes.
 */
public final class Pkcs11KeyException extends FleetProvisioningException {

    private static final long serialVersionUID = 1L;

    /** What went wrong with the token. */
    public enum Problem {
        /** The PKCS#11 library could not be loaded. */
        LIBRARY_NOT_LOADABLE,
        /** No token is present in the configured slot. */
        TOKEN_NOT_FOUND,
        /** The token refused the user PIN. */
        WRONG_PIN,
        /** The token holds no key with the configured label, and generating one was not allowed. */
        KEY_NOT_FOUND,
        /** The object with the configured label is not a private key (a secret key, a certificate). */
        NOT_A_PRIVATE_KEY,
        /** The token failed an operation (key generation, signing, storing the certificate). */
        TOKEN_FAILURE
    }

    private final Problem problem;

    /**
     * Creates the exception.
     *
     * @param problem what went wrong
     * @param message what to check, naming library, slot and key label (never the PIN)
     * @param cause the provider's exception, or {@code null}
     */
    public Pkcs11KeyException(Problem problem, String message, Throwable cause) {
        super(Objects.requireNonNull(problem, "problem") + ": " + message, cause);
        this.problem = problem;
    }

    /**
     * What went wrong.
     *
     * @return the problem
     */
    public Problem problem() {
        return problem;
    }
}
