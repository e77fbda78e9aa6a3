package io.github.fleetprov.admin;

import java.util.Objects;
import software.amazon.awssdk.services.iot.model.CertificateStatus;

/**
 * A certificate registered with AWS IoT (public parts only).
 *
 * @param id the certificate id (lower-case hex SHA-256 of the DER encoding)
 * @param arn the certificate ARN
 * @param status the status
 * @param certificatePem the certificate PEM
 */
public record IotCertificate(String id, String arn, CertificateStatus status, String certificatePem) {

    /**
     * Validates the parts.
     *
     * @param id the certificate id
     * @param arn the ARN
     * @param status the status
     * @param certificatePem the PEM
     */
    public IotCertificate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(certificatePem, "certificatePem");
    }
}
