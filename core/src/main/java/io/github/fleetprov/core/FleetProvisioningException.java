package io.github.fleetprov.core;

/**
 * The root of every exception that fleetprov throws.
 *
 * <p>All fleetprov exceptions are unchecked. Each subtype says what a caller can do about the
 * failure: {@link InvalidInputException} means the input must change; {@link #isRetryable()} tells
 * whether trying the same call again may succeed.
 *
 * <p>Messages never contain private keys, certificate ownership tokens, session tokens or secret
 * access keys.
 */
public class FleetProvisioningException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong, and what to do about it
     */
    public FleetProvisioningException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what went wrong, and what to do about it
     * @param cause the underlying failure
     */
    public FleetProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether the same call may succeed if it is tried again unchanged (a throttled or timed-out
     * request, a lost connection). The default is {@code false}.
     *
     * @return {@code true} if retrying may help
     */
    public boolean isRetryable() {
        return false;
    }
}
