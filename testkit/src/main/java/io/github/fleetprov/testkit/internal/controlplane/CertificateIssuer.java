package io.github.fleetprov.testkit.internal.controlplane;

import static io.github.fleetprov.testkit.internal.controlplane.ControlPlaneRest.issueUntilEndOf2049;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.CertificateSigningRequest;
import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.pki.Subject;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * Issues the certificates AWS IoT signs itself (CreateKeysAndCertificate, CreateCertificateFromCsr,
 * CreateProvisioningClaim): valid until the end of 2049 and, with a generated key, for the subject
 * {@code CN=AWS IoT Certificate}, as AWS IoT issues them.
 */
final class CertificateIssuer {

    private final CertificateAuthority authority;
    private final KeyAlgorithm keyAlgorithm;

    CertificateIssuer(CertificateAuthority authority, KeyAlgorithm keyAlgorithm) {
        this.authority = Objects.requireNonNull(authority, "authority");
        this.keyAlgorithm = Objects.requireNonNull(keyAlgorithm, "issuedKeyAlgorithm");
    }

    /** A new key pair and its certificate. */
    IssuedCertificate issueWithKey() {
        return issueUntilEndOf2049(validity -> authority.issueWithKey(Subject.ofCommonName("AWS IoT Certificate"),
                keyAlgorithm, validity), IssuedCertificate::certificate);
    }

    /** A certificate for the key and subject of a signing request. */
    X509Certificate issue(CertificateSigningRequest csr) {
        return issueUntilEndOf2049(validity -> authority.issue(csr, validity), c -> c);
    }

    /** Writes the {@code keyPair} member of a response with an issued key. */
    static void putKeyPair(ObjectNode out, IssuedCertificate issued) {
        out.putObject("keyPair").put("PublicKey", Pem.publicKeyToPem(issued.keyPair().getPublic()))
                .put("PrivateKey", issued.privateKeyPem());
    }
}
