package io.github.fleetprov.device;

import io.github.fleetprov.core.FleetProvisioningException;
import java.util.Objects;

/**
 * AWS IoT Core (or the network in between) refused the MQTT connection: the TLS handshake failed or
 * the broker answered CONNECT with a failure code. {@link #hint()} says what usually causes it (a CA
 * that does not match the endpoint, an expired, inactive or unknown certificate, a policy without
 * {@code iot:Connect} for the client id). Not retryable unless the cause was a transient network
 * failure ({@link #isRetryable()}).
 */
public final class ConnectionRefusedException extends FleetProvisioningException {

    private static final long serialVersionUID = 1L;

    private final String reason;
    private final String hint;
    private final boolean retryable;

    /**
     * Creates the exception.
     *
     * @param reason what the MQTT client reported, for example a CONNACK reason or a TLS error name
     * @param hint the likely cause and fix
     * @param retryable whether the failure looks transient
     */
    public ConnectionRefusedException(String reason, String hint, boolean retryable) {
        super("The MQTT connection was refused: " + reason + ". " + hint);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.hint = Objects.requireNonNull(hint, "hint");
        this.retryable = retryable;
    }

    /**
     * What the MQTT client reported.
     *
     * @return the reason
     */
    public String reason() {
        return reason;
    }

    /**
     * The likely cause and what to do about it.
     *
     * @return the hint
     */
    public String hint() {
        return hint;
    }

    @Override
    public boolean isRetryable() {
        return retryable;
    }
}
