package io.github.fleetprov.admin;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An ACTIVE certificate that expires soon.
 *
 * @param certificateId the certificate id
 * @param certificateArn the certificate ARN
 * @param notAfter the end of its validity
 * @param thingNames the things it is attached to
 */
public record ExpiringCertificate(String certificateId, String certificateArn, Instant notAfter,
        List<String> thingNames) {

    /**
     * Creates the value.
     *
     * @param certificateId the certificate id
     * @param certificateArn the certificate ARN
     * @param notAfter the end of its validity
     * @param thingNames the things it is attached to (copied)
     */
    public ExpiringCertificate {
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(certificateArn, "certificateArn");
        Objects.requireNonNull(notAfter, "notAfter");
        thingNames = List.copyOf(thingNames);
    }
}
