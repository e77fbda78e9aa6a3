package io.github.fleetprov.admin;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * A temporary claim from CreateProvisioningClaim (provisioning by trusted user). Its certificate and
 * private key were written to the credential store in {@link #store()}; this record holds only
 * public facts.
 *
 * @param certificateId the claim certificate id
 * @param templateName the template the claim is for
 * @param expiration when AWS stops accepting the claim (5 minutes after issue)
 * @param store the credential store directory holding the claim
 */
public record ProvisioningClaim(String certificateId, String templateName, Instant expiration, Path store) {

    /**
     * Validates the parts.
     *
     * @param certificateId the certificate id
     * @param templateName the template
     * @param expiration the expiry
     * @param store the store directory
     */
    public ProvisioningClaim {
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(templateName, "templateName");
        Objects.requireNonNull(expiration, "expiration");
        Objects.requireNonNull(store, "store");
    }

    /**
     * Reads the claim identity from {@link #store()}, ready for
     * {@code FleetProvisioningClient.builder().claim(ClaimIdentity)}: certificate, key, data endpoint
     * and template name, as for {@link FleetSetup#claimIdentity()}.
     *
     * @return the claim identity
     * @throws io.github.fleetprov.core.InvalidInputException naming {@code store} if it holds no claim,
     *     or another claim than {@link #certificateId()}
     */
    public io.github.fleetprov.core.store.ClaimIdentity claimIdentity() {
        return FleetSetup.readClaim(store, certificateId, "store");
    }
}
