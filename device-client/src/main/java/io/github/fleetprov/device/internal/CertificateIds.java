package io.github.fleetprov.device.internal;

import io.github.fleetprov.core.FleetProvisioningException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/** AWS IoT certificate ids: lower-case hex SHA-256 of the certificate's DER encoding. */
public final class CertificateIds {

    private CertificateIds() {
    }

    /**
     * The AWS IoT certificate id of a certificate.
     *
     * @param certificate the certificate
     * @return 64 lower-case hex digits
     */
    public static String of(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new FleetProvisioningException("Cannot compute the certificate id", e);
        }
    }
}
