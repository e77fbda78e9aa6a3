package io.github.fleetprov.testkit.registry;

/**
 * How devices must connect with a certificate (the service model's {@code CertificateMode}, see
 * DescribeCertificate in the AWS IoT API reference).
 */
public enum CertificateMode {
    /** Issued by AWS IoT, or registered with a registered CA: SNI is not required. */
    DEFAULT,
    /** Registered without a CA (RegisterCertificateWithoutCA): devices must send SNI. */
    SNI_ONLY
}
