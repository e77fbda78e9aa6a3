package io.github.fleetprov.core.store;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.Certificates;
import io.github.fleetprov.core.pki.Pem;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** Checks shared by the identity builders. */
final class Identities {

    private Identities() {
    }

    static void required(String field, String value, String fix) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, field + " is required", fix);
        }
    }

    static X509Certificate certificate(String certificatePem, PrivateKey privateKey) {
        if (certificatePem == null || certificatePem.isBlank()) {
            throw new InvalidInputException("certificatePem", "certificatePem is required",
                    "Give the PEM of the identity's certificate.");
        }
        if (privateKey == null) {
            throw new InvalidInputException("privateKey", "privateKey is required",
                    "Give the private key of the identity's certificate.");
        }
        X509Certificate cert;
        try {
            cert = Pem.readCertificate(certificatePem);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("certificatePem", e.problem(), e.fix(), e);
        }
        Certificates.requireMatch(cert, privateKey);
        return cert;
    }

    static String certificateId(X509Certificate cert, String given) {
        String computed = Certificates.awsCertificateId(cert);
        if (given != null && !given.equals(computed)) {
            throw new InvalidInputException("certificateId", "'" + given + "' is not the id of the certificate ("
                    + computed + ")", "Leave certificateId unset to compute it, or give the certificate's own id.");
        }
        return computed;
    }
}
