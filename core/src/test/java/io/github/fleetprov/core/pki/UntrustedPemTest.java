package io.github.fleetprov.core.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.misc.MiscObjectIdentifiers;
import org.bouncycastle.asn1.misc.ScryptParams;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile and damaged input to the PEM and DER readers: each ends in {@link InvalidInputException}
 * naming the field, never in a {@link StackOverflowError}, a runtime exception of the JDK or Bouncy
 * Castle, or unbounded work.
 */
class UntrustedPemTest {

    private static final KeyPair EC = KeyPairs.generate();
    private static final BigInteger P256_ORDER = ((ECPrivateKey) EC.getPrivate()).getParams().getOrder();

    /** {@code depth} SEQUENCEs of indefinite length ({@code 30 80}), closed by their end-of-contents. */
    static byte[] nestedIndefinite(int depth) {
        byte[] b = new byte[depth * 4];
        for (int i = 0; i < depth; i++) {
            b[2 * i] = 0x30;
            b[2 * i + 1] = (byte) 0x80;
        }
        return b; // the second half stays 00 00 ... : the end-of-contents octets
    }

    /** {@code depth} SEQUENCEs with definite lengths around an INTEGER 0. */
    static byte[] nestedDefinite(int depth) {
        byte[] inner = {0x02, 0x01, 0x00};
        for (int i = 0; i < depth; i++) {
            inner = tlv(0x30, inner);
        }
        return inner;
    }

    static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    @Test
    void readCertificate_whenNestedIndefiniteLengths_refusesBeforeParsing() {
        String pem = pem("CERTIFICATE", nestedIndefinite(5_000));

        assertThatThrownBy(() -> Pem.readCertificate(pem))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("pem: not a valid X.509 certificate (not DER: an indefinite length (0x80)");
        assertThatThrownBy(() -> Pem.readCertificates(pem))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("indefinite length");
    }

