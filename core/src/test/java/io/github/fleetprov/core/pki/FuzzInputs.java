package io.github.fleetprov.core.pki;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * What the PEM, certificate and CSR fuzz tests share: the seeds' password, the wrapping of fuzzed DER
 * into PEM, and a warm-up.
 *
 * <p>Targets that fuzz DER take a first byte that picks a variant (a PEM block type, a password) and
 * wrap the remaining bytes, so that mutations act on the ASN.1 rather than on its Base64.
 */
final class FuzzInputs {

    /** The password of the encrypted seed keys. */
    static final char[] PASSWORD = "fleetprov".toCharArray();

    private FuzzInputs() {
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** The input without its variant byte. */
    static byte[] rest(byte[] data) {
        return data.length == 0 ? data : Arrays.copyOfRange(data, 1, data.length);
    }

    /** The variant byte, 0 for an empty input. */
    static int variant(byte[] data) {
        return data.length == 0 ? 0 : data[0] & 0xff;
    }

    /** Loads and links the readers' classes once, so that no input pays for the JVM's first use of them. */
    static void warmUp() {
        KeyPair pair = KeyPairs.generate();
        X509Certificate certificate = SelfSignedCertificates.create(pair, "warm-up", Duration.ofDays(1));
        CertificateSigningRequest csr = CertificateSigningRequest.create(pair, Subject.ofCommonName("warm-up"),
                List.of("warm-up.example.com"));
        Pem.readKeyPair(Pem.privateKeyToPem(pair.getPrivate(), PASSWORD.clone()), PASSWORD.clone());
        Pem.readKeyPair(Pem.privateKeyToPem(KeyPairs.generate(KeyAlgorithm.RSA_2048).getPrivate()));
        CertificateInfo.of(Pem.readCertificates(Pem.certificateToPem(certificate)).get(0));
        CertificateSigningRequest read = CertificateSigningRequest.parse(csr.toPem());
        List.of(read.subject(), read.publicKey(), read.dnsSans(), read.verifySignature(), read.toString());
    }
}
