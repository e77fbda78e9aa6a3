package io.github.fleetprov.device;

import io.github.fleetprov.core.FleetProvisioningException;
import java.util.Objects;

/**
 * RegisterThing was probably accepted, but its answer never arrived (a lost reply, a lost connection
 * or a crash), and AWS IoT refuses the certificate ownership token a second time, so the thing name is
 * unknown to the device.
 *
 * <p>The new certificate connects (it is ACTIVE) and its private key is kept in the credential
 * store's pending state, so nothing is lost: look up the thing attached to {@link #certificateId()}
 * ({@code aws iot list-principal-things}) and call
 * {@link FleetProvisioningClient#completeRegistration(String)} with its name. Not retryable: the same
 * call fails the same way.
 */
public final class RegistrationUnconfirmedException extends FleetProvisioningException {

    private static final long serialVersionUID = 1L;

    private final String certificateId;

    /**
     * Creates the exception.
     *
     * @param certificateId the certificate whose registration is unconfirmed
     */
    public RegistrationUnconfirmedException(String certificateId) {
        super("REGISTER_THING for certificate " + certificateId + " was probably accepted, but its answer was lost"
                + " and the ownership token is not accepted again, so the thing name is unknown. The certificate"
                + " connects and its key is kept in the credential store's pending state: find the thing attached to"
                + " certificate " + certificateId + " (aws iot list-principal-things) and call"
                + " completeRegistration(thingName).");
        this.certificateId = Objects.requireNonNull(certificateId, "certificateId");
    }

    /**
     * The certificate whose registration is unconfirmed.
     *
     * @return the AWS IoT certificate id
     */
    public String certificateId() {
        return certificateId;
    }
}
