package io.github.fleetprov.core.store;

import io.github.fleetprov.core.InvalidInputException;
import java.time.Instant;
import java.util.Objects;

/**
 * A certificate the device gave up on (e.g. RegisterThing was rejected or the ownership token expired),
 * recorded so that an operator or a clean-up job can delete it in AWS IoT.
 *
 * @param certificateId the AWS IoT certificate id
 * @param reason why it was abandoned, e.g. the service's error code; must not contain secrets
 * @param recordedAt when it was recorded
 */
public record AbandonedCertificate(String certificateId, String reason, Instant recordedAt) {

    /**
     * Checks the parts.
     *
     * @param certificateId the AWS IoT certificate id
     * @param reason why it was abandoned
     * @param recordedAt when it was recorded
     */
    public AbandonedCertificate {
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(recordedAt, "recordedAt");
        if (!certificateId.matches("[0-9a-f]{64}")) {
            throw new InvalidInputException("certificateId", "'" + certificateId + "' is not an AWS IoT certificate id",
                    "Give the 64 lower-case hex digits of the certificate id.");
        }
    }
}
