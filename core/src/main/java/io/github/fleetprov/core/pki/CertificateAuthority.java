package io.github.fleetprov.core.pki;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.internal.CertificateBuilder;
import io.github.fleetprov.core.pki.internal.CertificateBuilder.Profile;
import io.github.fleetprov.core.pki.internal.Names;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A small certificate authority for tests, demos and private fleets: it issues TLS client certificates
 * from CSRs (as AWS IoT's CreateCertificateFromCsr does) and TLS server certificates with DNS and IP
 * subject alternative names.
 *
 * <p>Issued client certificates carry extendedKeyUsage clientAuth; server certificates carry
 * serverAuth and the given names as subjectAltName entries, so that JSSE, OpenSSL and aws-crt accept
 * them for {@code localhost} and {@code 127.0.0.1}. Every certificate has a random 159-bit serial,
 * subject and authority key identifiers, and starts five minutes in the past to tolerate clock skew.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the CA's private key.
 */
public final class CertificateAuthority {

    private static final Duration DEFAULT_CA_VALIDITY = Duration.ofDays(3650);

    private final X509Certificate certificate;
    private final PrivateKey privateKey;

    private CertificateAuthority(X509Certificate certificate, PrivateKey privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
    }

    /**
     * Creates a CA with a new EC P-256 key and a self-signed certificate valid for 10 years.
     *
     * @param commonName the CA's common name
     * @return the CA
     */
    public static CertificateAuthority create(String commonName) {
        Objects.requireNonNull(commonName, "commonName");
        return create(Subject.ofCommonName(commonName), KeyAlgorithm.EC_P256, DEFAULT_CA_VALIDITY);
    }

    /**
     * Creates a CA with a new key and a self-signed CA certificate.
     *
     * @param subject the CA's name
     * @param algorithm the CA key's algorithm
     * @param validity how long the CA certificate is valid from now
     * @return the CA
     */
    public static CertificateAuthority create(Subject subject, KeyAlgorithm algorithm, Duration validity) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(validity, "validity");
        SelfSignedCertificates.requirePositive(validity, "validity");
        KeyPair keyPair = KeyPairs.generate(algorithm);
        X509Certificate cert = new CertificateBuilder(subject.toX500Principal(), keyPair.getPublic(), Profile.CA)
                .validity(validity)
                .sign(keyPair.getPrivate());
        return new CertificateAuthority(cert, keyPair.getPrivate());
    }

    /**
     * Uses an existing CA certificate and its key (e.g. loaded with {@link Pem}).
     *
     * @param certificate the CA certificate (basicConstraints CA:true)
     * @param privateKey its private key
     * @return the CA
     * @throws InvalidInputException if the certificate is not a CA or the key does not match it
     */
    public static CertificateAuthority of(X509Certificate certificate, PrivateKey privateKey) {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        if (certificate.getBasicConstraints() < 0) {
            throw new InvalidInputException("certificate", "the certificate is not a CA certificate (basicConstraints CA:false)",
                    "Use a certificate issued with basicConstraints CA:true, or CertificateAuthority.create.");
        }
        Certificates.requireMatch(certificate, privateKey);
        KeyAlgorithm.of(privateKey);
        return new CertificateAuthority(certificate, privateKey);
    }

    /** @return the CA certificate */
    public X509Certificate certificate() {
        return certificate;
    }

    /** @return the CA certificate as PEM */
    public String certificatePem() {
        return Pem.certificateToPem(certificate);
    }

    /**
     * The CA's private key, e.g. to store the CA. A secret: never log it.
     *
     * @return the private key
     */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /**
     * Issues a TLS client certificate for a CSR, with the CSR's subject and public key. The CSR's
     * signature is checked first.
     *
     * @param csr the request
     * @param validity how long from now the certificate is valid
     * @return the certificate
     * @throws InvalidInputException if the CSR's signature does not verify or the validity is not positive
     */
    public X509Certificate issue(CertificateSigningRequest csr, Duration validity) {
        Objects.requireNonNull(csr, "csr");
        Objects.requireNonNull(validity, "validity");
        SelfSignedCertificates.requirePositive(validity, "validity");
        csr.requireValidSignature();
        CertificateBuilder b = new CertificateBuilder(csr.subjectPrincipal(), csr.publicKey(), Profile.CLIENT)
                .issuer(certificate).validity(validity);
        return b.sign(privateKey);
    }

    /**
     * Issues a TLS client certificate for a public key.
     *
     * @param publicKey the certified key
     * @param subject the subject
     * @param validity how long from now the certificate is valid
     * @return the certificate
     */
    public X509Certificate issue(PublicKey publicKey, Subject subject, Duration validity) {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(validity, "validity");
        SelfSignedCertificates.requirePositive(validity, "validity");
        KeyAlgorithm.of(publicKey);
        return new CertificateBuilder(subject.toX500Principal(), publicKey, Profile.CLIENT)
                .issuer(certificate).validity(validity).sign(privateKey);
    }

    /**
     * Generates a key pair and issues a TLS client certificate for it (what CreateKeysAndCertificate does).
     *
     * @param subject the subject
     * @param algorithm the key algorithm
     * @param validity how long from now the certificate is valid
     * @return the certificate and its key pair
     */
    public IssuedCertificate issueWithKey(Subject subject, KeyAlgorithm algorithm, Duration validity) {
        Objects.requireNonNull(algorithm, "algorithm");
        KeyPair keyPair = KeyPairs.generate(algorithm);
        return new IssuedCertificate(issue(keyPair.getPublic(), subject, validity), keyPair);
    }

    /**
     * Issues a TLS server certificate. The first name becomes the common name; every name becomes a
     * subjectAltName entry (DNS name, or IP address for IPv4/IPv6 literals).
     *
     * @param publicKey the server's public key
     * @param hostnamesAndIps host names and IP literals, at least one, e.g. {@code localhost}, {@code 127.0.0.1}
     * @param validity how long from now the certificate is valid
     * @return the certificate
     * @throws InvalidInputException if the list is empty or an entry is neither a host name nor an IP literal
     */
    public X509Certificate issueServerCertificate(PublicKey publicKey, List<String> hostnamesAndIps, Duration validity) {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(hostnamesAndIps, "hostnamesAndIps");
        Objects.requireNonNull(validity, "validity");
        SelfSignedCertificates.requirePositive(validity, "validity");
        KeyAlgorithm.of(publicKey);
        if (hostnamesAndIps.isEmpty()) {
            throw new InvalidInputException("hostnamesAndIps", "no host name or IP address given",
                    "Give the names clients connect to, e.g. List.of(\"localhost\", \"127.0.0.1\").");
        }
        CertificateBuilder b = new CertificateBuilder(
                Subject.ofCommonName(hostnamesAndIps.get(0)).toX500Principal(), publicKey, Profile.SERVER)
                .issuer(certificate).validity(validity);
        for (int i = 0; i < hostnamesAndIps.size(); i++) {
            String name = Objects.requireNonNull(hostnamesAndIps.get(i), "hostnamesAndIps[" + i + "]");
            if (!CertificateBuilder.isIpLiteral(name)) {
                CertificateSigningRequest.checkDnsName(name, "hostnamesAndIps[" + i + "]");
            }
            b.addSan(name);
        }
        return b.sign(privateKey);
    }

    /**
     * Generates an EC P-256 key pair and issues a TLS server certificate for it.
     *
     * @param hostnamesAndIps host names and IP literals, at least one
     * @param validity how long from now the certificate is valid
     * @return the certificate and its key pair
     */
    public IssuedCertificate issueServerWithKey(List<String> hostnamesAndIps, Duration validity) {
        KeyPair keyPair = KeyPairs.generate(KeyAlgorithm.EC_P256);
        return new IssuedCertificate(issueServerCertificate(keyPair.getPublic(), hostnamesAndIps, validity), keyPair);
    }

    /** @return the CA's subject; never the private key */
    @Override
    public String toString() {
        return "CertificateAuthority[" + Names.rfc2253(certificate.getSubjectX500Principal()) + "]";
    }
}
