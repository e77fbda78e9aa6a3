package io.github.fleetprov.core.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import io.github.fleetprov.core.pki.internal.Names;

/**
 * The details of a certificate that people and tools look at: names, serial, validity, key, digests
 * and the AWS IoT certificate id.
 *
 * <p>Immutable value; equal when every detail is equal. Names are in RFC 2253 form as the JDK prints
 * them ({@code CN=my-device,OU=Test Device,O=Thin Edge}), with the serialNumber attribute spelled
 * {@code SERIALNUMBER}.
 */
public final class CertificateInfo {

    private static final DateTimeFormatter DISPLAY_TIME =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final String subject;
    private final String issuer;
    private final BigInteger serialNumber;
    private final Instant notBefore;
    private final Instant notAfter;
    private final String keyAlgorithm;
    private final int keySize;
    private final String sha1Thumbprint;
    private final String sha256Fingerprint;
    private final String certificateId;
    private final boolean selfSigned;

    private CertificateInfo(X509Certificate c) {
        this.subject = Names.rfc2253(c.getSubjectX500Principal());
        this.issuer = Names.rfc2253(c.getIssuerX500Principal());
        this.serialNumber = c.getSerialNumber();
        this.notBefore = c.getNotBefore().toInstant();
        this.notAfter = c.getNotAfter().toInstant();
        PublicKey key = c.getPublicKey();
        this.keyAlgorithm = key.getAlgorithm();
        this.keySize = key instanceof ECKey ec ? ec.getParams().getCurve().getField().getFieldSize()
                : key instanceof RSAKey rsa ? rsa.getModulus().bitLength() : 0;
        this.sha1Thumbprint = Certificates.sha1Thumbprint(c);
        this.sha256Fingerprint = Certificates.sha256Fingerprint(c);
        this.certificateId = Certificates.awsCertificateId(c);
        this.selfSigned = isSelfSigned(c);
    }

    /**
     * Reads the details of a certificate.
     *
     * @param certificate the certificate
     * @return its details
     */
    public static CertificateInfo of(X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        return new CertificateInfo(certificate);
    }

    private static boolean isSelfSigned(X509Certificate c) {
        if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
            return false;
        }
        try {
            c.verify(c.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** @return the subject name, RFC 2253 */
    public String subject() {
        return subject;
    }

    /** @return the issuer name, RFC 2253 */
    public String issuer() {
        return issuer;
    }

    /** @return the certificate serial number */
    public BigInteger serialNumber() {
        return serialNumber;
    }

    /** @return the serial number as lower-case hex, as AWS and openssl show it */
    public String serialNumberHex() {
        return serialNumber.toString(16);
    }

    /** @return the start of validity */
    public Instant notBefore() {
        return notBefore;
    }

    /** @return the end of validity */
    public Instant notAfter() {
        return notAfter;
    }

    /** @return the public key algorithm, {@code EC} or {@code RSA} */
    public String keyAlgorithm() {
        return keyAlgorithm;
    }

    /** @return the key size in bits (curve field size or RSA modulus length), 0 if unknown */
    public int keySize() {
        return keySize;
    }

    /**
     * The fleetprov key algorithm of the certificate's key, if it is one fleetprov supports.
     *
     * @return the algorithm, or empty
     */
    public Optional<KeyAlgorithm> keyType() {
        for (KeyAlgorithm a : KeyAlgorithm.values()) {
            if (a.family().equals(keyAlgorithm) && a.keySize() == keySize) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** @return the SHA-1 thumbprint: 40 upper-case hex digits, as {@code tedge cert show} prints it */
    public String sha1Thumbprint() {
        return sha1Thumbprint;
    }

    /** @return the SHA-256 fingerprint: 64 upper-case hex digits */
    public String sha256Fingerprint() {
        return sha256Fingerprint;
    }

    /** @return the AWS IoT certificate id: 64 lower-case hex digits of the SHA-256 of the DER */
    public String certificateId() {
        return certificateId;
    }

    /** @return whether subject equals issuer and the certificate's own key verifies its signature */
    public boolean isSelfSigned() {
        return selfSigned;
    }

    /**
     * Whether the certificate is valid at an instant.
     *
     * @param instant the instant
     * @return {@code true} if {@code notBefore <= instant <= notAfter}
     */
    public boolean isValidAt(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        return !instant.isBefore(notBefore) && !instant.isAfter(notAfter);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CertificateInfo i)) {
            return false;
        }
        return keySize == i.keySize && selfSigned == i.selfSigned && subject.equals(i.subject)
                && issuer.equals(i.issuer) && serialNumber.equals(i.serialNumber) && notBefore.equals(i.notBefore)
                && notAfter.equals(i.notAfter) && keyAlgorithm.equals(i.keyAlgorithm)
                && sha1Thumbprint.equals(i.sha1Thumbprint) && sha256Fingerprint.equals(i.sha256Fingerprint)
                && certificateId.equals(i.certificateId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subject, issuer, serialNumber, notBefore, notAfter, keyAlgorithm, keySize,
                sha1Thumbprint, sha256Fingerprint, certificateId, selfSigned);
    }

    /**
     * The details in the layout of {@code tedge cert show}, plus the AWS certificate id:
     * <pre>
     * Subject: CN=my-device,OU=Test Device,O=Thin Edge
     * Issuer: CN=my-device,OU=Test Device,O=Thin Edge
     * Valid from: Tue, 09 Mar 2021 14:10:30 +0000
     * Valid up to: Thu, 10 Mar 2022 14:10:30 +0000
     * Thumbprint: 860218AD0A996004449521E2713C28F67B5EA580
     * Certificate id: 0f3c...
     * </pre>
     *
     * @return six lines of text, without a trailing newline
     */
    @Override
    public String toString() {
        return "Subject: " + subject + "\nIssuer: " + issuer + "\nValid from: " + DISPLAY_TIME.format(notBefore)
                + "\nValid up to: " + DISPLAY_TIME.format(notAfter) + "\nThumbprint: " + sha1Thumbprint
                + "\nCertificate id: " + certificateId;
    }
}