    @Test
    void readCertificate_whenNestedDeeperThanAnyCertificate_refuses() {
        byte[] deep = nestedDefinite(40);

        assertThatThrownBy(() -> Pem.readCertificate(deep))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("der: not a valid X.509 certificate (not DER: it nests deeper than 32 levels");
        assertThatThrownBy(() -> Pem.readCertificate(Base64.getEncoder().encodeToString(deep)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("nests deeper than 32 levels");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY", "ENCRYPTED PRIVATE KEY"})
    void readPrivateKey_whenNestedIndefiniteLengths_refusesInEveryVariant(String type) {
        String pem = pem(type, nestedIndefinite(12_000));

        assertThatThrownBy(() -> Pem.readPrivateKey(pem))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("pem: not a valid " + type + " PEM block (not DER: an indefinite length");
        assertThatThrownBy(() -> Pem.readKeyPair(pem)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("indefinite length");
        assertThatThrownBy(() -> Pem.readPrivateKey(pem, "pw".toCharArray())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("indefinite length");
        assertThatThrownBy(() -> Pem.readKeyPair(pem, "pw".toCharArray())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("indefinite length");
    }

    @Test
    void parseCsr_whenNestedIndefiniteLengths_refuses() {
        String pem = pem("CERTIFICATE REQUEST", nestedIndefinite(12_000));

        assertThatThrownBy(() -> CertificateSigningRequest.parse(pem))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("pem: not a valid PKCS#10 certificate request (not DER: an indefinite length");
        assertThatThrownBy(() -> CertificateSigningRequest.fromDer(nestedDefinite(1_000)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("der: not a valid PKCS#10 certificate request (not DER: it nests deeper than 32");
    }

    @Test
    void readPrivateKey_whenDeepStructureHidesInsideTheKeyOctetString_refuses() {
        // PKCS#8: the key is an OCTET STRING that Bouncy Castle decodes after the outer structure.
        byte[] hidden = PrivateKeyInfoBytes.withKeyOctets(nestedIndefinite(12_000));

        assertThatThrownBy(() -> Pem.readPrivateKey(pem("PRIVATE KEY", hidden)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("pem: not a valid PRIVATE KEY PEM block (not DER: it nests deeper than 32");
    }

    @Test
    void readCertificate_whenLengthOverrunsItsValue_refuses() {
        byte[] overrun = {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x02, 0x01, 0x00};

        assertThatThrownBy(() -> Pem.readCertificate(overrun))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("overruns its enclosing value");
    }

    @Test
    void readers_whenTextOrDerLargerThanAnyRealOne_refuse() {
        String huge = "A".repeat(Pem.MAX_PEM_LENGTH + 1);
        byte[] bigDer = tlv(0x30, tlv(0x04, new byte[70_000]));

        assertThatThrownBy(() -> Pem.readCertificate(huge)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("more than the 1048576 a PEM reader accepts");
        assertThatThrownBy(() -> Pem.readPrivateKey(huge)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("more than the 1048576");
        assertThatThrownBy(() -> CertificateSigningRequest.parse(huge)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("more than the 1048576");
        assertThatThrownBy(() -> Pem.readCertificate(bigDer)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("more than the 65536 any real certificate, key or CSR takes");
        assertThatThrownBy(() -> Pem.readPrivateKey(pem("PRIVATE KEY", bigDer))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("more than the 65536");
    }

    @Test
    void readers_stillReadRealKeysCertificatesAndCsrs() throws Exception {
        X509CertificateRoundTrip.assertReads(EC);
        CertificateSigningRequest csr = CertificateSigningRequest.create(EC, Subject.ofCommonName("device-1"),
                java.util.List.of("device-1.example.com"));

        assertThat(CertificateSigningRequest.parse(csr.toPem())).isEqualTo(csr);
        assertThat(Pem.readCertificate(AmazonRootCas.rootCa1().getEncoded())).isEqualTo(AmazonRootCas.rootCa1());
        assertThat(Pem.readCertificate(AmazonRootCas.rootCa3().getEncoded())).isEqualTo(AmazonRootCas.rootCa3());
    }

    @Test
    void parseCsr_whenSubjectUtf8StringIsNotUtf8_refusesAtParseTime() {
        byte[] der = CertificateSigningRequest.create(EC, Subject.ofCommonName("device-1"), java.util.List.of()).toDer();
        int at = indexOf(der, "device-1".getBytes(StandardCharsets.US_ASCII));
        assertThat(at).isPositive();
        assertThat(der[at - 2]).isEqualTo((byte) 0x0c); // UTF8String
        der[at] = (byte) 0xc3;
        der[at + 1] = (byte) 0x28; // not a UTF-8 continuation byte

        assertThatThrownBy(() -> CertificateSigningRequest.fromDer(der))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("der: not a valid PKCS#10 certificate request");
    }

    // ------------------------------------------------------------------ EC keys

    @Test
    void readKeyPair_whenCurveOidChangedToPrime239v3_throwsNamingTheCurve() {
        byte[] der = EC.getPrivate().getEncoded();
        byte[] p256 = {0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07};
        int at = indexOf(der, p256);
        assertThat(at).isNotNegative();
        der[at + p256.length - 1] = 0x06; // 1.2.840.10045.3.1.6: prime239v3

        assertThatThrownBy(() -> Pem.readKeyPair(pem("PRIVATE KEY", der)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("pem: ")
                .hasMessageContaining("curve");
    }

    @ParameterizedTest
    @ValueSource(strings = {"zero", "order", "above order"})
    void readKeyPair_whenEcScalarOutsideOneToOrderMinusOne_throwsNamingTheScalar(String which) throws Exception {
        BigInteger s = switch (which) {
            case "zero" -> BigInteger.ZERO;
            case "order" -> P256_ORDER;
            default -> P256_ORDER.add(BigInteger.TEN);
        };
        byte[] der = new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                SECObjectIdentifiers.secp256r1), new org.bouncycastle.asn1.sec.ECPrivateKey(256, s)).getEncoded();

        assertThatThrownBy(() -> Pem.readKeyPair(pem("PRIVATE KEY", der)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("pem: ")
                .hasMessageContaining("scalar is outside [1, n-1]");
    }

    @Test
    void readKeyPair_whenEcScalarIsOrderMinusOne_reads() throws Exception {
        byte[] der = new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                SECObjectIdentifiers.secp256r1),
                new org.bouncycastle.asn1.sec.ECPrivateKey(256, P256_ORDER.subtract(BigInteger.ONE))).getEncoded();

        KeyPair pair = Pem.readKeyPair(pem("PRIVATE KEY", der));

        assertThat(KeyAlgorithm.of(pair.getPublic())).isEqualTo(KeyAlgorithm.EC_P256);
    }

    // ------------------------------------------------------------------ encrypted keys

    @Test
    void readPrivateKey_whenPbkdf2IterationsAboveBound_refusesBeforeDerivingTheKey() throws Exception {
        String pem = pem("ENCRYPTED PRIVATE KEY", pbkdf2Encrypted(5_000_000));

        assertThatThrownBy(() -> Pem.readPrivateKey(pem, "wrong".toCharArray()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("pem: the private key's PBKDF2 iteration count is 5000000, outside 1..1000000");
        assertThatThrownBy(() -> Pem.readPrivateKey(pem("ENCRYPTED PRIVATE KEY",
                pbkdf2Encrypted(Integer.MAX_VALUE)), "wrong".toCharArray()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("iteration count is 2147483647");
    }

    @Test
    void readPrivateKey_whenPbkdf2IterationsWithinBound_triesThePassword() throws Exception {
        String pem = pem("ENCRYPTED PRIVATE KEY", pbkdf2Encrypted(2_048));

        assertThatThrownBy(() -> Pem.readPrivateKey(pem, "wrong".toCharArray()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("password: cannot decrypt the private key in pem");
    }

    @Test
    void readPrivateKey_whenScryptCostAboveBound_refuses() throws Exception {
        String pem = pem("ENCRYPTED PRIVATE KEY", scryptEncrypted(1 << 21, 8, 1));

        assertThatThrownBy(() -> Pem.readPrivateKey(pem, "wrong".toCharArray()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("pem: the private key's scrypt cost parameter N is 2097152");
        assertThatThrownBy(() -> Pem.readPrivateKey(pem("ENCRYPTED PRIVATE KEY", scryptEncrypted(1 << 14, 8, 64)),
                "wrong".toCharArray()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("scrypt work N·r·p = 8388608");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1.2.840.113549.1.12.1.3", "1.2.840.113549.1.5.3", "1.2.840.113549.1.5.13"})
    void readPrivateKey_whenEncryptionParametersAreAShortSequence_refusesNamingTheParameters(String scheme)
            throws Exception {
        // A SEQUENCE holding only the salt: PKCS#12 PBE and PBES1 expect salt and iterations, PBES2 two
        // algorithm identifiers.
        AlgorithmIdentifier algorithm = new AlgorithmIdentifier(new ASN1ObjectIdentifier(scheme),
                new DERSequence(new DEROctetString(new byte[8])));
        String pem = pem("ENCRYPTED PRIVATE KEY", new EncryptedPrivateKeyInfo(algorithm, new byte[160]).getEncoded());

        assertThatThrownBy(() -> Pem.readPrivateKey(pem, "wrong".toCharArray()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("pem: the encryption parameters of the private key cannot be read");
    }

    private static byte[] pbkdf2Encrypted(int iterations) throws Exception {
        KeyDerivationFunc kdf = new KeyDerivationFunc(PKCSObjectIdentifiers.id_PBKDF2, new PBKDF2Params(new byte[16],
                iterations, 32, new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE)));
        return encrypted(kdf);
    }

    private static byte[] scryptEncrypted(int n, int r, int p) throws Exception {
        return encrypted(new KeyDerivationFunc(MiscObjectIdentifiers.id_scrypt, new ScryptParams(new byte[16], n, r, p, 32)));
    }

    private static byte[] encrypted(KeyDerivationFunc kdf) throws Exception {
        EncryptionScheme aes = new EncryptionScheme(NISTObjectIdentifiers.id_aes256_CBC, new DEROctetString(new byte[16]));
        AlgorithmIdentifier algorithm = new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2, new PBES2Parameters(kdf, aes));
        return new EncryptedPrivateKeyInfo(algorithm, new byte[160]).getEncoded();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    /** PKCS#8 around arbitrary key octets. */
    private static final class PrivateKeyInfoBytes {
        static byte[] withKeyOctets(byte[] keyOctets) {
            byte[] version = {0x02, 0x01, 0x00};
            byte[] algorithm = tlv(0x30, new byte[] {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01});
            byte[] octets = tlv(0x04, keyOctets);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(version);
            body.writeBytes(algorithm);
            body.writeBytes(octets);
            return tlv(0x30, body.toByteArray());
        }
    }

    /** A certificate of a key, written and read back. */
    private static final class X509CertificateRoundTrip {
        static void assertReads(KeyPair pair) {
            var cert = SelfSignedCertificates.create(pair, "device-1", Duration.ofDays(1));
            assertThat(Pem.readCertificate(Pem.certificateToPem(cert))).isEqualTo(cert);
            assertThat(Pem.readKeyPair(Pem.privateKeyToPem(pair.getPrivate())).getPublic()).isEqualTo(pair.getPublic());
        }
    }
}
