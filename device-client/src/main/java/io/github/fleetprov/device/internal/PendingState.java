package io.github.fleetprov.device.internal;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;

/**
 * A certificate that AWS IoT created but that RegisterThing has not yet activated, with what it takes
 * to finish: the private key and the ownership token, valid until {@code tokenExpiry}.
 *
 * @param certificate the new certificate
 * @param privateKey its private key
 * @param certificateId the AWS IoT certificate id
 * @param ownershipToken the certificate ownership token
 * @param tokenExpiry when the token stops being valid
 * @param templateName the template RegisterThing is called with
 */
public record PendingState(X509Certificate certificate, PrivateKey privateKey, String certificateId,
        String ownershipToken, Instant tokenExpiry, String templateName) {

    /**
     * Creates the state.
     *
     * @param certificate the new certificate
     * @param privateKey its private key
     * @param certificateId the AWS IoT certificate id
     * @param ownershipToken the certificate ownership token
     * @param tokenExpiry when the token stops being valid
     * @param templateName the template
     */
    public PendingState {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(ownershipToken, "ownershipToken");
        Objects.requireNonNull(tokenExpiry, "tokenExpiry");
        Objects.requireNonNull(templateName, "templateName");
    }

    @Override
    public String toString() {
        return "PendingState[certificateId=" + certificateId + ", tokenExpiry=" + tokenExpiry + ", templateName="
                + templateName + ", privateKey=***, ownershipToken=***]";
    }
}
