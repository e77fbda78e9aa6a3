package io.github.fleetprov.core.pki;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.internal.CertificateBuilder;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;

/**
 * Self-signed device certificates, as {@code tedge cert create --device-id <id>} makes them: the
 * device id is the common name, subject and issuer are the same, and AWS IoT registers the
 * certificate without a CA (RegisterCertificateWithoutCA).
 *
 * <p>The certificate is an end-entity TLS client certificate (basicConstraints CA:false,
 * digitalSignature, extendedKeyUsage clientAuth) with a random 159-bit serial number. Validity starts
 * five minutes in the past to tolerate clock skew and ends {@code validity} from now.
 */
public final class SelfSignedCertificates {

    private SelfSignedCertificates() {
    }

    /**
     * Creates a self-signed certificate whose subject is {@code CN=<deviceId>}.
     *
     * @param keyPair the device's key pair
     * @param deviceId the device id, used as the common name (1 to 64 characters)
     * @param validity how long from now the certificate is valid, positive
     * @return the certificate
     * @throws InvalidInputException if the device id or validity is unusable
     */
    public static X509Certificate create(KeyPair keyPair, String deviceId, Duration validity) {
        Objects.requireNonNull(deviceId, "deviceId");
        if (deviceId.isBlank()) {
            throw new InvalidInputException("deviceId", "the device id is blank",
                    "Give the device's unique id, e.g. its serial number.");
        }
        return create(keyPair, Subject.ofCommonName(deviceId), validity);
    }

    /**
     * Creates a self-signed certificate with a full subject.
     *
     * @param keyPair the key pair; its private key signs the certificate
     * @param subject the subject (and issuer)
     * @param validity how long from now the certificate is valid, positive
     * @return the certificate
     * @throws InvalidInputException if the validity is not positive
     */
    public static X509Certificate create(KeyPair keyPair, Subject subject, Duration validity) {
        Objects.requireNonNull(keyPair, "keyPair");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(validity, "validity");
        requirePositive(validity, "validity");
        return new CertificateBuilder(subject.toX500Principal(), keyPair.getPublic(),
                CertificateBuilder.Profile.SELF_SIGNED_DEVICE)
                .validity(validity)
                .sign(keyPair.getPrivate());
    }

    static void requirePositive(Duration validity, String field) {
        if (validity.isNegative() || validity.isZero()) {
            throw new InvalidInputException(field, "the validity " + validity + " is not positive",
                    "Give a positive duration, e.g. Duration.ofDays(365).");
        }
    }
}
