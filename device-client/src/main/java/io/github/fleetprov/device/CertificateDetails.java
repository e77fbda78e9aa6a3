package io.github.fleetprov.device;

import io.github.fleetprov.core.pki.CertificateInfo;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * What {@code tedge cert show} prints about a certificate: subject, issuer, validity and SHA-1
 * thumbprint, plus the AWS IoT certificate id.
 *
 * @param subject the subject, RFC 2253 form with a space after each comma ({@code CN=my-device, O=...})
 * @param issuer the issuer, same form
 * @param validFrom the start of validity
 * @param validUntil the end of validity
 * @param thumbprint the SHA-1 thumbprint, upper-case hex without separators
 * @param certificateId the AWS IoT certificate id
 * @param selfSigned whether the certificate is self-signed
 */
public record CertificateDetails(String subject, String issuer, Instant validFrom, Instant validUntil,
        String thumbprint, String certificateId, boolean selfSigned) {

    private static final DateTimeFormatter RFC_2822 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /**
     * Creates the details.
     *
     * @param subject the subject
     * @param issuer the issuer
     * @param validFrom the start of validity
     * @param validUntil the end of validity
     * @param thumbprint the SHA-1 thumbprint
     * @param certificateId the certificate id
     * @param selfSigned whether it is self-signed
     */
    public CertificateDetails {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(validUntil, "validUntil");
        Objects.requireNonNull(thumbprint, "thumbprint");
        Objects.requireNonNull(certificateId, "certificateId");
    }

    /**
     * The details of a certificate.
     *
     * @param certificate the certificate
     * @return the details
     */
    public static CertificateDetails of(X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        CertificateInfo info = CertificateInfo.of(certificate);
        return new CertificateDetails(spaced(certificate.getSubjectX500Principal().getName()),
                spaced(certificate.getIssuerX500Principal().getName()), info.notBefore(), info.notAfter(),
                info.sha1Thumbprint(), info.certificateId(), info.isSelfSigned());
    }

    private static String spaced(String rfc2253) {
        return rfc2253.replaceAll("(?<!\\\\),", ", ");
    }

    /**
     * The details as {@code tedge cert show} prints them, one field a line.
     *
     * @return the text
     */
    public String toText() {
        return "Subject: " + subject + "\n"
                + "Issuer: " + issuer + "\n"
                + "Valid from: " + RFC_2822.format(validFrom) + "\n"
                + "Valid up to: " + RFC_2822.format(validUntil) + "\n"
                + "Thumbprint: " + thumbprint + "\n";
    }
}
