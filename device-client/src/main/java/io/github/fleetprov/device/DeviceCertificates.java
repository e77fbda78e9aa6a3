package io.github.fleetprov.device;

import io.github.fleetprov.core.pki.CertificateInfo;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.KeyPairs;
import io.github.fleetprov.core.pki.SelfSignedCertificates;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;

/**
 * Self-signed device certificates, the {@code tedge cert create} / {@code tedge cert show} way.
 *
 * <pre>{@code
 * SelfSignedIdentity identity = DeviceCertificates.createSelfSigned("my-device");
 * System.out.println(identity.details());   // Subject, Issuer, Valid from/up to, Thumbprint, Certificate id
 * }</pre>
 */
public final class DeviceCertificates {

    /** The validity of {@link #createSelfSigned(String)}: 365 days. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);

    private DeviceCertificates() {
    }

    /**
     * A new EC P-256 key and a self-signed certificate with {@code CN=<deviceId>}, valid 365 days.
     *
     * @param deviceId the device id (1 to 64 characters)
     * @return the identity
     * @throws io.github.fleetprov.core.InvalidInputException if the device id is blank or too long
     */
    public static SelfSignedIdentity createSelfSigned(String deviceId) {
        return createSelfSigned(deviceId, DEFAULT_VALIDITY, KeyAlgorithm.EC_P256);
    }

    /**
     * A new key and a self-signed certificate with {@code CN=<deviceId>}.
     *
     * @param deviceId the device id (1 to 64 characters)
     * @param validity how long from now the certificate is valid
     * @param algorithm the key algorithm
     * @return the identity
     * @throws io.github.fleetprov.core.InvalidInputException if the device id or validity is unusable
     */
    public static SelfSignedIdentity createSelfSigned(String deviceId, Duration validity, KeyAlgorithm algorithm) {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(validity, "validity");
        Objects.requireNonNull(algorithm, "algorithm");
        var keyPair = KeyPairs.generate(algorithm);
        X509Certificate certificate = SelfSignedCertificates.create(keyPair, deviceId, validity);
        return new SelfSignedIdentity(deviceId, keyPair, certificate);
    }

    /**
     * Describes a certificate as {@code tedge cert show} does: {@link CertificateInfo#toString()} prints
     * its lines, plus the AWS IoT certificate id.
     *
     * @param certificate the certificate
     * @return its details
     */
    public static CertificateInfo describe(X509Certificate certificate) {
        return CertificateInfo.of(certificate);
    }
}
