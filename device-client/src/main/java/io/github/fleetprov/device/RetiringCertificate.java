package io.github.fleetprov.device;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A replaced device certificate that is not deleted yet.
 *
 * @param certificateId the AWS IoT certificate id
 * @param thingName the thing it is attached to
 * @param stage how far its retirement got
 * @param deactivatedAt when it was made INACTIVE, {@code null} before that
 */
public record RetiringCertificate(String certificateId, String thingName, RetirementStage stage,
        Instant deactivatedAt) {

    /** Checks the components. */
    public RetiringCertificate {
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(thingName, "thingName");
        Objects.requireNonNull(stage, "stage");
    }

    /**
     * When it was made INACTIVE.
     *
     * @return the time, empty before {@link RetirementStage#INACTIVE}
     */
    public Optional<Instant> deactivated() {
        return Optional.ofNullable(deactivatedAt);
    }
}
